import type { Db } from '../../db/database.js';

/** "Hữu ích / Chưa đúng" on an answer, with the question that led to it when known. */
export async function recordFeedback(db: Db, o: { articleId: string; personId: number; helpful: boolean; question?: string }): Promise<void> {
  await db.answerFeedback.create({ data: { articleId: o.articleId, personId: o.personId, helpful: o.helpful, question: o.question?.slice(0, 1000) } });
}
