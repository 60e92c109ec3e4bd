import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { BODY_LIMITS, toHttpRequest } from '../../src/adapters/http/http-server.js';
import { startAllWebhooks, TELEGRAM_SECRET, ZALO_BOT_SECRET, type AllWebhooks } from '../support/all-webhooks.js';
import { collectGarbage, RawHttp } from '../support/raw-http.js';

const run = promisify(execFile);
let w: AllWebhooks;
beforeAll(async () => {
  w = await startAllWebhooks();
});
afterAll(async () => {
  await w?.close();
});

const KB = 1024;
const json = { 'content-type': 'application/json' };

/** Sends the headers and `sent` bytes of a body declared as `declared` bytes, and reads the answer without sending the rest. */
async function unfinished(path: string, headers: Record<string, string>, declared: number, sent: number) {
  const c = await RawHttp.open(w.channels.http.url);
  await c.head('POST', path, { ...json, 'content-length': String(declared), ...headers });
  await c.write(Buffer.alloc(sent, 'x'));
  const answer = await c.answer();
  return { c, answer };
}

describe('authentication from the headers, before the body', () => {
  it.each([
    ['/telegram/webhook', { 'x-telegram-bot-api-secret-token': 'wrong-secret-000000000' }],
    ['/zalo/bot/webhook', { 'x-bot-api-secret-token': 'wrong-secret-000000000' }],
    ['/zalo/oa/webhook', { 'x-zevent-signature': 'mac=not-a-signature' }],
    ['/api/v1/announcements', { authorization: 'Bearer htx_not-a-token' }],
  ])('%s answers 401 while a 10 MB body is still unsent', async (path, headers) => {
    const { c, answer } = await unfinished(path, headers, 10_000_000, 1 * KB);
    expect(answer?.status).toBe(401);
    expect(JSON.parse(answer!.body)).toMatchObject({ error: expect.any(String) });
    c.close();
  });

  it('holds no memory for a thousand unauthenticated unfinished bodies', async () => {
    await collectGarbage();
    const before = process.memoryUsage().rss;
    const open: RawHttp[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, () => unfinished('/telegram/webhook', { 'x-telegram-bot-api-secret-token': 'wrong-secret-000000000' }, 990 * KB, 64 * KB)),
      );
      for (const { c, answer } of batch) {
        expect(answer?.status).toBe(401);
        open.push(c);
      }
    }
    await collectGarbage();
    const grown = process.memoryUsage().rss - before;
    for (const c of open) c.close();
    // 1,000 × 64 kB sent would be 64 MB if it were kept.
    expect(grown).toBeLessThan(48 * 1024 * KB);
  });
});

