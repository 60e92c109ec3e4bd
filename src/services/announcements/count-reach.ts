import type { ChannelName } from '../../lib/messages.js';
import { zaloPhone } from '../../lib/phone.js';
import { accountOpen, CHANNELS, targetAccount, type Recipient } from './find-audience.js';

/** The outbox channel of announcements sent by Zalo's notification service (a template to a phone number). */
export const ZNS_CHANNEL = 'zns';

export interface Reach {
  /** How many people it will be sent to (the sum of byChannel, and of zns). */
  total: number;
  /** Where those copies go: each person's target account's channel. */
  byChannel: Record<ChannelName, number>;
  /** Copies sent by ZNS to a phone number (present only when ZNS has a template for this kind). */
  zns?: number;
  /** Turned announcements off, or opted out of / blocked the bot on every account. */
  optedOut: number;
  /** Only Zalo OA accounts that have not written within 7 days, or accounts marked unreachable. */
  outsideWindow: number;
  /** No account the bot can write to at all. */
  noChannel: number;
}

export type ReachOutcome = { channel: ChannelName } | { zns: string } | { skipped: 'optedOut' | 'outsideWindow' | 'noChannel' };

/** What reachOf needs of a person; phone and consent only matter for ZNS. */
export type ReachPerson = Pick<Recipient, 'announcementsOffAt' | 'accounts'> & Partial<Pick<Recipient, 'phone' | 'privacyConsentAt'>>;

/**
 * The phone number (Zalo's form, 84…) ZNS may send this person an announcement at, when no chat
 * account reaches them: they kept announcements on, opted out of / blocked the bot on none of
 * their accounts, gave a mobile number at onboarding and agreed to the privacy notice.
 */
export function znsPhoneOf(r: ReachPerson): string | undefined {
  if (r.announcementsOffAt || !r.phone || !r.privacyConsentAt) return undefined;
  if (!r.accounts.every(accountOpen)) return undefined;
  return zaloPhone(r.phone);
}

/**
 * Whether one person gets the announcement, and on which channel; or why not. `zns`: a ZNS
 * template is configured for the announcement's kind, so a person no chat account reaches gets it
 * by ZNS at their phone number (see znsPhoneOf).
 */
export function reachOf(r: ReachPerson, now: Date, zns = false): ReachOutcome {
  if (r.announcementsOffAt) return { skipped: 'optedOut' };
  const target = targetAccount(r.accounts, now);
  if (target) return { channel: target.channel as ChannelName };
  const known = r.accounts.filter((a) => (CHANNELS as readonly string[]).includes(a.channel));
  if (known.length && known.every((a) => !accountOpen(a))) return { skipped: 'optedOut' };
  const phone = zns ? znsPhoneOf(r) : undefined;
  if (phone) return { zns: phone };
  // Open accounts remain, yet none is in reach: Zalo OA's window, or the platform refused them.
  if (known.some(accountOpen)) return { skipped: 'outsideWindow' };
  return { skipped: 'noChannel' };
}

/**
 * How many of the recipients an announcement reaches now, by channel, and why the others not.
 * `zns`: ZNS has a template for the announcement's kind (the reach then counts its copies).
 */
export function countReach(recipients: readonly ReachPerson[], now: Date, zns = false): Reach {
  const reach: Reach = {
    total: 0,
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<ChannelName, number>,
    ...(zns ? { zns: 0 } : {}),
    optedOut: 0,
    outsideWindow: 0,
    noChannel: 0,
  };
  for (const r of recipients) {
    const outcome = reachOf(r, now, zns);
    if ('channel' in outcome) {
      reach.total++;
      reach.byChannel[outcome.channel]++;
    } else if ('zns' in outcome) {
      reach.total++;
      reach.zns = (reach.zns ?? 0) + 1;
    } else {
      reach[outcome.skipped]++;
    }
  }
  return reach;
}
