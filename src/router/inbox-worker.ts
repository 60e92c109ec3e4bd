import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { InboundMessage, OutboundMessage } from '../lib/messages.js';
import { SendBlockedError, SendDeferredError, SendUnreachableError } from '../delivery/retry-policy.js';
import type { Logger } from '../lib/logger.js';
import { ConversationConflictError } from '../services/conversations/conversation.js';
import { InboxEventHandledError } from '../services/inbox/settle-inbox-event.js';
import type { Services } from '../services/services.js';
import { KeyedQueue } from './keyed-queue.js';
import type { Router } from './router.js';

/** One authenticated platform update, as an adapter hands it to the inbox. */
export interface InboxEvent {
  channel: InboundMessage['channel'];
  /** The platform's id of the update (unique per channel). */
  eventId: string;
  chatId: string;
  /** The message to route, if any. */
  msg?: InboundMessage;
  /** A Zalo OA follow (true) or unfollow (false) by this user, recorded before the message is routed. */
  follow?: { userId: string; following: boolean };
}

/** Where adapters put what they receive: stored before the platform is answered. */
export interface Inbox {
  /** Stores the event (false: it was there already, a redelivery) and wakes the worker. */
  accept(e: InboxEvent): Promise<boolean>;
  /** Resolves once nothing is waiting in the inbox (events to handle, replies to send) and nothing is in hand. */
  idle(timeoutMs?: number): Promise<void>;
}

/** How the worker answers on one channel. */
export interface ReplyTarget {
  send(chatId: string, msg: OutboundMessage): Promise<unknown>;
  /** The user blocked the bot. */
  onBlocked?(chatId: string): Promise<void>;
  /** The platform will not deliver to the user for now (Zalo's interaction window). */
  onUnreachable?(chatId: string, reason: string): Promise<void>;
  /** A follow or unfollow event (Zalo OA). */
  onFollow?(userId: string, following: boolean): Promise<void>;
}

export interface InboxWorker extends Inbox {
  /** Starts handling the inbox for these channels (also what earlier runs left). */
  start(targets: Partial<Record<InboundMessage['channel'], ReplyTarget>>): Promise<void>;
  /** Takes no new chat, lets the chats in hand finish, gives their leases back. */
  stop(): Promise<void>;
}

export interface InboxWorkerOptions {
  services: Services;
  router: Router;
  logger: Logger;
  /** How long a chat's lease lasts without renewal: a dead process's chats are taken over after it. */
  leaseMs?: number;
  /** How often the inbox is looked at for work this process was not woken for (other processes, crashes). */
  pollMs?: number;
  /** Chats handled side by side. */
  concurrency?: number;
  /** Attempts at an event whose handling fails outside the router's error boundary. */
  maxAttempts?: number;
  /** Test hook (HTX_CRASH_AT): the process kills itself (SIGKILL) at this named point. */
  crashAt?: string;
}

/** Crash points of the HTX_CRASH_AT hook, in the order an event passes them. */
export const CRASH_POINTS = ['before-handle', 'before-settle', 'after-settle', 'after-send'] as const;

type StoredDocument = { filename: string; path?: string; mimeType?: string; base64?: string };

/** A reply as JSON (a document's bytes as base64). */
export function encodeReply(msg: OutboundMessage): unknown {
  if (!msg.document?.content) return msg;
  const { content, ...doc } = msg.document;
  return { ...msg, document: { ...doc, base64: Buffer.from(content).toString('base64') } };
}

export function decodeReply(json: unknown): OutboundMessage {
  const msg = json as OutboundMessage & { document?: StoredDocument };
  if (!msg.document?.base64) return msg;
  const { base64, ...doc } = msg.document;
  return { ...msg, document: { ...doc, content: Buffer.from(base64, 'base64') } };
}

