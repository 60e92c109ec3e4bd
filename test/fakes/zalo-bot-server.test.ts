import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeZaloBot, type FakeZaloBotServer } from './zalo-bot-server.js';

let server: FakeZaloBotServer;

beforeEach(async () => {
  server = await startFakeZaloBot();
});
afterEach(async () => {
  await server.close();
});

interface ApiAnswer {
  status: number;
  json: any;
}

/** POST a Bot API call the way a client would; `body` may be a raw string. */
async function call(method: string, body: unknown = {}, token = server.token): Promise<ApiAnswer> {
  const res = await fetch(`${server.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** A tiny webhook receiver that records what it got and answers 200 "ok". */
async function startReceiver(): Promise<{ url: string; got: Array<{ headers: IncomingHttpHeaders; body: string }>; server: Server }> {
  const got: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.headers['x-bot-api-secret-token'] === 'webhook-secret-123' ? 200 : 403).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zalo/webhook`, got, server: receiver };
}

describe('fake Zalo Bot server', () => {
  it('answers getMe and records calls', async () => {
    expect(server.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await call('getMe');
    expect(me).toEqual({
      status: 200,
      json: { ok: true, result: { id: '1234567890', account_name: 'htx_test_bot', account_type: 'BASIC', can_join_groups: false } },
    });
    expect(server.calls).toEqual([{ method: 'getMe', token: server.token, body: {}, status: 200, at: expect.any(Number) }]);
    expect(server.callsOf('getMe')).toHaveLength(1);
  });

  it('rejects a wrong token (401), unknown methods (404) and non-JSON bodies (400)', async () => {
    expect(await call('getMe', {}, '1234567890:wrong')).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(server.calls[0]).toMatchObject({ method: 'getMe', token: '1234567890:wrong', status: 401 });
    expect(await call('noSuchMethod')).toMatchObject({ status: 404, json: { ok: false, error_code: 404 } });
    const bad = await call('sendMessage', '{not json');
    expect(bad).toMatchObject({ status: 400, json: { ok: false, error_code: 400 } });
  });

  it('serves one queued update per getUpdates, FIFO, each once, then 408 after the timeout', async () => {
    const first = server.sendText('u1', 'xin chào', { displayName: 'Lan' });
    const second = server.sendSticker('u1');
    const third = server.sendImage('u2', { caption: 'hoá đơn' });
    server.pushUpdate({ event_name: 'weird', message: null });
    expect(first).toMatchObject({
      event_name: 'message.text.received',
      message: { from: { id: 'u1', display_name: 'Lan', is_bot: false }, chat: { id: 'u1', chat_type: 'PRIVATE' }, text: 'xin chào' },
    });
    expect(new Set([first, second, third].map((u) => u.message.message_id)).size).toBe(3);
    expect(third.message).toMatchObject({ caption: 'hoá đơn', photo_url: expect.stringMatching(/^https:\/\//) });
    expect(server.pending).toBe(4);

    const got = [];
    for (let i = 0; i < 4; i++) got.push(await call('getUpdates', { timeout: '30' }));
    expect(got.map((g) => g.status)).toEqual([200, 200, 200, 200]);
    expect(got.map((g) => g.json.result)).toEqual([first, second, third, { event_name: 'weird', message: null }]);
    expect(server.pending).toBe(0);

    const started = Date.now();
    expect(await call('getUpdates', { timeout: '1' })).toEqual({
      status: 408,
      json: { ok: false, error_code: 408, description: 'Request timeout' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await call('getUpdates', { timeout: 0 })).toMatchObject({ status: 408 }); // numbers accepted too
  });

  it('hands an update to a held long poll as soon as it arrives', async () => {
    const poll = call('getUpdates', { timeout: '30' });
    await new Promise((r) => setTimeout(r, 50));
    const update = server.sendText('u9', 'đến muộn', { messageId: 'given-id' });
    expect((await poll).json).toEqual({ ok: true, result: update });
    expect(update.message.message_id).toBe('given-id');
  });

  it('manages webhooks: validation, 400 for getUpdates while set, updates not queued', async () => {
    expect((await call('setWebhook', { url: 'https://example.com/hook' })).status).toBe(400); // secret missing
    expect((await call('setWebhook', { url: 'https://example.com/hook', secret_token: 'short' })).status).toBe(400);
    expect((await call('setWebhook', { url: 'http://example.com/hook', secret_token: 'long-enough' })).status).toBe(400);
    expect(server.webhook).toBeNull();

    const set = await call('setWebhook', { url: 'https://example.com/hook', secret_token: 'long-enough' });
    expect(set.json).toEqual({ ok: true, result: { url: 'https://example.com/hook', updated_at: expect.any(Number) } });
    expect(server.webhook).toEqual({ url: 'https://example.com/hook', secret_token: 'long-enough' });
    expect((await call('getWebhookInfo')).json.result).toMatchObject({ url: 'https://example.com/hook' });
    expect(await call('getUpdates', { timeout: '1' })).toEqual({
      status: 400,
      json: { ok: false, error_code: 400, description: 'Webhook is active' },
    });
    server.sendText('u1', 'not queued');
    expect(server.pending).toBe(0);
    await expect(server.deliverToWebhook(server.textUpdate('u1', 'x'))).rejects.toThrow(/127\.0\.0\.1/);

    expect((await call('deleteWebhook')).status).toBe(200);
    expect(server.webhook).toBeNull();
    expect((await call('getWebhookInfo')).json.result).toMatchObject({ url: '' });
    expect((await call('getUpdates', { timeout: '0' })).status).toBe(408);
  });

  it('validates sendMessage text length in code points and records sends', async () => {
    const max = '😀'.repeat(2000); // 4000 UTF-16 units, 2000 characters
    const sent = await call('sendMessage', { chat_id: 'u1', text: max });
    expect(sent).toEqual({ status: 200, json: { ok: true, result: { message_id: expect.any(String), date: expect.any(Number) } } });
    const tooLong = { status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: text must be 1-2000 characters' } };
    expect(await call('sendMessage', { chat_id: 'u1', text: 'a'.repeat(2001) })).toEqual(tooLong);
    expect(await call('sendMessage', { chat_id: 'u1', text: '' })).toEqual(tooLong);
    expect((await call('sendMessage', { text: 'hi' })).status).toBe(400);

    expect((await call('sendPhoto', { chat_id: 'u1', photo: 'https://img.test/a.jpg', caption: 'ảnh' })).status).toBe(200);
    expect((await call('sendPhoto', { chat_id: 'u1', photo: 'not a url' })).status).toBe(400);
    expect((await call('sendPhoto', { chat_id: 'u1', photo: 'https://img.test/a.jpg', caption: 'x'.repeat(2001) })).status).toBe(400);
    expect((await call('sendSticker', { chat_id: 'u1', sticker: 'stk-1' })).status).toBe(200);
    expect(await call('sendChatAction', { chat_id: 'u1', action: 'typing' })).toEqual({ status: 200, json: { ok: true, result: true } });

    expect(server.sentTo('u1')).toEqual([
      { method: 'sendMessage', text: max },
      { method: 'sendPhoto', photo: 'https://img.test/a.jpg', caption: 'ảnh' },
      { method: 'sendSticker', sticker: 'stk-1' },
    ]);
    expect(server.sentTo('u2')).toEqual([]);
  });

  it('fails the next calls as asked (429 with retry_after), then succeeds; waitFor counts successes', async () => {
    server.failNext('sendMessage', { status: 429 });
    server.failNext('*', { status: 502 }, 1);
    const waiting = server.waitFor('sendMessage', 1, 2000);
    expect(await call('sendMessage', { chat_id: 'u1', text: 'một' })).toEqual({
      status: 429,
      json: { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 1 } },
    });
    expect((await call('getUpdates', { timeout: '0' })).status).toBe(408); // '*' skips getUpdates
    expect((await call('getMe')).status).toBe(502);
    expect((await call('sendMessage', { chat_id: 'u1', text: 'một' })).status).toBe(200);
    const calls = await waiting;
    expect(calls.map((c) => c.status)).toEqual([200]);
    expect(server.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(server.sentTo('u1')).toEqual([{ method: 'sendMessage', text: 'một' }]);
    await expect(server.waitFor('sendPhoto', 1, 50)).rejects.toThrow(/only 0 successful/);
  });

  it('delivers updates to a registered webhook with the secret header', async () => {
    const receiver = await startReceiver();
    try {
      await expect(server.deliverToWebhook({})).rejects.toThrow(/no webhook/);
      expect((await call('setWebhook', { url: receiver.url, secret_token: 'webhook-secret-123' })).status).toBe(200);
      const update = server.textUpdate('u5', 'qua webhook');
      expect(server.pending).toBe(0);

      expect(await server.deliverToWebhook(update)).toEqual({ status: 200, body: 'ok' });
      expect(receiver.got[0]?.headers['x-bot-api-secret-token']).toBe('webhook-secret-123');
      expect(receiver.got[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(receiver.got[0]?.body ?? '')).toEqual(update);

      expect((await server.deliverToWebhook(update, { secret: 'wrong-secret' })).status).toBe(403);
      expect((await server.deliverToWebhook(update, { secret: null })).status).toBe(403);
      expect(receiver.got[2]?.headers['x-bot-api-secret-token']).toBeUndefined();
      expect((await server.deliverToWebhook(null, { rawBody: '{broken' })).status).toBe(200);
      expect(receiver.got[3]?.body).toBe('{broken');
    } finally {
      await new Promise<void>((resolve) => {
        receiver.server.close(() => resolve());
        receiver.server.closeAllConnections();
      });
    }
  });

  it('emits updates without event_name and with the name in from.first_name only, when asked', async () => {
    const bare = server.sendText('u7', 'xin chào', { withoutEventName: true, nameAs: 'first_name', displayName: 'Bình' });
    expect(bare).not.toHaveProperty('event_name');
    expect(bare.message.from).toEqual({ id: 'u7', first_name: 'Bình', is_bot: false });
    const photo = server.sendImage('u7', { withoutEventName: true });
    expect(photo).not.toHaveProperty('event_name');
    expect(photo.message).toMatchObject({ from: { display_name: 'Test User' }, photo_url: expect.any(String) });
    expect(server.textUpdate('u7', 'x', { nameAs: 'first_name' })).toMatchObject({
      event_name: 'message.text.received',
      message: { from: { first_name: 'Test User' } },
    });
    expect((await call('getUpdates', { timeout: '0' })).json).toEqual({ ok: true, result: bare });
    expect((await call('getUpdates', { timeout: '0' })).json.result).not.toHaveProperty('event_name');
  });

  it('ends a pending long poll promptly on close()', async () => {
    const poll = call('getUpdates', { timeout: '30' }).then(
      (a) => a.status,
      () => 'socket closed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    expect(await poll).toBe(408);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(server.waitFor('getMe')).rejects.toThrow(/closed/);
  });
});
