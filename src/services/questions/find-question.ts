import type { Db } from '../../db/database.js';
import type { Question } from '../../generated/prisma/client.js';
import { withCooperativeNames } from './with-cooperative-names.js';

/** One question with its cooperative's name, or null. */
export async function findQuestion(db: Db, id: number): Promise<(Question & { cooperativeName: string | null }) | null> {
  const q = await db.question.findUnique({ where: { id } });
  return q ? ((await withCooperativeNames(db, [q]))[0] ?? null) : null;
}
