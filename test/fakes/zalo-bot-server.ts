/**
 * A fake Zalo Bot API server for tests: a real HTTP server on 127.0.0.1 (random port) that speaks
 * the Bot API's JSON-over-POST dialect (`/bot<TOKEN>/<method>`), serves long-polled getUpdates (one
 * update per answer, 408 on timeout), registers webhooks and pushes updates to them, and records
 * every call. Errors use the `{ ok: false, error_code, description }` envelope with error_code as the
 * HTTP status too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZaloBotCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  status: number;
  at: number;
}
export interface ZaloBotFailure {
  status: 400 | 401 | 403 | 429 | 500 | 502;
  description?: string;
}

export type BotEventName = 'message.text.received' | 'message.image.received' | 'message.sticker.received' | 'message.unsupported.received';
export interface BotUpdate {
  /** Absent with `withoutEventName` (some documented samples carry none: zalo-api.md, "Corrections and additions"). */
  event_name?: BotEventName;
  message: {
    message_id: string;
    date: number; // ms
    from: { id: string; display_name?: string; first_name?: string; is_bot?: boolean };
    chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
    text?: string;
    photo_url?: string;
    caption?: string;
    sticker?: string;
  };
}
export interface ZaloSent {
  method: string;
  text?: string;
  photo?: string;
  caption?: string;
  sticker?: string;
}
type UserOpts = {
  displayName?: string;
  messageId?: string;
  /** Leave `event_name` out, as some documented samples do (the receiver must read the event from the message). */
  withoutEventName?: boolean;
  /** Where the sender's name goes: `display_name` (default) or `from.first_name` only. */
  nameAs?: 'display_name' | 'first_name';
};

export interface FakeZaloBotServer {
  apiRoot: string; // 'http://127.0.0.1:PORT' — client calls `${apiRoot}/bot${token}/${method}`
  token: string; // accepted token (option, default '1234567890:zalo-test-secret-abcdef')
  calls: ZaloBotCall[]; // every call in order, getUpdates included
  callsOf(method: string): ZaloBotCall[];
  /** Builds a private-chat update from user `userId`; queued for getUpdates (if no webhook) and returned. message_id auto-unique unless given. */
  sendText(userId: string, text: string, opts?: UserOpts): BotUpdate;
  sendSticker(userId: string, opts?: UserOpts & { sticker?: string }): BotUpdate;
  sendImage(userId: string, opts?: UserOpts & { caption?: string; photoUrl?: string }): BotUpdate;
  /** A `message.unsupported.received` update (e.g. a voice note or file), queued like sendText. */
  sendUnsupported(userId: string, opts?: UserOpts): BotUpdate;
  /** Queue any update object (any shape, for malformed-input tests). Like sendText, not queued while a webhook is set. */
  pushUpdate(update: Record<string, unknown>): void;
  /** Updates queued and not yet handed out by getUpdates. */
  readonly pending: number;
  /**
   * POSTs an update to the registered webhook URL with header X-Bot-Api-Secret-Token = the registered
   * secret (or opts.secret; null = header omitted), content-type application/json; opts.rawBody sends
   * those exact bytes instead. Resolves with the webhook's HTTP status and body text. Throws if no
   * webhook is set, or if it is not an http://127.0.0.1 URL (the fake never sends traffic elsewhere).
   */
  deliverToWebhook(update: unknown, opts?: { secret?: string | null; rawBody?: string }): Promise<{ status: number; body: string }>;
  /** Builder only (not queued): the update sendText would create, for webhook tests. */
  textUpdate(userId: string, text: string, opts?: UserOpts): BotUpdate;
  /** The next `count` (default 1) calls to `method` ('*' = any except getUpdates) fail with this failure; for 429 the body also carries `parameters:{retry_after:1}`. */
  failNext(method: string, failure: ZaloBotFailure, count?: number): void;
  /** Successful sendMessage/sendPhoto/sendSticker to a chat, in order. */
  sentTo(chatId: string): ZaloSent[];
  /** Resolves when ≥ n (default 1) SUCCESSFUL calls of `method` were recorded; rejects after timeoutMs (default 5000). */
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<ZaloBotCall[]>;
  webhook: { url: string; secret_token: string } | null;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
/** What we answer: HTTP status plus the Bot API's JSON envelope. */
interface Reply {
  status: number;
  body: Params;
}
/** A held getUpdates request; returns false if its client has gone away (so the update goes elsewhere). */
type PollWaiter = (update: Params | undefined) => boolean;

const MAX_TEXT = 2000;
const METHODS = new Set(['getMe', 'getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction']);
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendSticker']);
const DEFAULT_DESCRIPTIONS: Record<ZaloBotFailure['status'], string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, extra?: Params): Reply => ({ status, body: { ok: false, error_code: status, description, ...extra } });
const badRequest = (what: string): Reply => fail(400, `Bad Request: ${what}`);
const pollTimeout = (): Reply => fail(408, 'Request timeout');
const webhookActive = (): Reply => fail(400, 'Webhook is active');

