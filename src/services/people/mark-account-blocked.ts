import type { Db } from '../../db/database.js';

/** The user blocked the bot (Telegram 403): stop all bot-initiated messages to this account. */
export async function markAccountBlocked(db: Db, channel: string, externalId: string, at = new Date()): Promise<void> {
  await db.channelAccount.updateMany({ where: { channel, externalId }, data: { optedOut: true, blockedAt: at } });
}