describe('body limits per route, answered with a 413 in JSON', () => {
  it('has a small limit for webhooks, a smaller one for the signed OA webhook and a larger one for announcements', () => {
    expect(BODY_LIMITS.webhook).toBe(256 * KB);
    expect(BODY_LIMITS.signedWebhook).toBeLessThan(BODY_LIMITS.webhook);
    expect(BODY_LIMITS.announcement).toBeGreaterThan(BODY_LIMITS.webhook);
  });

  it.each([
    ['/telegram/webhook', { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, BODY_LIMITS.webhook],
    ['/zalo/bot/webhook', { 'x-bot-api-secret-token': ZALO_BOT_SECRET }, BODY_LIMITS.webhook],
    ['/zalo/oa/webhook', { 'x-zevent-signature': `mac=${'0'.repeat(64)}` }, BODY_LIMITS.signedWebhook],
  ])('%s refuses a Content-Length over its limit with a 413, and the client can finish sending', async (path, headers, limit) => {
    const { c, answer } = await unfinished(path, headers, limit + 1, 16 * KB);
    expect(answer?.status).toBe(413);
    expect(JSON.parse(answer!.body)).toEqual({ error: 'body too large' });
    // The rest is discarded, not a reset.
    expect(await c.write(Buffer.alloc(limit + 1 - 16 * KB, 'x'))).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.error).toBeUndefined();
    c.close();
  });

  it('refuses a chunked body once it passes the limit, with a 413 the client reads while still sending', async () => {
    const c = await RawHttp.open(w.channels.http.url);
    await c.head('POST', '/telegram/webhook', { ...json, 'transfer-encoding': 'chunked', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET });
    let sent = 0;
    while (sent <= BODY_LIMITS.webhook + 64 * KB) {
      expect(await c.chunk(Buffer.alloc(16 * KB, 'x'))).toBe(true);
      sent += 16 * KB;
    }
    const answer = await c.answer();
    expect(answer?.status).toBe(413);
    expect(JSON.parse(answer!.body)).toEqual({ error: 'body too large' });
    expect(c.error).toBeUndefined();
    c.close();
  });

  it('takes an announcement body over the webhook limit, and refuses one over its own with a 413 from Content-Length', async () => {
    const headers = { ...json, authorization: `Bearer ${w.apiToken}` };
    const mid = await fetch(w.url('/api/v1/announcements'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ kind: 'other', title: 'Thông báo', body: 'Nội dung thông báo.', audience: 'both', sectors: ['x'.repeat(300 * KB)] }),
    });
    expect(mid.status).toBe(422); // read and validated (nobody in the audience), not refused for its size
    const { c, answer } = await unfinished('/api/v1/announcements', { authorization: `Bearer ${w.apiToken}` }, BODY_LIMITS.announcement + 1, 16 * KB);
    expect(answer?.status).toBe(413);
    expect(JSON.parse(answer!.body)).toEqual({ error: 'body too large' });
    expect(await c.write(Buffer.alloc(BODY_LIMITS.announcement + 1 - 16 * KB, 'x'))).toBe(true);
    expect(c.error).toBeUndefined();
    c.close();
  });

  /**
   * fetch (undici) writes the whole body before it reads the answer; it got EPIPE when the server
   * closed on the unread rest. Run in another process, as a real client is (in this one, the
   * server's and the client's turns interleave and hide the reset).
   */
  const post8MB = async (chunked: boolean) => {
    const script = `
      const bytes = new Uint8Array(8_000_000);
      const one = async () => {
        const body = ${chunked} ? new ReadableStream({ start(c) { for (let at = 0; at < bytes.length; at += 65536) c.enqueue(bytes.subarray(at, at + 65536)); c.close(); } }) : bytes;
        try {
          const res = await fetch(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': process.argv[2] }, body, duplex: 'half' });
          return { status: res.status, body: await res.text() };
        } catch (err) { return { error: String(err.cause?.code ?? err) }; }
      };
      (async () => {
        const r = [];
        for (let i = 0; i < 8; i++) r.push(await one());
        r.push(...(await Promise.all([one(), one(), one(), one()])));
        process.stdout.write(JSON.stringify(r));
      })();`;
    const { stdout } = await run(process.execPath, ['-e', script, w.url('/telegram/webhook'), TELEGRAM_SECRET]);
    return JSON.parse(stdout) as unknown[];
  };

  it.each([
    ['with a Content-Length', false],
    ['chunked', true],
  ])('answers a client that sends a whole 8 MB body %s before reading with the 413, not a reset', async (_how, chunked) => {
    const results = await post8MB(chunked);
    expect(results).toHaveLength(12);
    for (const r of results) expect(r).toEqual({ status: 413, body: JSON.stringify({ error: 'body too large' }) });
  });

  it('keeps other routes to the small default', async () => {
    const { c, answer } = await unfinished('/dang-xuat', {}, BODY_LIMITS.default + 1, 1 * KB);
    expect(answer?.status).toBe(413);
    c.close();
  });
});

