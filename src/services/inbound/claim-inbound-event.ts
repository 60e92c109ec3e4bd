import type { Db } from '../../db/database.js';

/**
 * Records a platform event id; false when it was already handled (a webhook retried, or polling
 * re-delivered an update after a crash), so that each event is processed once.
 */
export async function claimInboundEvent(db: Db, channel: string, eventId: string): Promise<boolean> {
  const inserted = await db.$executeRaw`
    insert into "InboundEvent" ("channel", "eventId") values (${channel}, ${eventId})
    on conflict do nothing`;
  return inserted === 1;
}
