import type { Db } from '../../db/database.js';

/** Records that the answer reached the asker (the first delivery counts). */
export async function markAnswerDelivered(db: Db, questionId: number, at: Date): Promise<void> {
  await db.question.updateMany({ where: { id: questionId, status: 'answered', deliveredAt: null }, data: { deliveredAt: at } });
}
