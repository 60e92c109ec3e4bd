import type { Db } from '../../db/database.js';
import type { Question } from '../../generated/prisma/client.js';
import { questionsCoveredBy, type Jurisdiction } from '../access/jurisdiction.js';
import { withCooperativeNames } from './with-cooperative-names.js';

export interface OpenQuestions {
  questions: (Question & { cooperativeName: string | null })[];
  /** All open questions in the jurisdiction (may exceed the ones returned). */
  total: number;
}

/** The open questions an officer or admin is responsible for (access/jurisdiction.ts), oldest first. */
export async function listOpenQuestions(db: Db, j: Jurisdiction, limit: number): Promise<OpenQuestions> {
  const where = { status: 'open' as const, ...questionsCoveredBy(j) };
  const [rows, total] = await Promise.all([
    db.question.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit }),
    db.question.count({ where }),
  ]);
  return { questions: await withCooperativeNames(db, rows), total };
}
