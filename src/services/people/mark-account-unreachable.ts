import type { Db } from '../../db/database.js';

/**
 * The platform refused a bot-initiated message to this account (Zalo OA: no interaction within the
 * window, not a follower). Bot-initiated messages skip it until the user writes again.
 */
export async function markAccountUnreachable(db: Db, channel: string, externalId: string, reason: string, at = new Date()): Promise<void> {
  await db.channelAccount.updateMany({ where: { channel, externalId }, data: { unreachableAt: at, unreachableReason: reason.slice(0, 200) } });
}