/** Length in code points, as the API counts it (an emoji is one character). */
const chars = (s: string): number => [...s].length;
/** chat_id as a non-empty string (numbers tolerated), or undefined. */
const chatIdOf = (v: unknown): string | undefined =>
  (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : undefined;
/** getUpdates' timeout: a string of seconds (or a number); missing = 30; anything else is NaN. */
function timeoutOf(v: unknown): number {
  if (v === undefined) return 30;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : NaN;
  return typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
}
function isUrl(v: unknown, protocols: string[]): v is string {
  if (typeof v !== 'string') return false;
  try {
    return protocols.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}
/** Webhooks must be https, except plain http on the loopback address used by tests. */
function webhookUrlOk(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** The raw request body; empty means `{}`. Throws unless it is a JSON object. */
async function readBody(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed as Params;
}

function failureReply({ status, description }: ZaloBotFailure): Reply {
  return fail(status, description ?? DEFAULT_DESCRIPTIONS[status], status === 429 ? { parameters: { retry_after: 1 } } : undefined);
}

class FakeZaloBot implements FakeZaloBotServer {
  apiRoot = '';
  calls: ZaloBotCall[] = [];
  webhook: { url: string; secret_token: string } | null = null;

  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  private closed = false;
  private readonly botId: string;
  private queue: Params[] = [];
  private nextId = 1;
  private webhookUpdatedAt = 0;
  private failures: Array<{ method: string; failure: ZaloBotFailure; remaining: number }> = [];
  private readonly sent: Array<ZaloSent & { chatId: string }> = [];
  /** Held getUpdates requests, oldest first. */
  private readonly polls: PollWaiter[] = [];
  /** Pending waitFor() promises; `check` runs after every reply. */
  private readonly callWaiters = new Set<{ check: () => void; abort: (e: Error) => void }>();

  constructor(readonly token: string) {
    this.botId = /^(\d+):/.exec(token)?.[1] ?? '1234567890';
  }

  get pending(): number {
    return this.queue.length;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsOf(method: string): ZaloBotCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  textUpdate(userId: string, text: string, opts: UserOpts = {}): BotUpdate {
    return this.build('message.text.received', userId, opts, { text });
  }

  sendText(userId: string, text: string, opts: UserOpts = {}): BotUpdate {
    return this.enqueue(this.textUpdate(userId, text, opts));
  }

  sendSticker(userId: string, opts: UserOpts & { sticker?: string } = {}): BotUpdate {
    const n = this.nextId;
    return this.enqueue(this.build('message.sticker.received', userId, opts, { sticker: opts.sticker ?? `sticker-${n}` }));
  }

  sendImage(userId: string, opts: UserOpts & { caption?: string; photoUrl?: string } = {}): BotUpdate {
    const n = this.nextId;
    const fields = {
      photo_url: opts.photoUrl ?? `https://photo.zalo.test/img-${n}.jpg`,
      ...(opts.caption !== undefined && { caption: opts.caption }),
    };
    return this.enqueue(this.build('message.image.received', userId, opts, fields));
  }

  sendUnsupported(userId: string, opts: UserOpts = {}): BotUpdate {
    return this.enqueue(this.build('message.unsupported.received', userId, opts, {}));
  }

  pushUpdate(update: Params): void {
    this.enqueue(update);
  }

  async deliverToWebhook(update: unknown, opts: { secret?: string | null; rawBody?: string } = {}): Promise<{ status: number; body: string }> {
    const hook = this.webhook;
    if (!hook) throw new Error('fake Zalo Bot: no webhook is set (call setWebhook first)');
    const target = new URL(hook.url);
    if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
      throw new Error(`fake Zalo Bot: refusing to deliver to ${hook.url} (only http://127.0.0.1 webhooks)`);
    }
    const secret = opts.secret === undefined ? hook.secret_token : opts.secret;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (secret !== null) headers['X-Bot-Api-Secret-Token'] = secret;
    const res = await fetch(target, {
      method: 'POST',
      headers,
      body: opts.rawBody ?? JSON.stringify(update),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.text() };
  }

  failNext(method: string, failure: ZaloBotFailure, count = 1): void {
    this.failures.push({ method, failure, remaining: count });
  }

  sentTo(chatId: string): ZaloSent[] {
    return this.sent.filter((s) => s.chatId === String(chatId)).map(({ chatId: _chat, ...entry }) => entry);
  }

  waitFor(method: string, n = 1, timeoutMs = 5000): Promise<ZaloBotCall[]> {
    return new Promise((resolve, reject) => {
      const successes = (): ZaloBotCall[] => this.calls.filter((c) => c.method === method && c.status === 200);
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
        () => waiter.abort(new Error(`waitFor('${method}', ${n}): only ${successes().length} successful call(s) after ${timeoutMs}ms`)),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        this.callWaiters.delete(waiter);
      };
      if (this.closed) return waiter.abort(new Error('fake Zalo Bot server is closed'));
      this.callWaiters.add(waiter);
      waiter.check();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakePolls(); // held long polls answer 408
    for (const w of [...this.callWaiters]) w.abort(new Error('fake Zalo Bot server closed'));
    await new Promise<void>((resolve) => setImmediate(resolve)); // let those answers be written
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
  }

  private build(event_name: BotEventName, userId: string, opts: UserOpts, fields: Partial<BotUpdate['message']>): BotUpdate {
    const name = opts.displayName ?? 'Test User';
    const from: BotUpdate['message']['from'] = { id: userId, ...(opts.nameAs === 'first_name' ? { first_name: name } : { display_name: name }), is_bot: false };
    return {
      ...(!opts.withoutEventName && { event_name }),
      message: {
        message_id: opts.messageId ?? this.newMessageId(),
        date: Date.now(),
        from,
        chat: { id: userId, chat_type: 'PRIVATE' },
        ...fields,
      },
    };
  }

  private newMessageId(): string {
    return `zmsg${String(this.nextId++).padStart(6, '0')}`;
  }

  /** Hand an update to the oldest live held poll, else queue it; dropped while a webhook is set. */
  private enqueue<T extends object>(update: T): T {
    if (this.webhook) return update;
    const copy = structuredClone(update) as Params;
    while (this.polls.length > 0) {
      if (this.polls.shift()?.(copy)) return update;
    }
    this.queue.push(copy);
    return update;
  }

  /** Release every held poll with no update (they then answer 400 or 408). */
  private wakePolls(): void {
    for (const wake of this.polls.splice(0)) wake(undefined);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!route) return this.send(res, undefined, fail(404, 'Not Found'));
    const [, rawToken = '', method = ''] = route;
    let token = rawToken;
    try {
      token = decodeURIComponent(rawToken);
    } catch {
      /* keep it raw */
    }
    let body: Params = {};
    let parseError = false;
    try {
      body = await readBody(req);
    } catch {
      parseError = true;
    }
    const call: ZaloBotCall = { method, token, body, status: 0, at: Date.now() };
    this.calls.push(call);
    let reply: Reply;
    if (token !== this.token) reply = fail(401, 'Unauthorized');
    else if (!METHODS.has(method)) reply = fail(404, 'Not Found');
    else if (req.method !== 'POST') reply = fail(405, 'Method Not Allowed');
    else if (parseError) reply = badRequest('body must be a JSON object');
    else reply = this.takeFailure(method) ?? (await this.dispatch(method, body, res));
    this.send(res, call, reply);
  }

  /** Consume a failNext() rule. '*' never hits getUpdates, so a bot's polling loop is not disturbed. */
  private takeFailure(method: string): Reply | undefined {
    const rule = this.failures.find((f) => f.method === method || (f.method === '*' && method !== 'getUpdates'));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return failureReply(rule.failure);
  }

  private send(res: ServerResponse, call: ZaloBotCall | undefined, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return; // client went away (e.g. aborted long poll): status stays 0
    const json = JSON.stringify(reply.body);
    if (call) call.status = reply.status;
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
    for (const w of [...this.callWaiters]) w.check();
  }

  private dispatch(method: string, p: Params, res: ServerResponse): Reply | Promise<Reply> {
    switch (method) {
      case 'getMe':
        return ok({ id: this.botId, account_name: 'htx_test_bot', account_type: 'BASIC', can_join_groups: false });
      case 'getUpdates':
        return this.getUpdates(p, res);
      case 'setWebhook': {
        if (!webhookUrlOk(p.url)) return badRequest('url must be an https:// URL');
        if (typeof p.secret_token !== 'string') return badRequest('secret_token is required');
        const n = chars(p.secret_token);
        if (n < 8 || n > 256) return badRequest('secret_token must be 8-256 characters');
        this.webhook = { url: p.url, secret_token: p.secret_token };
        this.webhookUpdatedAt = Date.now();
        this.wakePolls(); // held polls now answer "Webhook is active"
        return ok({ url: p.url, updated_at: this.webhookUpdatedAt });
      }
      case 'deleteWebhook':
        this.webhook = null;
        this.webhookUpdatedAt = Date.now();
        return ok({ url: '', updated_at: this.webhookUpdatedAt });
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', updated_at: this.webhookUpdatedAt });
      case 'sendMessage': {
        const chatId = chatIdOf(p.chat_id);
        if (chatId === undefined) return badRequest('chat_id is required');
        if (typeof p.text !== 'string' || chars(p.text) < 1 || chars(p.text) > MAX_TEXT) {
          return badRequest(`text must be 1-${MAX_TEXT} characters`);
        }
        return this.deliver(chatId, { method, text: p.text });
      }
      case 'sendPhoto': {
        const chatId = chatIdOf(p.chat_id);
        if (chatId === undefined) return badRequest('chat_id is required');
        if (!isUrl(p.photo, ['http:', 'https:'])) return badRequest('photo must be a URL');
        if (p.caption !== undefined && (typeof p.caption !== 'string' || chars(p.caption) > MAX_TEXT)) {
          return badRequest(`caption must be at most ${MAX_TEXT} characters`);
        }
        return this.deliver(chatId, { method, photo: p.photo, ...(typeof p.caption === 'string' && { caption: p.caption }) });
      }
      case 'sendSticker': {
        const chatId = chatIdOf(p.chat_id);
        if (chatId === undefined) return badRequest('chat_id is required');
        if (typeof p.sticker !== 'string' || p.sticker === '') return badRequest('sticker is required');
        return this.deliver(chatId, { method, sticker: p.sticker });
      }
      case 'sendChatAction':
        if (chatIdOf(p.chat_id) === undefined) return badRequest('chat_id is required');
        if (p.action !== 'typing') return badRequest('action must be "typing"');
        return ok(true);
      default:
        return fail(404, 'Not Found');
    }
  }

  /** One update per answer, FIFO; held up to `timeout` seconds, then 408. 400 while a webhook is set. */
  private async getUpdates(p: Params, res: ServerResponse): Promise<Reply> {
    if (this.webhook) return webhookActive();
    const timeoutS = timeoutOf(p.timeout);
    if (Number.isNaN(timeoutS)) return badRequest('timeout must be a number of seconds');
    const ready = this.queue.shift();
    if (ready) return ok(ready);
    if (timeoutS <= 0 || this.closed) return pollTimeout();
    // Held until an update is handed over, the timeout elapses, the client disconnects,
    // a webhook is set or close() runs.
    const update = await new Promise<Params | undefined>((resolve) => {
      const finish = (u: Params | undefined): void => {
        clearTimeout(timer);
        res.off('close', onClose);
        const i = this.polls.indexOf(waiter);
        if (i !== -1) this.polls.splice(i, 1);
        resolve(u);
      };
      const waiter: PollWaiter = (u) => {
        if (u !== undefined && (res.destroyed || res.writableEnded)) {
          finish(undefined);
          return false;
        }
        finish(u);
        return true;
      };
      const onClose = (): void => finish(undefined);
      const timer = setTimeout(() => finish(undefined), timeoutS * 1000);
      this.polls.push(waiter);
      res.on('close', onClose);
    });
    if (update) return ok(update);
    return this.webhook ? webhookActive() : pollTimeout();
  }

  private deliver(chatId: string, entry: ZaloSent): Reply {
    this.sent.push({ chatId, ...entry });
    return ok({ message_id: this.newMessageId(), date: Date.now() });
  }
}

export async function startFakeZaloBot(opts: { token?: string } = {}): Promise<FakeZaloBotServer> {
  const fake = new FakeZaloBot(opts.token ?? '1234567890:zalo-test-secret-abcdef');
  await fake.listen();
  return fake;
}
