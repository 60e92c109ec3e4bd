/**
 * A fake Telegram Bot API server for tests: a real HTTP server on 127.0.0.1 (random port) that
 * speaks enough of the Bot API for telegraf (JSON, urlencoded, query-string and multipart calls,
 * long-polling getUpdates, webhooks) and records every call. Errors use Telegram's exact shapes.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseMultipart } from './multipart.js';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  at: number;
  /** reply status we gave */ status: number;
}
export interface FakeFailure {
  status: 429 | 403 | 400 | 500 | 502;
  retryAfter?: number;
  description?: string;
}
/** Telegram's global flood limit: at most `perSecond` sending calls in any sliding 1-second window. */
export interface FakeRateLimit {
  perSecond: number;
}
/** One delivered message in the server-wide log (see deliveries()). */
export type Delivery = ReturnType<FakeTelegramServer['sentTo']>[number] & { chatId: string; /** Date.now() when accepted */ at: number };
export interface FakeTelegramServer {
  apiRoot: string; // e.g. 'http://127.0.0.1:34567'
  token: string; // the bot token it accepts (constructor option, default '123456:TEST-TOKEN')
  calls: RecordedCall[]; // every API call, in order (including getUpdates)
  callsOf(method: string): RecordedCall[];
  /** Queue an update for getUpdates (update_id assigned automatically if missing); returns it. */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown>;
  /** Convenience builders that push a private-chat text message / callback query from user `userId` (number). */
  sendText(userId: number, text: string, opts?: { firstName?: string; languageCode?: string }): Record<string, unknown>;
  pressButton(userId: number, data: string, opts?: { messageId?: number }): Record<string, unknown>;
  /** The next `count` calls to `method` (or any method if '*') fail with the given failure, then calls succeed again. */
  failNext(method: string, failure: FakeFailure, count?: number): void;
  /** Artificial per-call latency in ms (default 0). */
  latencyMs: number;
  /**
   * When set, sending calls (sendMessage, sendDocument, sendPhoto, editMessageText) beyond
   * `perSecond` in any sliding 1-second window are refused with 429 and `retry_after: 1` (recorded
   * with status 429, not delivered). May be changed at any time; null/undefined: no limit.
   */
  rateLimit: FakeRateLimit | null | undefined;
  /** Messages the bot sent to a chat (sendMessage/sendDocument/sendPhoto/editMessageText that succeeded), in order. */
  sentTo(chatId: number | string): Array<{
    method: string;
    text?: string;
    reply_markup?: any;
    document?: { filename: string; size: number; content: Buffer };
    photo?: string;
    caption?: string;
  }>;
  /** How many messages were delivered (what sentTo lists, over all chats), of one method or all. */
  deliveredCount(method?: string): number;
  /** The server-wide delivery log from index `from` on (default 0), for cheap incremental polling. */
  deliveries(from?: number): Delivery[];
  /** How many calls were answered with this HTTP status (e.g. 429), any method. */
  repliedWith(status: number): number;
  /** Resolves when at least `n` successful calls to `method` have been recorded, or rejects after timeoutMs (default 5000). */
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  webhook: { url: string; secret_token?: string } | null;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
type Sent = ReturnType<FakeTelegramServer['sentTo']>[number];
import type { UploadedFile } from './multipart.js';
/** What we answer: HTTP status plus Telegram's JSON envelope. */
interface Reply {
  status: number;
  body: Params;
}

const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, parameters?: Params): Reply => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters && { parameters }) },
});
const badRequest = (what: string): Reply => fail(400, `Bad Request: ${what}`);

const now = (): number => Math.floor(Date.now() / 1000);
const flag = (v: unknown): boolean => v === true || v === 'true';
const isFile = (v: unknown): v is UploadedFile => typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).content);
/** Chat ids arrive as numbers (JSON) or strings (form bodies); numeric strings become numbers. */
const chatIdOf = (v: unknown): number | string | undefined => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : (v as number | string | undefined));

