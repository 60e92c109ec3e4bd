import type { Db } from '../../db/database.js';

export interface ReachableAccount {
  id: number;
  channel: string;
  externalId: string;
  lastInboundAt: Date | null;
}

/**
 * Where bot-initiated messages to this person may go, best first: accounts that have not opted out
 * or blocked the bot, are not marked unreachable (or the user wrote after the mark), and are not
 * the console; the most recently active first (never-active last).
 */
export async function listReachableAccounts(db: Db, personId: number): Promise<ReachableAccount[]> {
  const candidates = await db.channelAccount.findMany({
    where: { personId, optedOut: false, blockedAt: null, channel: { not: 'console' } },
    select: { id: true, channel: true, externalId: true, lastInboundAt: true, unreachableAt: true },
    orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
  });
  return candidates
    .filter((a) => !a.unreachableAt || (a.lastInboundAt !== null && a.lastInboundAt > a.unreachableAt))
    .map((a) => ({ id: a.id, channel: a.channel, externalId: a.externalId, lastInboundAt: a.lastInboundAt }));
}

/** The account a bot-initiated message to this person should go to, or null when none is reachable. */
export async function pickReachableAccount(db: Db, personId: number): Promise<ReachableAccount | null> {
  return (await listReachableAccounts(db, personId))[0] ?? null;
}
