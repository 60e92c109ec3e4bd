import type { Db } from '../../db/database.js';

/**
 * How many messages went out on a channel since an instant, in every process (the outbox rows
 * marked sent): ZNS's daily budget counts today's sends with it.
 */
export async function countChannelSent(db: Db, o: { channel: string; since: Date }): Promise<number> {
  return db.outboxMessage.count({ where: { channel: o.channel, status: 'sent', sentAt: { gte: o.since } } });
}
