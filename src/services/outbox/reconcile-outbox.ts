import type { Db } from '../../db/database.js';

/**
 * Puts back rows left in `sending` by a worker that died (crash, kill, lost connection) once
 * their lease expired (`lockedAt` older than `now − leaseMs`): they become `pending`, due now.
 *
 * Delivery is therefore at least once. The one case that sends a message twice is a worker
 * killed after the platform accepted the message but before the row was marked `sent`: nothing
 * can tell that row from one whose send never happened, and it is sent again. For reminders that
 * is the safe side (a second reminder is better than a silent miss). The lease must be longer
 * than a worker can take to send what it claimed, or a slow worker's rows are sent twice too.
 * Returns how many rows were put back.
 */
export async function reconcileOutbox(db: Db, o: { now: Date; leaseMs: number }): Promise<number> {
  const r = await db.outboxMessage.updateMany({
    where: { status: 'sending', lockedAt: { lt: new Date(o.now.getTime() - o.leaseMs) } },
    data: { status: 'pending', availableAt: o.now, lockedAt: null },
  });
  return r.count;
}
