import type { Db } from '../../db/database.js';

/** The person's console account (a local user, a scripted one in tests), if they have one. */
export async function findConsoleAccount(db: Db, personId: number): Promise<{ externalId: string } | null> {
  return db.channelAccount.findFirst({
    where: { personId, channel: 'console', optedOut: false },
    orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    select: { externalId: true },
  });
}
