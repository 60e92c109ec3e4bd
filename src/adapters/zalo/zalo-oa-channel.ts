import { readFile } from 'node:fs/promises';
import type { OutboundMessage } from '../../lib/messages.js';
import { backoffDelay, SendDeferredError, sendWithRetry, SendUnreachableError, type RetryOptions } from '../../delivery/retry-policy.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { Inbox } from '../../router/inbox-worker.js';
import { createZaloOaClient, ZaloOaAuthError, ZaloOaAuthUnavailableError, type OaTokenSource, type ZaloOaClient } from './oa-api-client.js';
import { unknownShapeLog } from '../platform-body.js';
import { fileLinkText, type FileLinks } from '../file-links.js';
import { mapOaEvent, OaEventSchema } from './oa-event.js';
import { oaAcceptsFile } from './oa-file-rule.js';
import { classifyOaError } from './oa-errors.js';
import { toOaSends } from './oa-render.js';
import { oaSignatureOf, verifyOaSignature } from './oa-signature.js';

export const ZALO_OA_WEBHOOK_PATH = '/zalo/oa/webhook';
/**
 * A correctly signed event older than this is acknowledged (200) and dropped, unanswered
 * (ZALO_OA_MAX_EVENT_AGE_HOURS, default 24 h). Zalo redelivers an event whose webhook call did not
 * answer 200, for about two hours (after 30 s, 5 min, 15 min, 30 min and 1 h: ../shared/zalo-api.md
 * §3 [O7], and hoangnd25/monorepo `wip/zalo-platform-integration.md`; neither is Zalo's own page),
 * and can turn the webhook off after repeated failures. A late delivery is therefore a retry, not a
 * replay to refuse: the inbox stores each event once (unique on channel + event id), so it is
 * handled once whatever its age. Only the signature is grounds for a 401.
 */
export const OA_MAX_EVENT_AGE_MS = 24 * 3600_000;

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
  /** Signed events older than this are acknowledged and dropped (default OA_MAX_EVENT_AGE_MS). */
  maxEventAgeMs?: number;
  retry?: RetryOptions;
  /**
   * When the token endpoint is down at start (network error, 5xx, not JSON), the channel starts
   * anyway, not ok, and tries again in the background: base × 2^(n−1) with jitter, capped
   * (defaults 1 s, 5 min), until a token is had or the channel stops.
   */
  startRetry?: { baseDelayMs?: number; maxDelayMs?: number };
  now?: () => number;
  /**
   * One-time download links for files the OA cannot carry (not PDF/DOC/DOCX, or over 5 MB: see
   * oa-file-rule.ts). Without them (no PUBLIC_URL) such a file gets a polite "cannot send it here".
   */
  fileLinks?: FileLinks;
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

/** How an OA failure is handled: the table of Zalo's error codes and its sources are in oa-errors.ts. */
export { classifyOaError } from './oa-errors.js';

/** The event name of an unverified body, for the log: a short name or its type, never anything else. */
const eventName = (body: Record<string, unknown>): string =>
  typeof body.event_name === 'string' && /^[a-z0-9_.]{1,40}$/i.test(body.event_name) ? body.event_name : typeof body.event_name;

/** Zalo's retry counter (`num_retry`, reported by one source: zalo-api.md §3 [O7]), for the log: a small number or undefined. */
const retryNumber = (header: string | string[] | undefined): number | undefined => {
  const v = Array.isArray(header) ? header[0] : header;
  return v && /^\d{1,3}$/.test(v.trim()) ? Number(v) : undefined;
};

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
      const r = await sendWithRetry(what, (error) => classifyOaError(error, new Date(now())), {
        ...o.retry,
        onRetry: ({ attempt: n, delayMs, error }) => log.warn({ userId, attempt: n, delayMs, err: error }, 'zalo oa send retried'),
      });
      state.ok = true;
      state.error = undefined;
      return r;
    } catch (err) {
      if (err instanceof ZaloOaAuthError || err instanceof ZaloOaAuthUnavailableError) {
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
        if (!oaAcceptsFile(doc.filename, content.byteLength)) {
          // Issued once, outside the retries: a retried send carries the same link.
          const link = await o.fileLinks?.issue({ channel: 'zalo_oa', externalId: userId, document: doc, content });
          const text = link ? fileLinkText(t, link, msg.locale ?? 'vi') : t('text_menu.no_files_oa', { name: doc.filename });
          await attempt(() => client.sendMessage(userId, { text }), userId);
          continue;
        }
        await attempt(async () => {
          const token = await client.uploadFile(doc.filename, content, doc.mimeType);
          return client.sendMessage(userId, { attachment: { type: 'file', payload: { token } } });
        }, userId);
        continue;
      }
      try {
        await attempt(() => client.sendMessage(userId, s.message), userId);
      } catch (err) {
        if (!s.optional || err instanceof SendUnreachableError || err instanceof SendDeferredError) throw err;
        log.warn({ userId, err }, 'optional zalo oa message refused; the reply went without it');
      }
    }
  }

  /** The background retry of the start-up token refresh, while the token endpoint is down. */
  let startTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  function retryStartLater(tries: number): void {
    const delayMs = backoffDelay(tries, o.startRetry?.baseDelayMs ?? 1000, o.startRetry?.maxDelayMs ?? 300_000);
    startTimer = setTimeout(() => {
      startTimer = null;
      if (stopped) return;
      client.accessToken().then(
        () => {
          if (stopped) return;
          state.ok = true;
          state.error = undefined;
          log.info({ tries: tries + 1 }, 'zalo oa ready (access token valid) after the token endpoint came back');
        },
        (err: unknown) => {
          if (stopped) return;
          state.ok = false;
          state.error = (err as Error)?.message;
          // A refusal (a used or revoked refresh token, a wrong app secret) needs the operator.
          if (err instanceof ZaloOaAuthError) return log.error({ err }, 'zalo oa refresh token refused; re-authorise the app (ZALO_OA_REFRESH_TOKEN)');
          log.warn({ err, tries: tries + 1 }, 'zalo oa token endpoint still unavailable; retrying in the background');
          retryStartLater(tries + 1);
        },
      );
    }, delayMs);
    startTimer.unref();
  }

  return {
    client,
    async start() {
      stopped = false;
      try {
        await client.accessToken();
        state.ok = true;
        state.error = undefined;
        log.info('zalo oa ready (access token valid)');
      } catch (err) {
        // Refused: the configuration is wrong, stop with a clear message.
        if (err instanceof ZaloOaAuthError) throw err;
        // An outage (network, 5xx, not JSON): the other channels start; this one is not ok
        // (/healthz says so) and tries again in the background. No refresh token was spent.
        state.ok = false;
        state.error = (err as Error)?.message;
        log.warn({ err }, 'zalo oa token endpoint unavailable at start; retrying in the background');
        retryStartLater(1);
      }
    },
    async stop() {
      stopped = true;
      if (startTimer) clearTimeout(startTimer);
      startTimer = null;
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
      // A late delivery is Zalo retrying (the inbox makes it a no-op if it was stored before); only
      // one older than the bound is dropped, acknowledged so that Zalo stops retrying it.
      const ageMs = now() - Number(timestamp);
      if (ageMs > (o.maxEventAgeMs ?? OA_MAX_EVENT_AGE_MS)) {
        log.warn(
          { event: eventName(body), ageMinutes: Math.floor(ageMs / 60_000), numRetry: retryNumber(headers['num_retry']) },
          'zalo oa event older than ZALO_OA_MAX_EVENT_AGE_HOURS acknowledged and dropped',
        );
        return reply(200);
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