function decodeMessage(json: unknown): InboundMessage | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const m = json as InboundMessage & { receivedAt: string };
  return { ...m, receivedAt: new Date(m.receivedAt) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The durable inbox. Adapters store every authenticated update here before they acknowledge it;
 * the worker then handles it: one chat at a time across processes (a per-chat lease in the
 * database, renewed while held, taken over when it expires), the oldest unhandled event of a chat
 * first. Each event is settled in one transaction — conversation change, replies recorded,
 * handled mark — then its replies are sent at once (not behind any broadcast) and marked sent.
 * Replies recorded but not sent (a crash between the two) are sent first when the chat is next
 * taken.
 */
export function createInboxWorker(o: InboxWorkerOptions): InboxWorker {
  const log = o.logger.child({ component: 'inbox' });
  const { services } = o;
  const leaseMs = o.leaseMs ?? 30_000;
  const pollMs = o.pollMs ?? 1000;
  const concurrency = o.concurrency ?? 8;
  const maxAttempts = o.maxAttempts ?? 5;
  const host = hostname();
  const owner = `${host}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const stores = new KeyedQueue();
  const active = new Map<string, Promise<void>>();
  const backoff = new Map<string, number>();
  let targets: Partial<Record<string, ReplyTarget>> = {};
  let running = false;
  let ticking: Promise<void> | null = null;
  let again = false;
  let poller: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  async function crash(point: (typeof CRASH_POINTS)[number]): Promise<void> {
    if (o.crashAt !== point) return;
    log.warn({ point }, 'HTX_CRASH_AT: killing this process');
    await new Promise((r) => setTimeout(r, 100)); // lets an acknowledgement in flight leave
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  }

  /** Leases of processes on this machine that are gone are dropped at once (no wait for expiry). */
  async function dropDeadLeases(): Promise<void> {
    const owners = await services.listChatLeaseOwners();
    const dead = owners.filter((w) => {
      const [h, pid] = w.split(':');
      return h === host && Number(pid) !== process.pid && Number(pid) > 0 && !alive(Number(pid));
    });
    if (dead.length) log.info({ owners: dead.length, dropped: await services.dropChatLeases(dead) }, 'leases of dead processes dropped');
  }

  async function deliver(rows: { id: number; chatId: string; channel: string; msg: OutboundMessage }[]): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const target = targets[r.channel]!;
      try {
        await target.send(r.chatId, r.msg);
        await crash('after-send');
        await services.markInboxReplySent(r.id, 'sent');
      } catch (err) {
        const blocked = err instanceof SendBlockedError;
        const unreachable = err instanceof SendUnreachableError;
        if (blocked && target.onBlocked) {
          log.info({ channel: r.channel, chatId: r.chatId }, 'user blocked the bot; marked opted out');
          await target.onBlocked(r.chatId);
        } else if (unreachable && target.onUnreachable) {
          log.info({ channel: r.channel, chatId: r.chatId, reason: err.reason }, 'user unreachable; marked until they write again');
          await target.onUnreachable(r.chatId, err.reason);
        } else if (err instanceof SendDeferredError) {
          // The sending account's quota or package (Zalo OA), not the user's doing: the account is
          // left as it is; a reply is not worth sending hours late, so it is given up.
          log.warn({ channel: r.channel, chatId: r.chatId, reason: err.reason }, 'reply refused for the sending account (quota or package); given up');
        } else {
          log.error({ err, channel: r.channel, chatId: r.chatId }, 'reply failed');
        }
        const outcome = blocked ? 'blocked' : unreachable ? 'unreachable' : 'failed';
        // The rest of this answer would fail the same way: given up with it.
        for (const rest of rows.slice(i)) await services.markInboxReplySent(rest.id, outcome);
        return;
      }
    }
  }

  async function handleEvent(event: { id: number; channel: string; payload: unknown }, chatKey: string): Promise<void> {
    const payload = (event.payload ?? {}) as { msg?: unknown; follow?: { userId: string; following: boolean } };
    const target = targets[event.channel]!;
    const msg = decodeMessage(payload.msg);
    const chatId = chatKey.slice(event.channel.length + 1);
    await crash('before-handle');
    if (payload.follow && target.onFollow) await target.onFollow(payload.follow.userId, payload.follow.following);
    let settled: { ids: number[]; replies: OutboundMessage[] } | null = null;
    const settle = async (conversation: Parameters<Parameters<Router['handleInbox']>[1]>[0], replies: OutboundMessage[]) => {
      await crash('before-settle');
      const ids = await services.settleInboxEvent({ inboxId: event.id, channel: event.channel, chatId, conversation, replies: replies.map(encodeReply) });
      settled = { ids, replies };
    };
    if (msg) await o.router.handleInbox(msg, settle);
    else await settle(null, []);
    await crash('after-settle');
    const done = settled as { ids: number[]; replies: OutboundMessage[] } | null;
    if (done) await deliver(done.ids.map((id, i) => ({ id, chatId, channel: event.channel, msg: done.replies[i]! })));
  }

  async function runChat(chatKey: string): Promise<void> {
    try {
      while (running) {
        const work = await services.nextInboxWork(chatKey);
        if (work.replies.length) {
          log.info({ chatKey, replies: work.replies.length }, 'sending replies recorded before a restart');
          await deliver(work.replies.map((r) => ({ id: r.id, chatId: r.chatId, channel: r.channel, msg: decodeReply(r.message) })));
          continue;
        }
        const event = work.event;
        if (!event) break;
        try {
          await handleEvent(event, chatKey);
        } catch (err) {
          if (err instanceof InboxEventHandledError) continue;
          const gaveUp = await services.failInboxEvent(event.id, maxAttempts).catch(() => false);
          log.error({ err, chatKey, inboxId: event.id, attempts: event.attempts + 1, gaveUp }, 'handling an inbox event failed');
          if (!(err instanceof ConversationConflictError)) backoff.set(chatKey, Date.now() + Math.min(30_000, 500 * 2 ** event.attempts));
          break;
        }
      }
    } finally {
      await services.releaseChatLease(chatKey, owner).catch((err: unknown) => log.warn({ err, chatKey }, 'releasing a chat lease failed'));
    }
  }

  async function tickOnce(): Promise<void> {
    const free = concurrency - active.size;
    if (free <= 0) return;
    const now = Date.now();
    const chats = await services.listInboxChats(concurrency * 4, Object.keys(targets));
    let started = 0;
    for (const chatKey of chats) {
      if (started >= free || !running) break;
      if (active.has(chatKey) || !targets[chatKey.slice(0, chatKey.indexOf(':'))]) continue;
      if ((backoff.get(chatKey) ?? 0) > now) continue;
      backoff.delete(chatKey);
      if (!(await services.claimChatLease(chatKey, owner, leaseMs))) continue;
      started++;
      const job = runChat(chatKey)
        .catch((err: unknown) => log.error({ err, chatKey }, 'inbox chat failed'))
        .finally(() => {
          active.delete(chatKey);
          wake(); // a slot is free, and this chat may have received more meanwhile
        });
      active.set(chatKey, job);
    }
  }

  function wake(): void {
    if (!running) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = (async () => {
      do {
        again = false;
        try {
          await tickOnce();
        } catch (err) {
          log.warn({ err }, 'looking for inbox work failed');
        }
      } while (again && running);
    })().finally(() => {
      ticking = null;
    });
  }

  return {
    async accept(e) {
      const chatKey = `${e.channel}:${e.chatId}`;
      // One chat's events are stored in the order they arrived here (polling hands a batch at once).
      const fresh = await stores.run(chatKey, () =>
        services.storeInboxEvent({ channel: e.channel, eventId: e.eventId, chatId: e.chatId, payload: { msg: e.msg, follow: e.follow } }),
      );
      if (!fresh) log.info({ channel: e.channel, eventId: e.eventId }, 'duplicate event ignored');
      else wake();
      return fresh;
    },
    async start(t) {
      targets = t;
      running = true;
      await dropDeadLeases().catch((err: unknown) => log.warn({ err }, 'looking for dead leases failed'));
      poller = setInterval(wake, pollMs);
      poller.unref();
      heartbeat = setInterval(
        () => {
          if (active.size) void services.renewChatLeases(owner, leaseMs).catch((err: unknown) => log.warn({ err }, 'renewing chat leases failed'));
          void dropDeadLeases().catch(() => {});
        },
        Math.max(1000, Math.floor(leaseMs / 3)),
      );
      heartbeat.unref();
      wake();
    },
    async stop() {
      running = false;
      clearInterval(poller);
      clearInterval(heartbeat);
      await ticking;
      await Promise.allSettled([...active.values()]);
    },
    async idle(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await ticking;
        await Promise.allSettled([...active.values()]);
        if (!active.size && !ticking && (await services.countInboxPending()) === 0) return;
        if (Date.now() > until) throw new Error('the inbox did not empty in time');
        wake();
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
