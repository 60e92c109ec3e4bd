import type { Db } from '../../db/database.js';

/** A person's name as on record (null: no name given, or no such person). */
export async function findPersonName(db: Db, personId: number): Promise<string | null> {
  return (await db.person.findUnique({ where: { id: personId }, select: { name: true } }))?.name ?? null;
}
