import type { Db } from '../../db/database.js';
import { OutboxStatus } from '../../generated/prisma/enums.js';

/** How many rows of the topics starting with `topicPrefix` are in each state (every state present). */
export async function outboxStats(db: Db, topicPrefix: string): Promise<Record<OutboxStatus, number>> {
  // starts_with, not LIKE: a prefix such as `reminder:zalo_oa` must not treat `_` as a wildcard.
  const rows = await db.$queryRaw<{ status: OutboxStatus; n: number }[]>`
    SELECT "status"::text AS "status", count(*)::int AS "n" FROM "OutboxMessage"
    WHERE starts_with("topic", ${topicPrefix})
    GROUP BY "status"`;
  const stats = Object.fromEntries(Object.values(OutboxStatus).map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const r of rows) stats[r.status] = Number(r.n);
  return stats;
}
