/**
 * A fake Zalo Official Account server for tests: one real HTTP server on 127.0.0.1 (random port)
 * that serves both the OA Open API (v2.0/v3.0 paths) and the OAuth v4 token endpoint, records every
 * call, and can push signed webhook events to the bot. Envelopes, headers and error codes imitate
 * the real API: errors come with HTTP 200 and `{error, message}`; the access token travels in an
 * `access_token` header; refresh tokens are single-use and rotate on every refresh.
 *
 * It has its own clock (`now()`: real time plus what `advanceClock` added). Event timestamps, the
 * consultation-message windows and webhook redeliveries run on it (access tokens keep real time):
 * - A webhook POST not answered 200 is delivered again after 30 s, 5 min, 15 min, 30 min and 1 h,
 *   each delay counted from the previous attempt, with a `num_retry` header (0 on the first
 *   delivery), and the webhook is switched off after the last failure. Reported, not official:
 *   ../shared/zalo-api.md §3 [O7] ("each carrying a num_retry header"), and hoangnd25/monorepo
 *   `wip/zalo-platform-integration.md` (the table of delays after the previous attempt, "0 for first
 *   attempt", webhook disabled after all retries fail). Redeliveries fall due when a test advances
 *   the clock, or on real timers `retryScale` times the delays.
 * - A consultation message (`/v3.0/oa/message/cs`) is free within 48 h of the user's last
 *   interaction (the timestamp of the last user event pushed for them), draws on a paid quota from
 *   48 h to 7 d (-211 when it is spent), and is refused with -230 after 7 d (zalo-api.md §2.3 and
 *   "Corrections and additions"). A user who never interacted through the fake is not checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseMultipart } from './multipart.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OaCall {
  path: string;
  accessToken?: string;
  /** Parsed JSON, form fields, or `{file:{filename,size,content}}` (plus any other fields) for uploads. */
  body: any;
  /** The JSON we answered. */
  result: any;
  at: number;
}
export type { UploadedFile } from './multipart.js';
import type { UploadedFile } from './multipart.js';
export interface OaButton {
  title: string;
  type: string;
  payload: unknown;
}
export interface OaSent {
  text?: string;
  buttons?: OaButton[];
  attachment?: any;
  file?: UploadedFile;
}
export interface OaFailure {
  error: number;
  message?: string;
}
export type SignatureMode = 'valid' | 'wrong' | 'missing' | 'plain';
/** One webhook POST: a first delivery (numRetry 0) or a redelivery. */
export interface WebhookDelivery {
  eventName: string;
  /** message.msg_id, when the event has one. */
  msgId?: string;
  numRetry: number;
  /** The webhook's HTTP status; 0 when it could not be reached. */
  status: number;
  /** On the fake's clock. */
  at: number;
}

