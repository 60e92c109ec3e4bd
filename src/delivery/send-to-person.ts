import type { OutboundMessage } from '../lib/messages.js';
import type { Logger } from '../lib/logger.js';
import type { Services } from '../services/services.js';
import { SendBlockedError, SendDeferredError, SendUnreachableError } from './retry-policy.js';

/** Sends one message to a platform account (a channel's `send`); may resolve with the platform's message id. */
export type ChannelSender = (externalId: string, msg: OutboundMessage) => Promise<string | undefined | void>;

/** Replaces a message sent earlier (platforms that allow it: Telegram). */
export type ChannelEditor = (externalId: string, messageId: string, msg: OutboundMessage) => Promise<void>;

export interface SendToPersonOptions {
  services: Pick<Services, 'listReachableAccounts' | 'markAccountBlocked' | 'markAccountUnreachable'>;
  /** The channels this process serves, by channel name. */
  senders: Partial<Record<string, ChannelSender>>;
  personId: number;
  msg: OutboundMessage;
  logger: Logger;
  /** An account's state changed (blocked, unreachable), so caches can forget it. */
  onAccountChanged?(channel: string, externalId: string): void;
}

/**
 * Delivers a bot-initiated message (an announcement, an officer's answer) to a person on their
 * most recently active reachable account. When the platform refuses that account (blocked, Zalo's
 * window closed) it is marked and the next one is tried. Returns where the message went, or null
 * when no account could take it. Other failures (the platform down) are thrown for the caller to
 * retry later. When a platform takes the message only later (Zalo OA quota or package, night ban)
 * the account is left as it is and the next one is tried; if none took it, that refusal is thrown
 * (SendDeferredError: the outbox waits hours without counting it as an attempt).
 */
export async function sendToPerson(o: SendToPersonOptions): Promise<{ channel: string; externalId: string } | null> {
  let deferred: SendDeferredError | null = null;
  for (const account of await o.services.listReachableAccounts(o.personId)) {
    const send = o.senders[account.channel];
    if (!send) continue;
    try {
      await send(account.externalId, o.msg);
      return { channel: account.channel, externalId: account.externalId };
    } catch (err) {
      if (err instanceof SendDeferredError) {
        o.logger.info({ personId: o.personId, channel: account.channel, reason: err.reason }, 'platform takes this later; trying the next account');
        deferred ??= err;
        continue;
      }
      if (err instanceof SendUnreachableError) {
        await o.services.markAccountUnreachable(account.channel, account.externalId, err.reason);
      } else if (err instanceof SendBlockedError) {
        await o.services.markAccountBlocked(account.channel, account.externalId);
      } else {
        throw err;
      }
      o.logger.info(
        { personId: o.personId, channel: account.channel, reason: err instanceof SendUnreachableError ? err.reason : 'blocked' },
        'account refused a message; trying the next',
      );
      o.onAccountChanged?.(account.channel, account.externalId);
    }
  }
  if (deferred) throw deferred;
  return null;
}
