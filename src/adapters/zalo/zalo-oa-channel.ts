import { readFile } from 'node:fs/promises';
import type { OutboundMessage } from '../../lib/messages.js';
import { sendWithRetry, SendUnreachableError, type RetryOptions, type SendFailure } from '../../delivery/retry-policy.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { Inbox } from '../../router/inbox-worker.js';
import { createZaloOaClient, ZaloOaApiError, ZaloOaAuthError, type OaTokenSource, type ZaloOaClient } from './oa-api-client.js';
import { unknownShapeLog } from '../platform-body.js';
import { mapOaEvent, OaEventSchema } from './oa-event.js';
import { toOaSends } from './oa-render.js';
import { oaSignatureOf, verifyOaSignature } from './oa-signature.js';

export const ZALO_OA_WEBHOOK_PATH = '/zalo/oa/webhook';
/** Events older (or further in the future) than this are refused as replays. */
export const OA_MAX_EVENT_AGE_MS = 300_000;

export interface ZaloOaChannelOptions {
  appId: string;
  appSecret: string;
  /** The "OA Secret Key" of the app's webhook settings (signs events). */
  oaSecretKey: string;
  apiRoot: string;
  oauthRoot: string;
  tokens: OaTokenSource;
  /** Where events are stored before they are acknowledged (then handled and answered from there). */
  inbox: Inbox;
  logger: Logger;
  translator: (locale: Locale) => T;
  maxEventAgeMs?: number;
  retry?: RetryOptions;
  now?: () => number;
}

export interface ZaloOaChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The refusal of a webhook call without a well-formed `X-ZEvent-Signature` header (401), or null.
   * Checked from the headers alone, before the body is read: the signature itself covers the body
   * and its timestamp, so it is verified by handleWebhook over the raw bytes.
   */
  refuseWebhook(headers: Record<string, string | string[] | undefined>): { status: number; body: string } | null;
  handleWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<{ status: number; body: string }>;
  send(userId: string, msg: OutboundMessage): Promise<void>;
  idle(): Promise<void>;
  client: ZaloOaClient;
  status(): { mode: string; ok: boolean; error?: string };
}

/** Zalo's refusals that depend on the user (window, follow, restrictions): never retried. */
const UNREACHABLE: Record<number, string> = {
  [-213]: 'not_follower',
  [-217]: 'blocked',
  [-227]: 'inactive',
  [-230]: 'outside_window',
  [-232]: 'outside_window',
  [-234]: 'night_ban',
  [-244]: 'restricted',
};

/** How an OA failure is handled: -32 (rate limit) and passing faults retried, window errors marked. */
export function classifyOaError(error: unknown): SendFailure {
  if (error instanceof ZaloOaApiError) {
    // -32 is Zalo's rate limit; a proxy in front may answer a plain HTTP 429 instead.
    if (error.code === -32 || error.code === 429) return { kind: 'retry', afterMs: 2000 };
    const reason = UNREACHABLE[error.code];
    if (reason) return { kind: 'unreachable', reason };
    if (error.code >= 500) return { kind: 'retry' };
    return { kind: 'fatal' };
  }
  if (error instanceof ZaloOaAuthError) return { kind: 'fatal' };
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'TypeError') return { kind: 'retry' };
  return { kind: 'fatal' };
}

/** The event name of an unverified body, for the log: a short name or its type, never anything else. */
const eventName = (body: Record<string, unknown>): string =>
  typeof body.event_name === 'string' && /^[a-z0-9_.]{1,40}$/i.test(body.event_name) ? body.event_name : typeof body.event_name;

const reply = (status: number, error?: string) => ({ status, body: JSON.stringify(error ? { error } : { ok: true }) });

/**
 * The Zalo Official Account channel. Events arrive on a webhook signed with the OA secret key; the
 * bot answers 200 at once and handles the event afterwards. Replies are customer-service messages
 * with quick-reply buttons; files are uploaded then sent. The access token is refreshed before it
 * expires (single-flight, rotation persisted by the token source), and once more on -216/-220.
 */
