/**
 * A fake of Zalo's notification service (ZNS, "ZBS Template Message") send API for tests: one real
 * HTTP server on 127.0.0.1 (random port) serving `POST /message/template`. It checks every request
 * on its own, independently of the bot's client:
 *
 * - the `access_token` header: one of a fixed list, or whatever a provider says is valid now
 *   (e.g. the fake OA's `validAccessTokens`, since ZNS takes the OA's token); else -124;
 * - `template_id`: one of the registered templates; else -109;
 * - `template_data`: an object (else -111) holding every parameter of the template, as strings no
 *   longer than its limit, and no other key (missing -1122; unknown, not a string or too long -1124);
 * - `phone`: "84" followed by 9 digits (0-prefixed and "+84" numbers are refused: -108);
 * - numbers registered as not on Zalo: -118;
 * - a daily quota (optional): -211 once spent.
 *
 * The envelope is Zalo's usual `{error, message, data}` with HTTP 200; on success `data` is
 * `{msg_id, sent_time, quota: {dailyQuota, remainingQuota}}` (reported shape). Error codes: the ZBS
 * table of field-vn/zalo src/Core/Errors/ErrorCatalog.php; -211 from its OA table ("quota").
 * Every request is recorded (`calls`), every accepted send too (`sends`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A registered template: its parameters and their character limits. */
export interface FakeZnsTemplate {
  params: Record<string, { maxLength: number }>;
}

export interface FakeZnsOptions {
  /** Registered templates, by id. */
  templates: Record<string, FakeZnsTemplate>;
  /** The access tokens accepted: a fixed list, or a function asked at each request. */
  accessTokens: readonly string[] | (() => readonly string[]);
  /** Phone numbers (84…) that have no Zalo account. */
  notOnZalo?: readonly string[];
  /** Sends accepted per day before -211 (default: unlimited). */
  dailyQuota?: number;
}

export interface ZnsCall {
  path: string;
  accessToken?: string;
  body: any;
  result: any;
}

export interface ZnsSend {
  phone: string;
  templateId: string;
  data: Record<string, string>;
  trackingId?: string;
  msgId: string;
}

export interface FakeZnsServer {
  url: string;
  readonly calls: ZnsCall[];
  readonly sends: ZnsSend[];
  /** Accepted sends per phone number. */
  sendsTo(phone: string): number;
  /** The next request answers this error instead (once). */
  failNext(error: number, message?: string): void;
  close(): Promise<void>;
}

const PHONE = /^84\d{9}$/;
const err = (error: number, message: string) => ({ error, message });

class FakeZns implements FakeZnsServer {
  url = '';
  readonly calls: ZnsCall[] = [];
  readonly sends: ZnsSend[] = [];
  private readonly failures: { error: number; message: string }[] = [];
  private serial = 0;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly o: FakeZnsOptions) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  sendsTo(phone: string): number {
    return this.sends.filter((s) => s.phone === phone).length;
  }

  failNext(error: number, message = 'fake failure'): void {
    this.failures.push({ error, message });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private tokens(): readonly string[] {
    return typeof this.o.accessTokens === 'function' ? this.o.accessTokens() : this.o.accessTokens;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const header = req.headers.access_token;
    const accessToken = Array.isArray(header) ? header[0] : header;
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const call: ZnsCall = { path, ...(accessToken !== undefined && { accessToken }), body, result: undefined };
    this.calls.push(call);
    if (req.method !== 'POST' || path !== '/message/template') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(err(404, 'not found')));
      return;
    }
    call.result = this.failures.shift() ?? this.send(accessToken, body, req.headers['content-type']);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.result));
  }

  private send(accessToken: string | undefined, body: any, contentType: string | undefined): object {
    if (!accessToken || !this.tokens().includes(accessToken)) return err(-124, 'Access token is invalid or expired');
    if (!contentType?.startsWith('application/json') || !body || typeof body !== 'object' || Array.isArray(body)) return err(-132, 'Invalid parameter');
    const { phone, template_id: templateId, template_data: data, tracking_id: trackingId } = body;
    if (typeof phone !== 'string' || !PHONE.test(phone)) return err(-108, 'Phone number is invalid');
    const template = typeof templateId === 'string' ? this.o.templates[templateId] : undefined;
    if (!template) return err(-109, 'Template id is invalid');
    if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.keys(data).length) return err(-111, 'Template data is empty');
    for (const name of Object.keys(template.params)) if (!(name in data)) return err(-1122, `Missing parameter: ${name}`);
    for (const [name, value] of Object.entries(data)) {
      const param = template.params[name];
      if (!param) return err(-1124, `Unknown parameter: ${name}`);
      if (typeof value !== 'string') return err(-1124, `Parameter ${name} must be a string`);
      if ([...value].length > param.maxLength) return err(-1124, `Parameter ${name} is longer than ${param.maxLength} characters`);
      if (!value.trim()) return err(-1124, `Parameter ${name} is empty`);
    }
    if (trackingId !== undefined && typeof trackingId !== 'string') return err(-132, 'tracking_id must be a string');
    if (this.o.notOnZalo?.includes(phone)) return err(-118, 'Zalo account does not exist or is inactive');
    if (this.o.dailyQuota !== undefined && this.sends.length >= this.o.dailyQuota) return err(-211, 'Out of quota');
    const msgId = `zns-${++this.serial}-${randomBytes(6).toString('hex')}`;
    this.sends.push({ phone, templateId, data: data as Record<string, string>, ...(trackingId !== undefined && { trackingId }), msgId });
    const dailyQuota = this.o.dailyQuota ?? 500_000;
    return {
      error: 0,
      message: 'Success',
      data: { msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: String(dailyQuota), remainingQuota: String(dailyQuota - this.sends.length) } },
    };
  }
}

export async function startFakeZaloZns(o: FakeZnsOptions): Promise<FakeZnsServer> {
  const fake = new FakeZns(o);
  await fake.listen();
  return fake;
}
