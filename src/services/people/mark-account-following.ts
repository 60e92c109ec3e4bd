import type { Db } from '../../db/database.js';

/**
 * A Zalo OA follow or unfollow: following opts the account back in (and makes it reachable);
 * unfollowing opts it out of announcements and marks it unreachable. Unknown accounts are left
 * alone (a new follower's account is created when their greeting is handled).
 */
export async function markAccountFollowing(db: Db, channel: string, externalId: string, following: boolean, at = new Date()): Promise<void> {
  await db.channelAccount.updateMany({
    where: { channel, externalId },
    data: following
      ? { optedOut: false, blockedAt: null, unreachableAt: null, unreachableReason: null }
      : { optedOut: true, unreachableAt: at, unreachableReason: 'unfollowed' },
  });
}
