import type { ChannelName } from '../../lib/messages.js';
import { accountOpen, CHANNELS, targetAccount, type Recipient } from './find-audience.js';

export interface Reach {
  /** How many people it will be sent to (the sum of byChannel). */
  total: number;
  /** Where those copies go: each person's target account's channel. */
  byChannel: Record<ChannelName, number>;
  /** Turned announcements off, or opted out of / blocked the bot on every account. */
  optedOut: number;
  /** Only Zalo OA accounts that have not written within 7 days, or accounts marked unreachable. */
  outsideWindow: number;
  /** No account the bot can write to at all. */
  noChannel: number;
}

export type ReachOutcome = { channel: ChannelName } | { skipped: 'optedOut' | 'outsideWindow' | 'noChannel' };

/** Whether one person gets the announcement, and on which channel; or why not. */
export function reachOf(r: Pick<Recipient, 'announcementsOffAt' | 'accounts'>, now: Date): ReachOutcome {
  if (r.announcementsOffAt) return { skipped: 'optedOut' };
  const target = targetAccount(r.accounts, now);
  if (target) return { channel: target.channel as ChannelName };
  const known = r.accounts.filter((a) => (CHANNELS as readonly string[]).includes(a.channel));
  if (known.length && known.every((a) => !accountOpen(a))) return { skipped: 'optedOut' };
  // Open accounts remain, yet none is in reach: Zalo OA's window, or the platform refused them.
  if (known.some(accountOpen)) return { skipped: 'outsideWindow' };
  return { skipped: 'noChannel' };
}

/** How many of the recipients an announcement reaches now, by channel, and why the others not. */
export function countReach(recipients: readonly Pick<Recipient, 'announcementsOffAt' | 'accounts'>[], now: Date): Reach {
  const reach: Reach = {
    total: 0,
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<ChannelName, number>,
    optedOut: 0,
    outsideWindow: 0,
    noChannel: 0,
  };
  for (const r of recipients) {
    const outcome = reachOf(r, now);
    if ('channel' in outcome) {
      reach.total++;
      reach.byChannel[outcome.channel]++;
    } else {
      reach[outcome.skipped]++;
    }
  }
  return reach;
}