describe('every update and query checked before use', () => {
  const tg = (body: unknown) =>
    fetch(w.url('/telegram/webhook'), { method: 'POST', headers: { ...json, 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(body) });

  it('acknowledges an authenticated Telegram update without chat or from (200), logging its shape once and none of its text', async () => {
    const before = w.app.logs.length;
    for (const update of [
      { update_id: 9001, message: { message_id: 1, text: 'Số của tôi 0912345678' } },
      { update_id: 9002, message: { message_id: 2, text: 'Số của tôi 0912345678' } },
      { update_id: 9003, message: { message_id: 3, from: { id: 1, first_name: 'Lan' }, chat: { id: 'x' }, text: 'hi' } },
      { update_id: 9004, callback_query: { id: 'cq', data: 'menu' } },
      { update_id: 9005, message: { message_id: 4, chat: { id: 5, type: 'private' }, text: 'no from' } },
    ]) {
      const res = await tg(update);
      expect(res.status, JSON.stringify(update)).toBe(200);
    }
    const lines = w.app.logs.slice(before).filter((l) => l.msg === 'unrecognised telegram update ignored');
    expect(lines).toHaveLength(3); // the first two share a shape
    expect(JSON.stringify(lines)).not.toContain('0912345678');
    expect(lines[0]).toMatchObject({ shape: expect.stringContaining('message:{message_id:number,text:string}') });
    expect(w.app.logs.slice(before).filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('answers an OA body with an event name that is not text 401 (wrong signature) or 200 (signed), never a 500', async () => {
    const timestamp = String(Date.now());
    const raw = JSON.stringify({ event_name: { toString: 1 }, timestamp, app_id: { toString: 1 } });
    const post = (signature: string) => fetch(w.url('/zalo/oa/webhook'), { method: 'POST', headers: { ...json, 'x-zevent-signature': signature }, body: raw });
    expect((await post(`mac=${'a'.repeat(64)}`)).status).toBe(401);
    expect((await post(w.oaSignature(raw, timestamp))).status).toBe(200);
    const noTimestamp = JSON.stringify({ event_name: { toString: 1 } });
    const res = await fetch(w.url('/zalo/oa/webhook'), {
      method: 'POST',
      headers: { ...json, 'x-zevent-signature': `mac=${'a'.repeat(64)}` },
      body: noTimestamp,
    });
    expect(res.status).toBe(400);
  });

  it('refuses ?after= beyond a Postgres integer with a 400 naming it, and audits the call', async () => {
    const res = await fetch(w.url('/api/v1/reports?after=2147483648'), { headers: { authorization: `Bearer ${w.apiToken}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { at: string; message: string }[] };
    expect(body).toEqual({ error: 'invalid_query', issues: [{ at: 'after', message: expect.any(String) }] });
    const audit = await w.app.db.prisma.auditLog.findFirst({ where: { action: 'api.reports.read' }, orderBy: { id: 'desc' } });
    expect(audit?.details).toMatchObject({ status: 400, error: 'invalid_query', query: 'after=2147483648' });
    const last = await fetch(w.url('/api/v1/reports?after=2147483647'), { headers: { authorization: `Bearer ${w.apiToken}` } });
    expect(last.status).toBe(200);
  });

  it('refuses a cooperative id beyond a Postgres integer in an announcement with a 400', async () => {
    const res = await fetch(w.url('/api/v1/announcements'), {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${w.apiToken}` },
      body: JSON.stringify({ kind: 'other', title: 'Thông báo', body: 'Nội dung thông báo.', audience: 'both', cooperativeIds: [2147483648] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_input', issues: [{ at: 'cooperativeIds[0]' }] });
  });
});

describe("the dashboard's query", () => {
  it('loses control characters (a NUL) before a page reads it', () => {
    const r = toHttpRequest({ method: 'GET', url: '/dashboard/reports?sector=a%00b%01&period=2026', headers: {} } as unknown as FastifyRequest);
    expect(r.query.get('sector')).toBe('ab');
    expect(r.query.get('period')).toBe('2026');
  });
});
