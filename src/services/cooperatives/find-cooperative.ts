import type { Db } from '../../db/database.js';

/** A cooperative's name and place (its commune, province and sector); throws when there is none. */
export async function findCooperative(db: Db, o: { cooperativeId: number }) {
  return db.cooperative.findUniqueOrThrow({ where: { id: o.cooperativeId }, select: { name: true, province: true, commune: true, sector: true } });
}