export interface FakeZaloOaServer {
  url: string; // 'http://127.0.0.1:PORT' — both apiRoot and oauthRoot
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId: string;
  /** The refresh token currently valid (initially opts.refreshToken ?? 'refresh-initial'). */
  currentRefreshToken(): string;
  /** Access tokens currently valid. */
  validAccessTokens(): string[];
  /** How many refreshes succeeded / were attempted. */
  refreshCount: number;
  refreshAttempts: number;
  /** Invalidate every access token now (the next API call gets -216). */
  expireAccessTokens(): void;
  /** From now on the token endpoint answers after this long (a slow OAuth server). */
  setRefreshLatency(ms: number): void;
  calls: OaCall[]; // every API and OAuth call, in order
  callsOf(path: string): OaCall[];
  /** Successful cs messages to a user, in order (the `message` object), plus uploaded file info for file messages. */
  sentTo(userId: string): OaSent[];
  uploads: { token: string; filename: string; size: number; content: Buffer }[];
  /** Images uploaded via /v2.0/oa/upload/image (usable as attachment_id in media templates). */
  imageUploads: { attachmentId: string; filename: string; size: number; content: Buffer }[];
  /**
   * The next `count` calls to the token endpoint answer with an outage instead of Zalo's JSON:
   * HTTP `status` (default 502) with `body` (default an HTML error page), or `reset: true` (the
   * connection is dropped). The refresh token is not spent.
   */
  failOAuth(count: number, fault?: { status?: number; body?: string; reset?: boolean }): void;
  /** The next `count` (default 1) calls to that path ('*' = any API path, not OAuth) answer this error. */
  failNext(path: string, failure: OaFailure, count?: number): void;
  setOutsideWindow(userId: string, outside?: boolean): void; // -230 for cs to this user while true, whatever the clock says
  /** The fake's clock, epoch ms: real time plus every advanceClock(). */
  now(): number;
  /** Moves the clock forward by `ms`, making each redelivery that falls due on the way (in order, the clock at its due time); resolves with them. */
  advanceClock(ms: number): Promise<WebhookDelivery[]>;
  /** Every webhook POST made by pushEvent and by redeliveries, in order. */
  deliveries: WebhookDelivery[];
  /** Redeliveries scheduled and not made yet. */
  pendingRetries(): number;
  /** With retryScale: resolves once no redelivery is pending or under way (rejects after timeoutMs, default 10 s). */
  settleRetries(timeoutMs?: number): Promise<void>;
  /** True after an event's last redelivery failed too (as Zalo may do); setWebhook() turns it on again. */
  webhookDisabled: boolean;
  /** The timestamp of the last user event pushed for this user (their last interaction), or undefined. */
  lastInteraction(userId: string): number | undefined;
  /** Consultation messages sent between 48 h and 7 d after the user's last interaction: left and spent. */
  readonly paidQuota: { remaining: number; used: number };
  setPaidQuota(remaining: number): void;
  setNotFollower(userId: string, notFollower?: boolean): void; // -213
  /** Where pushEvent POSTs (loopback URLs only). */
  setWebhook(url: string): void;
  /** Artificial latency for API (not OAuth) answers, in ms (default 0). */
  latencyMs: number;
  /** The app-scoped id Zalo reports as `user_id_by_app` for a user (stable per appId + userId). */
  userIdByApp(userId: string): string;
  /** Event builders (timestamp = String(Date.now()) unless given; msg_id auto-unique unless given). */
  textEvent(userId: string, text: string, opts?: EventOpts): Record<string, any>;
  imageEvent(userId: string, opts?: EventOpts & { text?: string }): Record<string, any>;
  stickerEvent(userId: string, opts?: EventOpts): Record<string, any>;
  followEvent(userId: string, follow?: boolean, opts?: Pick<EventOpts, 'timestamp'>): Record<string, any>; // false → unfollow
  submitInfoEvent(userId: string, info: SubmitInfo, opts?: Pick<EventOpts, 'timestamp'>): Record<string, any>;
  oaEchoEvent(userId: string, text: string, opts?: EventOpts): Record<string, any>;
  /**
   * Signs and POSTs an event to the webhook. signature: 'valid' (default) | 'wrong' | 'missing' | 'plain'
   * (hex without the 'mac=' prefix). rawBody overrides the bytes sent (signed over those bytes with the
   * event's timestamp). Resolves with status and body text.
   */
  pushEvent(event: Record<string, any>, opts?: { signature?: SignatureMode; rawBody?: string }): Promise<{ status: number; body: string }>;
  /** Helper: the signature header value ('mac=<hex>') for a raw body + timestamp. */
  sign(rawBody: string, timestamp: string): string;
  /** True when `header` ('mac=<hex>' or '<hex>') is the signature of these bytes and timestamp under this fake's app id and OA secret key. */
  verify(header: string, rawBody: string, timestamp: string): boolean;
  /** Resolves when ≥ n (default 1) successful calls to `path` were recorded; rejects after timeoutMs (default 5000). */
  waitFor(path: string, n?: number, timeoutMs?: number): Promise<OaCall[]>;
  close(): Promise<void>;
}
export interface EventOpts {
  msgId?: string;
  timestamp?: string;
}
export interface SubmitInfo {
  name?: string;
  phone?: string;
  address?: string;
  city?: string;
  district?: string;
}
export interface FakeZaloOaOptions {
  appId?: string;
  appSecret?: string;
  oaSecretKey?: string;
  oaId?: string;
  refreshToken?: string;
  accessTtlSeconds?: number;
  refreshLatencyMs?: number;
  /** Redeliveries happen on real timers, this fraction of Zalo's delays (0.001: 30 ms … 3.6 s); unset: only when a test advances the clock. */
  retryScale?: number;
  /** The delays between webhook attempts (default RETRY_DELAYS_MS). */
  retryDelaysMs?: number[];
  /** Paid consultation messages available (48 h–7 d after the last interaction; default 1000). */
  paidQuota?: number;
}

/** Delay before each redelivery, after the previous attempt (reported; see the header comment). */
export const RETRY_DELAYS_MS = [30_000, 300_000, 900_000, 1_800_000, 3_600_000] as const;
/** Consultation messages are free this long after the user's last interaction… */
export const FREE_WINDOW_MS = 48 * 3600_000;
/** …then paid, up to this long; refused after (-230). */
export const PAID_WINDOW_MS = 7 * 24 * 3600_000;

export const PATHS = {
  oauth: '/v4/oa/access_token',
  cs: '/v3.0/oa/message/cs',
  uploadFile: '/v2.0/oa/upload/file',
  uploadImage: '/v2.0/oa/upload/image',
} as const;

