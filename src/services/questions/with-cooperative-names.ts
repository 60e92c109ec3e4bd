import type { Db } from '../../db/database.js';

/** Adds the name of each question's cooperative (questions keep only its id), in one query. */
export async function withCooperativeNames<Q extends { cooperativeId: number | null }>(
  db: Db,
  questions: Q[],
): Promise<(Q & { cooperativeName: string | null })[]> {
  const ids = [...new Set(questions.flatMap((q) => (q.cooperativeId === null ? [] : [q.cooperativeId])))];
  const names = new Map(
    ids.length ? (await db.cooperative.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((c) => [c.id, c.name] as const) : [],
  );
  return questions.map((q) => ({ ...q, cooperativeName: q.cooperativeId === null ? null : (names.get(q.cooperativeId) ?? null) }));
}
