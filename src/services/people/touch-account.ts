import type { Db } from '../../db/database.js';
import { storedDisplayName } from './find-or-create-account.js';

/**
 * Records that the user wrote; refreshes the platform language when it changed. Writing makes the
 * account reachable again, so a past "unreachable" mark is cleared.
 */
export async function touchAccount(db: Db, accountId: number, o: { at: Date; platformLocale?: string; displayName?: string }): Promise<void> {
  const platformLocale = storedDisplayName(o.platformLocale)?.slice(0, 35);
  const displayName = storedDisplayName(o.displayName);
  await db.channelAccount.update({
    where: { id: accountId },
    data: {
      lastInboundAt: o.at,
      unreachableAt: null,
      unreachableReason: null,
      ...(platformLocale ? { platformLocale } : {}),
      ...(displayName ? { displayName } : {}),
    },
  });
}
