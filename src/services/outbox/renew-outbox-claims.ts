import type { Db } from '../../db/database.js';

/**
 * Renews the claims on rows a lane still holds (`sending`), so reconcile never hands a live
 * process's rows to another. Returns how many were renewed.
 */
export async function renewOutboxClaims(db: Db, o: { ids: readonly number[]; at: Date }): Promise<number> {
  const r = await db.outboxMessage.updateMany({ where: { id: { in: [...o.ids] }, status: 'sending' }, data: { lockedAt: o.at } });
  return r.count;
}