type Json = Record<string, any>;
const API_PATHS = new Set<string>([PATHS.cs, PATHS.uploadFile, PATHS.uploadImage]);
const BUTTON_TYPES = new Set(['oa.query.show', 'oa.query.hide', 'oa.open.url', 'oa.open.phone', 'oa.open.sms']);
const RATE_LIMIT = 4000;
/** A 1×1 PNG served for the media URLs in image/sticker events, so bots never fetch from the internet. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * What `upload/file` takes, enforced here on its own (not by asking the bot's rule): PDF, DOC and DOCX
 * only, at most 5 MB — reported in ../shared/zalo-api.md ("Corrections and additions", from
 * field-vn/zalo and zalo-php-sdk). The type is checked by extension and by the first bytes.
 */
export const OA_UPLOAD_FILE_MAX_BYTES = 5 * 1024 * 1024;
const UPLOAD_FILE_MAGIC: Record<string, Buffer> = {
  '.pdf': Buffer.from('%PDF'),
  '.docx': Buffer.from('PK\x03\x04', 'latin1'), // a zip
  '.doc': Buffer.from('d0cf11e0a1b11ae1', 'hex'), // an OLE compound file
};
/**
 * The refusals' codes. Zalo's exact codes for these are NOT confirmed: -201 ("invalid parameter") and
 * -210 ("parameter exceeds the allowed limit") are the documented-style codes closest in meaning.
 */
export const OA_UPLOAD_WRONG_TYPE = -201;
export const OA_UPLOAD_TOO_LARGE = -210;

const success = (data?: unknown): Json => ({ error: 0, message: 'Success', ...(data !== undefined && { data }) });
const apiError = (error: number, message: string): Json => ({ error, message });
const invalid = (message: string): Json => apiError(-201, message);
const oauthError = (error: number, name: string, description: string): Json => ({ error, error_name: name, error_description: description });
const hex32 = (): string => randomBytes(16).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const codePoints = (s: string): number => [...s].length;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isFile = (v: unknown): v is UploadedFile => isObject(v) && Buffer.isBuffer(v.content);
const isSuccess = (result: unknown): boolean =>
  isObject(result) && (result.error === 0 || (result.error === undefined && typeof result.access_token === 'string'));

/** The request body: JSON, urlencoded fields or multipart fields; `undefined` body means unparseable JSON. */
async function readBody(req: IncomingMessage): Promise<{ body: any; badJson: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const header = req.headers['content-type'] ?? '';
  const type = header.toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(header)?.[1];
    return { body: boundary ? parseMultipart(raw, boundary) : {}, badJson: false };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), badJson: false };
  }
  if (raw.length === 0) return { body: {}, badJson: false };
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown, badJson: false };
  } catch {
    return { body: text, badJson: true };
  }
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`fake Zalo OA: refusing a non-loopback webhook URL (${url})`);
  }
}

class FakeZaloOa implements FakeZaloOaServer {
  url = '';
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  readonly oaId: string;
  refreshCount = 0;
  refreshAttempts = 0;
  latencyMs = 0;
  calls: OaCall[] = [];
  uploads: FakeZaloOaServer['uploads'] = [];
  imageUploads: FakeZaloOaServer['imageUploads'] = [];

  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  private readonly closing = new AbortController();
  private readonly accessTtlMs: number;
  private refreshLatencyMs: number;
  private refreshToken: string;
  /** Valid access tokens → expiry (epoch ms). */
  private readonly accessTokens = new Map<string, number>();
  private tokenSerial = 0;
  private mediaSerial = 0;
  private rateRemain = RATE_LIMIT;
  private failures: Array<{ path: string; failure: OaFailure; remaining: number }> = [];
  private oauthFault: { remaining: number; status: number; body: string; reset: boolean } | null = null;
  private readonly outsideWindow = new Set<string>();
  private readonly notFollowers = new Set<string>();
  private readonly sent: Array<OaSent & { userId: string }> = [];
  private webhookUrl: string | null = null;
  webhookDisabled = false;
  deliveries: WebhookDelivery[] = [];
  readonly paidQuota: { remaining: number; used: number };
  private clockOffset = 0;
  private readonly retryScale?: number;
  private readonly retryDelays: readonly number[];
  private retries: Array<{ dueAt: number; numRetry: number; rawBody: string; headers: Record<string, string>; eventName: string; msgId?: string }> = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Redeliveries are made one at a time, in order. */
  private retryChain: Promise<unknown> = Promise.resolve();
  private readonly interactions = new Map<string, number>();
  private readonly callWaiters = new Set<{ check: () => void; abort: (e: Error) => void }>();