export function createZaloOaChannel(o: ZaloOaChannelOptions): ZaloOaChannel {
  const log = o.logger.child({ channel: 'zalo_oa' });
  const unknownEvent = unknownShapeLog(log, 'unrecognised zalo oa event acknowledged');
  const now = o.now ?? Date.now;
  const client = createZaloOaClient({ appId: o.appId, appSecret: o.appSecret, apiRoot: o.apiRoot, oauthRoot: o.oauthRoot, tokens: o.tokens, now });
  const state: { ok: boolean; error?: string } = { ok: false };

  async function attempt<R>(what: () => Promise<R>, userId: string): Promise<R> {
    try {
      const r = await sendWithRetry(what, classifyOaError, {
        ...o.retry,
        onRetry: ({ attempt: n, delayMs, error }) => log.warn({ userId, attempt: n, delayMs, err: error }, 'zalo oa send retried'),
      });
      state.ok = true;
      state.error = undefined;
      return r;
    } catch (err) {
      if (err instanceof ZaloOaAuthError) {
        state.ok = false;
        state.error = err.message;
      }
      throw err;
    }
  }

  async function send(userId: string, msg: OutboundMessage): Promise<void> {
    const t = o.translator(msg.locale ?? 'vi');
    for (const s of toOaSends(msg, t)) {
      if (s.kind === 'file') {
        const doc = s.document;
        const content = doc.content ?? (await readFile(doc.path!));
        await attempt(async () => {
          const token = await client.uploadFile(doc.filename, content, doc.mimeType);
          return client.sendMessage(userId, { attachment: { type: 'file', payload: { token } } });
        }, userId);
        continue;
      }
      try {
        await attempt(() => client.sendMessage(userId, s.message), userId);
      } catch (err) {
        if (!s.optional || err instanceof SendUnreachableError) throw err;
        log.warn({ userId, err }, 'optional zalo oa message refused; the reply went without it');
      }
    }
  }

  return {
    client,
    async start() {
      try {
        await client.accessToken();
        state.ok = true;
        log.info('zalo oa ready (access token valid)');
      } catch (err) {
        if (err instanceof ZaloOaAuthError) throw err;
        state.error = (err as Error).message;
        log.warn({ err }, 'zalo oa token endpoint unreachable at start; will retry on first send');
      }
    },
    async stop() {
      state.ok = false;
    },
    refuseWebhook(headers) {
      if (oaSignatureOf(headers['x-zevent-signature'])) return null;
      log.warn({ event: null }, 'zalo oa webhook with a wrong or missing signature rejected');
      return reply(401, 'bad signature');
    },
    async handleWebhook(headers, rawBody) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      } catch {
        return reply(400, 'malformed JSON');
      }
      const timestamp = typeof body.timestamp === 'string' || typeof body.timestamp === 'number' ? String(body.timestamp) : '';
      if (!/^\d+$/.test(timestamp)) return reply(400, 'no timestamp');
      if (!verifyOaSignature(headers['x-zevent-signature'], { appId: o.appId, rawBody, timestamp, oaSecretKey: o.oaSecretKey })) {
        log.warn({ event: eventName(body) }, 'zalo oa webhook with a wrong or missing signature rejected');
        return reply(401, 'bad signature');
      }
      if (Math.abs(now() - Number(timestamp)) > (o.maxEventAgeMs ?? OA_MAX_EVENT_AGE_MS)) {
        log.warn({ timestamp }, 'stale zalo oa event rejected (replay guard)');
        return reply(401, 'stale event');
      }
      const parsed = OaEventSchema.safeParse(body);
      if (!parsed.success) {
        unknownEvent(body, parsed.error);
        return reply(200);
      }
      // Stored in the inbox before the 200 (a failure here is a 500: Zalo retries); a redelivery of
      // any age is stored once.
      const action = mapOaEvent(parsed.data);
      switch (action.kind) {
        case 'message':
          await o.inbox.accept({ channel: 'zalo_oa', eventId: action.msg.platformMessageId!, chatId: action.msg.chatId, msg: action.msg });
          break;
        case 'follow':
          await o.inbox.accept({
            channel: 'zalo_oa',
            eventId: action.msg.platformMessageId!,
            chatId: action.userId,
            msg: action.msg,
            follow: { userId: action.userId, following: true },
          });
          break;
        case 'unfollow':
          await o.inbox.accept({
            channel: 'zalo_oa',
            eventId: `unfollow:${action.userId}:${String(parsed.data.timestamp)}`,
            chatId: action.userId,
            follow: { userId: action.userId, following: false },
          });
          break;
        case 'ignore':
          log.debug({ event: parsed.data.event_name, reason: action.reason }, 'zalo oa event ignored');
          break;
      }
      return reply(200);
    },
    send,
    idle: () => o.inbox.idle(),
    status: () => ({ mode: 'webhook', ...state }),
  };
}
