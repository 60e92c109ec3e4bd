import type { OutboundMessage } from '../../lib/messages.js';
import type { Notify } from '../../delivery/notify.js';
import type { Services } from '../../services/services.js';

export interface ConsoleNotice {
  /** The console user the message is for. */
  user: string;
  reply: OutboundMessage;
}

export interface ConsoleNotices {
  /** Delivers to the person's console account by keeping the message until the channel prints it. */
  notify: Notify;
  /** Delivers to a console account by its user id (the console's lane for announcements). */
  send(user: string, msg: OutboundMessage): Promise<void>;
  /** The messages kept since the last call, oldest first. */
  drain(): ConsoleNotice[];
}

/**
 * Bot-initiated messages for console users (an officer and a director scripted in one session):
 * the console channel prints them with the reply to the line that caused them.
 */
export function createConsoleNotices(services: Pick<Services, 'findConsoleAccount'>): ConsoleNotices {
  let kept: ConsoleNotice[] = [];
  return {
    async notify(personId, msg) {
      const account = await services.findConsoleAccount(personId);
      if (!account) return null;
      kept.push({ user: account.externalId, reply: msg });
      return { channel: 'console', externalId: account.externalId };
    },
    async send(user, msg) {
      kept.push({ user, reply: msg });
    },
    drain() {
      const out = kept;
      kept = [];
      return out;
    },
  };
}