  constructor(opts: FakeZaloOaOptions) {
    this.appId = opts.appId ?? '1000000000000000001';
    this.appSecret = opts.appSecret ?? 'app-secret-test';
    this.oaSecretKey = opts.oaSecretKey ?? 'oa-secret-key-test';
    this.oaId = opts.oaId ?? '4000000000000000004';
    this.refreshToken = opts.refreshToken ?? 'refresh-initial';
    this.accessTtlMs = (opts.accessTtlSeconds ?? 90000) * 1000;
    this.refreshLatencyMs = opts.refreshLatencyMs ?? 0;
    this.retryScale = opts.retryScale;
    this.retryDelays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.paidQuota = { remaining: opts.paidQuota ?? 1000, used: 0 };
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  // ---- tokens ----

  currentRefreshToken(): string {
    return this.refreshToken;
  }

  validAccessTokens(): string[] {
    const now = Date.now();
    for (const [token, expiresAt] of this.accessTokens) if (expiresAt <= now) this.accessTokens.delete(token);
    return [...this.accessTokens.keys()];
  }

  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  setRefreshLatency(ms: number): void {
    this.refreshLatencyMs = ms;
  }

  // ---- inspection and scripting ----

  callsOf(path: string): OaCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  sentTo(userId: string): OaSent[] {
    return this.sent.filter((s) => s.userId === String(userId)).map(({ userId: _user, ...entry }) => entry);
  }

  failOAuth(count: number, fault: { status?: number; body?: string; reset?: boolean } = {}): void {
    this.oauthFault = {
      remaining: count,
      status: fault.status ?? 502,
      body: fault.body ?? '<html><body><h1>502 Bad Gateway</h1></body></html>',
      reset: !!fault.reset,
    };
  }

  failNext(path: string, failure: OaFailure, count = 1): void {
    this.failures.push({ path, failure, remaining: count });
  }

  setOutsideWindow(userId: string, outside = true): void {
    if (outside) this.outsideWindow.add(String(userId));
    else this.outsideWindow.delete(String(userId));
  }

  setNotFollower(userId: string, notFollower = true): void {
    if (notFollower) this.notFollowers.add(String(userId));
    else this.notFollowers.delete(String(userId));
  }

  setWebhook(url: string): void {
    assertLoopback(url);
    this.webhookUrl = url;
    this.webhookDisabled = false;
  }

  // ---- the clock, redeliveries and windows ----

  now(): number {
    return Date.now() + this.clockOffset;
  }

  async advanceClock(ms: number): Promise<WebhookDelivery[]> {
    const target = this.now() + ms;
    const made: WebhookDelivery[] = [];
    for (;;) {
      const next = this.retries.filter((r) => r.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!next) break;
      this.clockOffset += Math.max(0, next.dueAt - this.now());
      const d = await this.enqueueRetry(next);
      if (d) made.push(d);
    }
    this.clockOffset += Math.max(0, target - this.now());
    return made;
  }

  pendingRetries(): number {
    return this.retries.length;
  }

  async settleRetries(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.retryChain; // a redelivery under way may schedule the next
      if (!this.retries.length) return;
      if (Date.now() > until) throw new Error(`settleRetries: ${this.retries.length} redelivery(ies) still pending after ${timeoutMs}ms`);
      await sleep(10);
    }
  }

  lastInteraction(userId: string): number | undefined {
    return this.interactions.get(String(userId));
  }

  setPaidQuota(remaining: number): void {
    this.paidQuota.remaining = remaining;
  }

  waitFor(path: string, n = 1, timeoutMs = 5000): Promise<OaCall[]> {
    return new Promise((resolve, reject) => {
      const successes = (): OaCall[] => this.calls.filter((c) => c.path === path && isSuccess(c.result));
      const waiter = {
        check: () => {
          const got = successes();
          if (got.length >= n) {
            done();
            resolve(got);
          }
        },
        abort: (e: Error) => {
          done();
          reject(e);
        },
      };
      const timer = setTimeout(
        () => waiter.abort(new Error(`waitFor('${path}', ${n}): only ${successes().length} successful call(s) after ${timeoutMs}ms`)),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        this.callWaiters.delete(waiter);
      };
      if (this.closing.signal.aborted) return waiter.abort(new Error('fake Zalo OA server is closed'));
      this.callWaiters.add(waiter);
      waiter.check();
    });
  }

  // ---- webhook events ----

  userIdByApp(userId: string): string {
    return String(BigInt(`0x${sha256(`${this.appId}:${userId}`).slice(0, 15)}`));
  }

  textEvent(userId: string, text: string, opts: EventOpts = {}): Json {
    return this.userEvent(userId, 'user_send_text', { msg_id: opts.msgId ?? hex32(), text }, opts.timestamp);
  }

