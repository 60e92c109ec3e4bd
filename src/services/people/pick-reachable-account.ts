import type { Db } from '../../db/database.js';

export interface ReachableAccount {
  id: number;
  channel: string;
  externalId: string;
  lastInboundAt: Date | null;
}

/**
 * Where a bot-initiated message to this person should go: an account that has not opted out or
 * blocked the bot, is not marked unreachable (or the user wrote after the mark), and is not the
 * console; the most recently active first (never-active last). Null when there is none.
 */
export async function pickReachableAccount(db: Db, personId: number): Promise<ReachableAccount | null> {
  const candidates = await db.channelAccount.findMany({
    where: { personId, optedOut: false, blockedAt: null, channel: { not: 'console' } },
    select: { id: true, channel: true, externalId: true, lastInboundAt: true, unreachableAt: true },
    orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
  });
  const best = candidates.find((a) => !a.unreachableAt || (a.lastInboundAt !== null && a.lastInboundAt > a.unreachableAt));
  if (!best) return null;
  return { id: best.id, channel: best.channel, externalId: best.externalId, lastInboundAt: best.lastInboundAt };
}