/** Form/query values are strings; JSON-looking ones (reply_markup, entities, ...) are parsed when they parse. */
function parseLoose(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Query-string params, overridden by body params (JSON, urlencoded or multipart). Throws on bad JSON. */
async function parseParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = parseLoose(v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return params;
  if (type.startsWith('application/json')) return { ...params, ...(JSON.parse(body.toString('utf8')) as Params) };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = parseLoose(v);
    return params;
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (type.startsWith('multipart/form-data') && boundary) return { ...params, ...parseMultipart(body, boundary, parseLoose) };
  return params;
}

/** The canned error for a failNext() failure, shaped like Telegram's. */
function failureReply({ status, retryAfter = 1, description }: FakeFailure): Reply {
  switch (status) {
    case 429:
      return fail(429, description ?? `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    case 403:
      return fail(403, description ?? 'Forbidden: bot was blocked by the user');
    case 400:
      return fail(400, description ?? 'Bad Request: chat not found');
    default:
      return fail(status, description ?? STATUS_CODES[status] ?? 'Internal Server Error');
  }
}

/** The calls the flood limit applies to. */
const SENDING = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'editMessageText']);
const WINDOW_MS = 1000;

class FakeTelegram implements FakeTelegramServer {
  apiRoot = '';
  calls: RecordedCall[] = [];
  latencyMs = 0;
  rateLimit: FakeRateLimit | null | undefined;
  webhook: { url: string; secret_token?: string } | null = null;

  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  private readonly closing = new AbortController();
  private readonly botUser: Params;
  private queue: Params[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private failures: Array<{ method: string; failure: FakeFailure; remaining: number }> = [];
  /** Bot-sent messages by `${chatId}:${messageId}`, so edits and button presses can refer back to them. */
  private readonly messages = new Map<string, Params>();
  private readonly lastBotMessage = new Map<string, number>();
  /** Every delivery in order, and the same entries indexed by chat (sentTo must stay cheap at 20,000+). */
  private readonly sent: Delivery[] = [];
  private readonly sentByChat = new Map<string, Delivery[]>();
  private readonly deliveredByMethod = new Map<string, number>();
  private readonly repliesByStatus = new Map<number, number>();
  private readonly successesByMethod = new Map<string, number>();
  /** Acceptance times of sending calls within the flood window (a queue: `windowStart` is its head). */
  private windowTimes: number[] = [];
  private windowStart = 0;
  /** Wake-ups for held getUpdates requests. */
  private readonly pollWaiters = new Set<() => void>();
  /** Pending waitFor() promises; `check` runs after every reply. */
  private readonly callWaiters = new Set<{ check: () => void; abort: (e: Error) => void }>();

  constructor(readonly token: string) {
    const id = Number(/^(\d+):/.exec(token)?.[1] ?? 123456);
    this.botUser = { id, is_bot: true, first_name: 'HTX Test Bot', username: 'htx_test_bot' };
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  pushUpdate(update: Params): Params {
    const queued = { ...update };
    if (typeof queued.update_id === 'number') this.nextUpdateId = Math.max(this.nextUpdateId, queued.update_id + 1);
    else queued.update_id = this.nextUpdateId++;
    this.queue.push(queued);
    for (const wake of [...this.pollWaiters]) wake();
    return queued;
  }

  sendText(userId: number, text: string, opts: { firstName?: string; languageCode?: string } = {}): Params {
    const firstName = opts.firstName ?? 'Test';
    const from = { id: userId, is_bot: false, first_name: firstName, language_code: opts.languageCode ?? 'vi' };
    const message: Params = {
      message_id: this.nextMessageId++,
      from,
      chat: { id: userId, type: 'private', first_name: firstName },
      date: now(),
      text,
    };
    // Telegram marks a leading /command (optionally /command@botname) as a bot_command entity.
    const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
    if (command) message.entities = [{ offset: 0, length: command[0].length, type: 'bot_command' }];
    return this.pushUpdate({ message });
  }

  pressButton(userId: number, data: string, opts: { messageId?: number } = {}): Params {
    const chat = { id: userId, type: 'private', first_name: 'Test' };
    // Default to the latest message the bot sent this user (the one carrying the keyboard).
    const messageId = opts.messageId ?? this.lastBotMessage.get(String(userId));
    const known = messageId === undefined ? undefined : this.messages.get(`${userId}:${messageId}`);
    const message = known ? structuredClone(known) : { message_id: messageId ?? this.nextMessageId++, from: this.botUser, chat, date: now(), text: '…' };
    return this.pushUpdate({
      callback_query: {
        id: `${userId}${this.nextCallbackId++}`,
        from: { id: userId, is_bot: false, first_name: 'Test', language_code: 'vi' },
        message,
        chat_instance: `${userId}000`,
        data,
      },
    });
  }

  failNext(method: string, failure: FakeFailure, count = 1): void {
    this.failures.push({ method, failure, remaining: count });
  }

  sentTo(chatId: number | string): Sent[] {
    return (this.sentByChat.get(String(chatId)) ?? []).map(({ chatId: _chat, at: _at, ...entry }) => entry);
  }

  deliveredCount(method?: string): number {
    return method === undefined ? this.sent.length : (this.deliveredByMethod.get(method) ?? 0);
  }

  deliveries(from = 0): Delivery[] {
    return this.sent.slice(from);
  }

  repliedWith(status: number): number {
    return this.repliesByStatus.get(status) ?? 0;
  }

  waitFor(method: string, n = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
    return new Promise((resolve, reject) => {
      const successes = (): RecordedCall[] => this.calls.filter((c) => c.method === method && c.status === 200);
      const waiter = {
        // The counter spares a scan of every call after every reply while waiting.
        check: () => {
          if ((this.successesByMethod.get(method) ?? 0) >= n) {
            done();
            resolve(successes());
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
      if (this.closing.signal.aborted) return waiter.abort(new Error('fake Telegram server is closed'));
      this.callWaiters.add(waiter);
      waiter.check();
    });
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(); // cuts latency sleeps short
    for (const wake of [...this.pollWaiters]) wake(); // held long polls answer []
    for (const w of [...this.callWaiters]) w.abort(new Error('fake Telegram server closed'));
    await new Promise<void>((resolve) => setImmediate(resolve)); // let those answers be written
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!route) return this.send(res, undefined, fail(404, 'Not Found'));
    const [, token = '', method = ''] = route;
    let params: Params = {};
    let parseError = false;
    try {
      params = await parseParams(req, url);
    } catch {
      parseError = true;
    }
    const call: RecordedCall = { method, token: decodeURIComponent(token), params, at: Date.now(), status: 0 };
    this.calls.push(call);
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    let reply: Reply;
    if (call.token !== this.token) reply = fail(401, 'Unauthorized');
    else if (parseError) reply = badRequest("can't parse JSON object");
    else reply = this.takeFailure(method) ?? this.floodLimit(method) ?? (await this.dispatch(method, params, res));
    this.send(res, call, reply);
  }

  /** Consume a failNext() rule. '*' never hits getUpdates, so a bot's polling loop is not disturbed. */
  private takeFailure(method: string): Reply | undefined {
    const rule = this.failures.find((f) => f.method === method || (f.method === '*' && method !== 'getUpdates'));
    if (!rule) return undefined;
    if (--rule.remaining <= 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return failureReply(rule.failure);
  }

  /** Telegram's flood control: a sending call over the limit of the last second gets 429 (retry after 1 s). */
  private floodLimit(method: string): Reply | undefined {
    const limit = this.rateLimit?.perSecond;
    if (limit === undefined || !SENDING.has(method)) return undefined;
    const t = Date.now();
    const times = this.windowTimes;
    while (this.windowStart < times.length && times[this.windowStart]! <= t - WINDOW_MS) this.windowStart++;
    if (this.windowStart > 1024 && this.windowStart * 2 > times.length) {
      this.windowTimes = times.slice(this.windowStart);
      this.windowStart = 0;
    }
    if (this.windowTimes.length - this.windowStart >= limit) return failureReply({ status: 429, retryAfter: 1 });
    this.windowTimes.push(t);
    return undefined;
  }

  private send(res: ServerResponse, call: RecordedCall | undefined, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return; // client went away (e.g. aborted long poll): status stays 0
    const json = JSON.stringify(reply.body);
    if (call) {
      call.status = reply.status;
      this.repliesByStatus.set(reply.status, (this.repliesByStatus.get(reply.status) ?? 0) + 1);
      if (reply.status === 200) this.successesByMethod.set(call.method, (this.successesByMethod.get(call.method) ?? 0) + 1);
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
    for (const w of [...this.callWaiters]) w.check();
  }

  private dispatch(method: string, p: Params, res: ServerResponse): Reply | Promise<Reply> {
    switch (method) {
      case 'getMe':
        return ok({ ...this.botUser, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates':
        return this.getUpdates(p, res);
      case 'setWebhook': {
        const url = typeof p.url === 'string' ? p.url : '';
        this.webhook = url ? { url, ...(typeof p.secret_token === 'string' && { secret_token: p.secret_token }) } : null;
        if (flag(p.drop_pending_updates)) this.queue = [];
        return ok(true);
      }
      case 'deleteWebhook':
        this.webhook = null;
        if (flag(p.drop_pending_updates)) this.queue = [];
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length });
      case 'sendMessage': {
        if (typeof p.text !== 'string' || p.text.trim() === '') return badRequest('message text is empty');
        if (p.text.length > 4096) return badRequest('message is too long');
        return this.deliver('sendMessage', p, { text: p.text });
      }
      case 'sendDocument': {
        const doc = p.document;
        if (!isFile(doc) && typeof doc !== 'string') return badRequest('there is no document in the request');
        const fileId = `BQAC-${this.nextMessageId}`;
        const document = isFile(doc)
          ? { file_id: fileId, file_unique_id: fileId, file_name: doc.filename, file_size: doc.size }
          : { file_id: doc, file_unique_id: doc };
        const caption = typeof p.caption === 'string' ? { caption: p.caption } : {};
        return this.deliver('sendDocument', p, { document, ...caption }, isFile(doc) ? doc : undefined);
      }
      case 'sendPhoto': {
        const photo = p.photo;
        if (!isFile(photo) && (typeof photo !== 'string' || photo.trim() === '')) return badRequest('there is no photo in the request');
        const fileId = `AgAC-${this.nextMessageId}`;
        const sizes = [{ file_id: fileId, file_unique_id: fileId, width: 800, height: 600, ...(isFile(photo) && { file_size: photo.size }) }];
        const caption = typeof p.caption === 'string' ? { caption: p.caption } : {};
        return this.deliver('sendPhoto', p, { photo: sizes, ...caption });
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, p);
      case 'answerCallbackQuery':
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteMessage':
        if (method === 'deleteMessage') this.messages.delete(`${String(chatIdOf(p.chat_id))}:${String(p.message_id)}`);
        return ok(true);
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  /** getUpdates with Telegram's semantics: `offset` confirms earlier updates, `timeout` holds the request. */
  private async getUpdates(p: Params, res: ServerResponse): Promise<Reply> {
    if (this.webhook) {
      return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const take = (): Params[] => {
      const offset = Number(p.offset ?? 0) || 0;
      if (offset > 0) this.queue = this.queue.filter((u) => (u.update_id as number) >= offset);
      else if (offset < 0) this.queue = this.queue.slice(offset); // negative: keep only the last -offset
      const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100) || 100));
      return this.queue.slice(0, limit);
    };
    const timeoutS = Math.max(0, Number(p.timeout ?? 0) || 0);
    if (take().length === 0 && timeoutS > 0 && !this.closing.signal.aborted) {
      // Held until an update is pushed, the timeout elapses, the client disconnects or close() runs.
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.pollWaiters.delete(wake);
          res.off('close', wake);
          resolve();
        };
        const timer = setTimeout(wake, timeoutS * 1000);
        this.pollWaiters.add(wake);
        res.on('close', wake);
      });
    }
    return ok(take());
  }

  /** Build, store and log a message the bot sends to `chat_id`. */
  private deliver(method: string, p: Params, fields: Params, document?: UploadedFile): Reply {
    const chatId = chatIdOf(p.chat_id);
    if (chatId === undefined || chatId === '') return badRequest('chat not found');
    const message: Params = {
      message_id: this.nextMessageId++,
      from: this.botUser,
      chat: { id: chatId, type: 'private' },
      date: now(),
      ...fields,
      ...(p.reply_markup !== undefined && { reply_markup: p.reply_markup }),
    };
    this.messages.set(`${chatId}:${String(message.message_id)}`, message);
    this.lastBotMessage.set(String(chatId), message.message_id as number);
    this.log(chatId, method, p, document);
    return ok(message);
  }

  /**
   * editMessageText / editMessageReplyMarkup. Lenient: editing a message the fake never saw (e.g. one
   * from pressButton with an explicit messageId) synthesises it rather than failing "message to edit not found".
   */
  private edit(method: string, p: Params): Reply {
    if (p.inline_message_id !== undefined) return ok(true);
    const chatId = chatIdOf(p.chat_id);
    if (chatId === undefined || p.message_id === undefined) return badRequest('chat not found');
    if (method === 'editMessageText' && (typeof p.text !== 'string' || p.text.trim() === '')) return badRequest('message text is empty');
    const key = `${chatId}:${String(p.message_id)}`;
    const message: Params = this.messages.get(key) ?? {
      message_id: Number(p.message_id),
      from: this.botUser,
      chat: { id: chatId, type: 'private' },
      date: now(),
      text: '…',
    };
    if (method === 'editMessageText') message.text = p.text;
    // Like Telegram, an edit without reply_markup removes the inline keyboard.
    if (p.reply_markup === undefined) delete message.reply_markup;
    else message.reply_markup = p.reply_markup;
    message.edit_date = now();
    this.messages.set(key, message);
    if (method === 'editMessageText') this.log(chatId, method, p);
    return ok(message);
  }

  private log(chatId: number | string, method: string, p: Params, document?: UploadedFile): void {
    const entry: Delivery = {
      chatId: String(chatId),
      at: Date.now(),
      method,
      ...(typeof p.text === 'string' && { text: p.text }),
      ...(p.reply_markup !== undefined && { reply_markup: p.reply_markup }),
      ...(document && { document }),
      ...(method === 'sendPhoto' && { photo: isFile(p.photo) ? p.photo.filename : String(p.photo) }),
      ...(typeof p.caption === 'string' && { caption: p.caption }),
    };
    this.sent.push(entry);
    const chat = this.sentByChat.get(entry.chatId);
    if (chat) chat.push(entry);
    else this.sentByChat.set(entry.chatId, [entry]);
    this.deliveredByMethod.set(method, (this.deliveredByMethod.get(method) ?? 0) + 1);
  }
}

export async function startFakeTelegram(opts: { token?: string; rateLimit?: FakeRateLimit } = {}): Promise<FakeTelegramServer> {
  const fake = new FakeTelegram(opts.token ?? '123456:TEST-TOKEN');
  fake.rateLimit = opts.rateLimit;
  await fake.listen();
  return fake;
}
