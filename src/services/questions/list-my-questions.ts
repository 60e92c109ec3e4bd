import type { Db } from '../../db/database.js';
import type { Question } from '../../generated/prisma/client.js';

/** A person's own questions with their answers, newest first (an answer never lost to delivery). */
export function listMyQuestions(db: Db, askerId: number, limit: number): Promise<Question[]> {
  return db.question.findMany({ where: { askerId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}