  imageEvent(userId: string, opts: EventOpts & { text?: string } = {}): Json {
    const n = ++this.mediaSerial;
    return this.userEvent(
      userId,
      'user_send_image',
      {
        msg_id: opts.msgId ?? hex32(),
        ...(opts.text !== undefined && { text: opts.text }),
        attachments: [{ type: 'image', payload: { url: `${this.url}/media/image-${n}.png`, thumbnail: `${this.url}/media/image-${n}-thumb.png` } }],
      },
      opts.timestamp,
    );
  }

  stickerEvent(userId: string, opts: EventOpts = {}): Json {
    const n = ++this.mediaSerial;
    return this.userEvent(
      userId,
      'user_send_sticker',
      {
        msg_id: opts.msgId ?? hex32(),
        attachments: [{ type: 'sticker', payload: { id: `sticker-${n}`, url: `${this.url}/media/sticker-${n}.png` } }],
      },
      opts.timestamp,
    );
  }

  followEvent(userId: string, follow = true, opts: Pick<EventOpts, 'timestamp'> = {}): Json {
    return {
      oa_id: this.oaId,
      follower: { id: String(userId) },
      user_id_by_app: this.userIdByApp(userId),
      event_name: follow ? 'follow' : 'unfollow',
      source: 'testing',
      app_id: this.appId,
      timestamp: opts.timestamp ?? String(this.now()),
    };
  }

  submitInfoEvent(userId: string, info: SubmitInfo, opts: Pick<EventOpts, 'timestamp'> = {}): Json {
    return {
      app_id: this.appId,
      sender: { id: String(userId) },
      user_id_by_app: this.userIdByApp(userId),
      recipient: { id: this.oaId },
      event_name: 'user_submit_info',
      info: { ...info },
      timestamp: opts.timestamp ?? String(this.now()),
    };
  }

  oaEchoEvent(userId: string, text: string, opts: EventOpts = {}): Json {
    return {
      app_id: this.appId,
      sender: { id: this.oaId },
      user_id_by_app: this.userIdByApp(userId),
      recipient: { id: String(userId) },
      event_name: 'oa_send_text',
      message: { msg_id: opts.msgId ?? hex32(), text },
      timestamp: opts.timestamp ?? String(this.now()),
    };
  }

  sign(rawBody: string, timestamp: string): string {
    return `mac=${sha256(this.appId + rawBody + timestamp + this.oaSecretKey)}`;
  }

  verify(header: string, rawBody: string, timestamp: string): boolean {
    return header.trim().replace(/^mac=/i, '').toLowerCase() === sha256(this.appId + rawBody + timestamp + this.oaSecretKey);
  }

  async pushEvent(event: Json, opts: { signature?: SignatureMode; rawBody?: string } = {}): Promise<{ status: number; body: string }> {
    if (!this.webhookUrl) throw new Error('fake Zalo OA: setWebhook(url) before pushEvent()');
    if (this.webhookDisabled) throw new Error('fake Zalo OA: the webhook was switched off after repeated failures; setWebhook(url) turns it on');
    const rawBody = opts.rawBody ?? JSON.stringify(event);
    const timestamp = String(event.timestamp ?? '');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const mode = opts.signature ?? 'valid';
    if (mode === 'valid') headers['X-ZEvent-Signature'] = this.sign(rawBody, timestamp);
    else if (mode === 'plain') headers['X-ZEvent-Signature'] = this.sign(rawBody, timestamp).slice('mac='.length);
    else if (mode === 'wrong') headers['X-ZEvent-Signature'] = `mac=${sha256(this.appId + rawBody + timestamp + 'not-' + this.oaSecretKey)}`;
    // Only what Zalo itself sends counts as the user's interaction and is redelivered (a forged signature is not Zalo's).
    const fromZalo = mode === 'valid' || mode === 'plain';
    const user = interactingUser(event);
    if (fromZalo && user && /^\d+$/.test(timestamp)) this.interactions.set(user, Math.max(this.interactions.get(user) ?? 0, Number(timestamp)));
    const eventName = String(event.event_name ?? '');
    const msgId = isObject(event.message) && typeof event.message.msg_id === 'string' ? event.message.msg_id : undefined;
    const first = await this.deliver(rawBody, headers, 0, eventName, msgId);
    if (first.status !== 200 && fromZalo) this.scheduleRetry({ rawBody, headers, numRetry: 1, eventName, msgId });
    return first;
  }

