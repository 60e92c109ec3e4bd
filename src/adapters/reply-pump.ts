import type { InboundMessage, OutboundMessage } from '../lib/messages.js';
import { SendBlockedError, SendUnreachableError } from '../delivery/retry-policy.js';
import type { Logger } from '../lib/logger.js';
import { KeyedQueue } from '../router/keyed-queue.js';
import type { Router } from '../router/router.js';

export interface ReplyPumpOptions {
  router: Router;
  send(chatId: string, msg: OutboundMessage): Promise<void>;
  logger: Logger;
  /** The user blocked the bot. */
  onBlocked?(chatId: string): Promise<void>;
  /** The platform will not deliver to the user for now (e.g. outside Zalo's interaction window). */
  onUnreachable?(chatId: string, reason: string): Promise<void>;
}

export interface ReplyPump {
  /** Handles one message and sends its replies; per chat in arrival order. Never rejects. */
  accept(msg: InboundMessage): Promise<void>;
  /** Resolves once every accepted message has been handled and answered (for shutdown and tests). */
  drain(): Promise<void>;
  readonly pending: number;
}

/**
 * For channels that acknowledge an update before handling it (webhooks that must answer fast,
 * polling that should not wait on one user): routes each message and sends the replies, one chat
 * at a time in order, and keeps count so that a shutdown can wait for the work in hand.
 */
export function createReplyPump(o: ReplyPumpOptions): ReplyPump {
  const chats = new KeyedQueue();
  const inFlight = new Set<Promise<void>>();

  async function handle(msg: InboundMessage): Promise<void> {
    const replies = await o.router.handle(msg);
    try {
      for (const r of replies) await o.send(msg.chatId, r);
    } catch (err) {
      if (err instanceof SendBlockedError && o.onBlocked) {
        o.logger.info({ chatId: msg.chatId }, 'user blocked the bot; marked opted out');
        await o.onBlocked(msg.chatId);
      } else if (err instanceof SendUnreachableError && o.onUnreachable) {
        o.logger.info({ chatId: msg.chatId, reason: err.reason }, 'user unreachable; marked until they write again');
        await o.onUnreachable(msg.chatId, err.reason);
      } else {
        throw err;
      }
    }
  }

  return {
    accept(msg) {
      const job = chats
        .run(`${msg.channel}:${msg.chatId}`, () => handle(msg))
        .catch((err: unknown) => o.logger.error({ err, channel: msg.channel, chatId: msg.chatId }, 'reply failed'));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      return job;
    },
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    get pending() {
      return inFlight.size;
    },
  };
}