  /** One POST to the webhook, recorded; a webhook that cannot be reached is status 0. */
  private async deliver(
    rawBody: string,
    headers: Record<string, string>,
    numRetry: number,
    eventName: string,
    msgId?: string,
  ): Promise<{ status: number; body: string }> {
    let result: { status: number; body: string };
    try {
      const res = await fetch(this.webhookUrl!, {
        method: 'POST',
        headers: { ...headers, num_retry: String(numRetry) },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      result = { status: res.status, body: await res.text() };
    } catch (err) {
      result = { status: 0, body: String((err as Error).cause ?? (err as Error).message) };
    }
    this.deliveries.push({ eventName, ...(msgId !== undefined && { msgId }), numRetry, status: result.status, at: this.now() });
    return result;
  }

  private scheduleRetry(r: { rawBody: string; headers: Record<string, string>; numRetry: number; eventName: string; msgId?: string }): void {
    const delay = this.retryDelays[r.numRetry - 1];
    if (delay === undefined) {
      this.webhookDisabled = true; // every retry failed
      return;
    }
    const retry = { ...r, dueAt: this.now() + delay };
    this.retries.push(retry);
    if (this.retryScale === undefined || this.closing.signal.aborted) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      // The clock jumps to the due time, as if the whole delay had passed.
      void this.enqueueRetry(retry, true).catch(() => undefined);
    }, delay * this.retryScale);
    this.retryTimers.add(timer);
  }

  /** Makes a pending redelivery (once, after those before it); undefined when it was made already. */
  private enqueueRetry(retry: FakeZaloOa['retries'][number], catchUp = false): Promise<WebhookDelivery | undefined> {
    const run = this.retryChain.then(async () => {
      const i = this.retries.indexOf(retry);
      if (i < 0 || this.closing.signal.aborted) return undefined;
      this.retries.splice(i, 1);
      if (catchUp) this.clockOffset += Math.max(0, retry.dueAt - this.now());
      const res = await this.deliver(retry.rawBody, retry.headers, retry.numRetry, retry.eventName, retry.msgId);
      if (res.status !== 200) this.scheduleRetry({ ...retry, numRetry: retry.numRetry + 1 });
      return this.deliveries.at(-1);
    });
    this.retryChain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(); // cuts latency sleeps short
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const w of [...this.callWaiters]) w.abort(new Error('fake Zalo OA server closed'));
    await new Promise<void>((resolve) => setImmediate(resolve));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // ---- request handling ----

  private userEvent(userId: string, eventName: string, message: Json, timestamp?: string): Json {
    return {
      app_id: this.appId,
      sender: { id: String(userId) },
      user_id_by_app: this.userIdByApp(userId),
      recipient: { id: this.oaId },
      event_name: eventName,
      message,
      timestamp: timestamp ?? String(this.now()),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'GET' && path.startsWith('/media/')) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PIXEL.length }).end(PIXEL);
      return;
    }
    const { body, badJson } = await readBody(req);
    const header = req.headers.access_token;
    const accessToken = Array.isArray(header) ? header[0] : header;
    const call: OaCall = { path, ...(accessToken !== undefined && { accessToken }), body, result: undefined, at: Date.now() };
    this.calls.push(call);

    if (req.method === 'POST' && path === PATHS.oauth) {
      this.refreshAttempts++;
      const fault = this.oauthFault;
      if (fault && fault.remaining > 0) {
        if (--fault.remaining <= 0) this.oauthFault = null;
        call.result = { outage: fault.reset ? 'reset' : fault.status };
        if (fault.reset) return void res.destroy();
        res.writeHead(fault.status, { 'content-type': 'text/html' }).end(fault.body);
        return;
      }
      call.result = this.takeFailure(path, true) ?? this.refresh(req, body);
      if (this.refreshLatencyMs > 0) await this.pause(this.refreshLatencyMs);
      return this.send(res, call, 200);
    }
    if (req.method !== 'POST' || !API_PATHS.has(path)) {
      call.result = apiError(404, `Not Found: ${req.method ?? ''} ${path}`);
      return this.send(res, call, 404);
    }
    if (this.latencyMs > 0) await this.pause(this.latencyMs);
    call.result = this.takeFailure(path, false) ?? this.api(path, accessToken, body, badJson);
    this.rateRemain = Math.max(0, this.rateRemain - 1);
    this.send(res, call, 200, { 'X-RateLimit-Limit': String(RATE_LIMIT), 'X-RateLimit-Remain': String(this.rateRemain) });
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.closing.signal }).catch(() => undefined);
  }

  /** Consume a failNext() rule for this path ('*' matches API paths only). */
  private takeFailure(path: string, oauth: boolean): Json | undefined {
    const rule = this.failures.find((f) => f.path === path || (f.path === '*' && !oauth));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.failures.splice(this.failures.indexOf(rule), 1);
    const message = rule.failure.message ?? 'Fake failure';
    return oauth ? { error: rule.failure.error, message, error_name: message, error_description: message } : apiError(rule.failure.error, message);
  }

  private send(res: ServerResponse, call: OaCall, status: number, extra: Record<string, string> = {}): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(call.result);
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(json), ...extra });
    res.end(json);
    for (const w of [...this.callWaiters]) w.check();
  }

  /** POST /v4/oa/access_token with grant_type=refresh_token: single-use refresh tokens that rotate. */
  private refresh(req: IncomingMessage, form: unknown): Json {
    const fields: Json = isObject(form) ? form : {};
    const secret = req.headers.secret_key;
    if (secret !== this.appSecret || fields.app_id !== this.appId) {
      return oauthError(-14002, 'Invalid app', 'app_id is invalid or secret_key does not match the app');
    }
    if (fields.grant_type !== 'refresh_token') {
      return oauthError(-14001, 'Invalid parameter', 'grant_type is invalid or missing');
    }
    if (!nonEmpty(fields.refresh_token) || fields.refresh_token !== this.refreshToken) {
      return oauthError(-14014, 'Invalid refresh token', 'refresh token is invalid or used');
    }
    const serial = ++this.tokenSerial;
    const accessToken = `access-${serial}-${randomBytes(12).toString('hex')}`;
    this.refreshToken = `refresh-${serial}-${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(accessToken, Date.now() + this.accessTtlMs);
    this.refreshCount++;
    return { access_token: accessToken, refresh_token: this.refreshToken, expires_in: String(this.accessTtlMs / 1000) };
  }

  private api(path: string, accessToken: string | undefined, body: unknown, badJson: boolean): Json {
    if (!accessToken || !this.validAccessTokens().includes(accessToken)) return apiError(-216, 'Access token is invalid');
    if (badJson) return invalid('Body is not valid JSON');
    switch (path) {
      case PATHS.cs:
        return this.sendCs(body);
      case PATHS.uploadFile: {
        const file = isObject(body) ? body.file : undefined;
        if (!isFile(file)) return invalid('file is missing');
        const refused = uploadFileProblem(file);
        if (refused) return refused;
        const token = hex32();
        this.uploads.push({ token, ...file });
        return success({ token });
      }
      default: {
        // PATHS.uploadImage
        const file = isObject(body) ? body.file : undefined;
        if (!isFile(file)) return invalid('file is missing');
        const attachmentId = hex32();
        this.imageUploads.push({ attachmentId, ...file });
        return success({ attachment_id: attachmentId });
      }
    }
  }

  /** POST /v3.0/oa/message/cs — a customer-service message. */
  private sendCs(body: unknown): Json {
    if (!isObject(body)) return invalid('Body is invalid');
    const userId: unknown = isObject(body.recipient) ? body.recipient.user_id : undefined;
    if (!nonEmpty(userId)) return invalid('recipient.user_id is invalid');
    const message: unknown = body.message;
    if (!isObject(message)) return invalid('message is missing');
    const { text, attachment } = message;
    if (text !== undefined && typeof text !== 'string') return invalid('text is invalid');
    if (typeof text === 'string' && codePoints(text) > 2000) return invalid('text is too long');
    if (!nonEmpty(text) && attachment === undefined) return invalid('message is empty');
    let extra: Pick<OaSent, 'buttons' | 'file'> = {};
    if (attachment !== undefined) {
      const checked = this.checkAttachment(attachment);
      if ('error' in checked) return checked;
      extra = checked.extra;
    }
    if (this.notFollowers.has(userId)) return apiError(-213, 'User has not followed OA');
    if (this.outsideWindow.has(userId)) return apiError(-230, 'User has not interacted with the OA in the past 7 days');
    const last = this.interactions.get(userId);
    const sinceInteraction = last === undefined ? 0 : this.now() - last;
    if (sinceInteraction > PAID_WINDOW_MS) return apiError(-230, 'User has not interacted with the OA in the past 7 days');
    if (sinceInteraction > FREE_WINDOW_MS) {
      if (this.paidQuota.remaining <= 0) return apiError(-211, 'Out of quota');
      this.paidQuota.remaining--;
      this.paidQuota.used++;
    }
    this.sent.push({ userId, ...(structuredClone(message) as OaSent), ...extra });
    return success({ message_id: hex32(), user_id: userId, sent_time: String(Date.now()), quota: {} });
  }

  /** Validates a cs attachment; returns the error envelope or the extra fields sentTo() records. */
  private checkAttachment(attachment: unknown): Json | { extra: Pick<OaSent, 'buttons' | 'file'> } {
    if (!isObject(attachment) || !isObject(attachment.payload)) return invalid('attachment is invalid');
    const { type, payload } = attachment;
    if (type === 'file') {
      const upload = this.uploads.find((u) => u.token === payload.token);
      if (!upload) return apiError(-100, 'attachment is expired or invalid');
      return { extra: { file: { filename: upload.filename, size: upload.size, content: upload.content } } };
    }
    if (type !== 'template') return invalid('attachment.type is invalid');
    switch (payload.template_type) {
      case undefined:
      case 'button': {
        const buttons: unknown = payload.buttons;
        if (!Array.isArray(buttons) || buttons.length === 0) return invalid('buttons are missing');
        if (buttons.length > 5) return invalid('too many buttons (max 5)');
        for (const b of buttons as unknown[]) {
          const problem = buttonProblem(b);
          if (problem) return invalid(problem);
        }
        return { extra: { buttons: structuredClone(buttons as OaButton[]) } };
      }
      case 'request_user_info': {
        const elements: unknown = payload.elements;
        if (!Array.isArray(elements) || elements.length !== 1) return invalid('request_user_info needs exactly 1 element');
        const [el] = elements as unknown[];
        if (!isObject(el) || !nonEmpty(el.title) || codePoints(el.title) > 100) return invalid('element.title is invalid');
        if (!nonEmpty(el.subtitle) || codePoints(el.subtitle) > 500) return invalid('element.subtitle is invalid');
        if (el.image_url !== undefined && typeof el.image_url !== 'string') return invalid('element.image_url is invalid');
        return { extra: {} };
      }
      case 'media': {
        const elements: unknown = payload.elements;
        if (!Array.isArray(elements) || elements.length !== 1) return invalid('media needs exactly 1 element');
        const [el] = elements as unknown[];
        if (!isObject(el) || el.media_type !== 'image') return invalid('element.media_type is invalid');
        if (nonEmpty(el.attachment_id)) {
          if (!this.imageUploads.some((u) => u.attachmentId === el.attachment_id)) return apiError(-100, 'attachment is expired or invalid');
        } else if (!nonEmpty(el.url)) return invalid('element.url or element.attachment_id is required');
        return { extra: {} };
      }
      default:
        return invalid('template_type is invalid');
    }
  }
}

/** The user an event shows interacting with the OA (a message, shared info, a follow), or undefined (unfollow, receipts, the OA's echoes). */
function interactingUser(event: Json): string | undefined {
  const name = String(event.event_name ?? '');
  if (name === 'follow') return isObject(event.follower) ? String(event.follower.id) : undefined;
  if (name.startsWith('user_send_') || name === 'user_submit_info') return isObject(event.sender) ? String(event.sender.id) : undefined;
  return undefined;
}

/** Why `upload/file` refuses a file (another type, content that is not what its name says, over 5 MB), or undefined. */
function uploadFileProblem(file: UploadedFile): Json | undefined {
  const dot = file.filename.lastIndexOf('.');
  const magic = dot < 0 ? undefined : UPLOAD_FILE_MAGIC[file.filename.slice(dot).toLowerCase()];
  if (!magic || !file.content.subarray(0, magic.length).equals(magic))
    return apiError(OA_UPLOAD_WRONG_TYPE, 'File type is not supported (PDF, DOC, DOCX only)');
  if (file.content.length > OA_UPLOAD_FILE_MAX_BYTES) return apiError(OA_UPLOAD_TOO_LARGE, 'File size exceeds the limit (5 MB)');
  return undefined;
}

/** Why a button is invalid, or undefined when it is fine. */
function buttonProblem(b: unknown): string | undefined {
  if (!isObject(b)) return 'button is invalid';
  if (!nonEmpty(b.title)) return 'button.title is missing';
  if (codePoints(b.title) > 100) return 'button.title is too long';
  if (typeof b.type !== 'string' || !BUTTON_TYPES.has(b.type)) return 'button.type is invalid';
  const p: unknown = b.payload;
  switch (b.type) {
    case 'oa.query.show':
    case 'oa.query.hide':
      return nonEmpty(p) ? undefined : 'button.payload is invalid';
    case 'oa.open.url':
      return isObject(p) && nonEmpty(p.url) ? undefined : 'button.payload.url is invalid';
    case 'oa.open.phone':
      return isObject(p) && nonEmpty(p.phone_code) ? undefined : 'button.payload.phone_code is invalid';
    default:
      return isObject(p) && nonEmpty(p.phone_code) && nonEmpty(p.content) ? undefined : 'button.payload is invalid'; // oa.open.sms
  }
}

export async function startFakeZaloOa(opts: FakeZaloOaOptions = {}): Promise<FakeZaloOaServer> {
  const fake = new FakeZaloOa(opts);
  await fake.listen();
  return fake;
}
