import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OA_SIGNATURE_VECTORS, oneChange } from '../fixtures/zalo-oa-signature-vectors.js';
import {
  OA_UPLOAD_FILE_MAX_BYTES,
  OA_UPLOAD_TOO_LARGE,
  OA_UPLOAD_WRONG_TYPE,
  FREE_WINDOW_MS,
  PAID_WINDOW_MS,
  PATHS,
  startFakeZaloOa,
  type FakeZaloOaServer,
} from './zalo-oa-server.js';

let server: FakeZaloOaServer;

beforeEach(async () => {
  server = await startFakeZaloOa();
});
afterEach(async () => {
  await server.close();
});

/** POSTs a refresh exactly like a bot would; returns the JSON. */
async function refresh(refreshToken: string, opts: { secret?: string; appId?: string } = {}): Promise<any> {
  const res = await fetch(`${server.url}/v4/oa/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: opts.secret ?? server.appSecret },
    body: new URLSearchParams({ refresh_token: refreshToken, app_id: opts.appId ?? server.appId, grant_type: 'refresh_token' }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** POSTs a JSON API call with the access_token header; returns the JSON and the response headers. */
async function api(path: string, token: string | undefined, body: unknown): Promise<{ json: any; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined && { access_token: token }) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return { json: await res.json(), headers: res.headers };
}

async function login(): Promise<string> {
  const pair = await refresh(server.currentRefreshToken());
  return pair.access_token as string;
}

const text = (userId: string, t: string): unknown => ({ recipient: { user_id: userId }, message: { text: t } });

describe('fake Zalo OA server — OAuth v4', () => {
  it('rotates single-use refresh tokens and keeps the previous access token valid until it expires', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.currentRefreshToken()).toBe('refresh-initial');
    expect(server.validAccessTokens()).toEqual([]);

    const first = await refresh('refresh-initial');
    expect(first).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: '90000' });
    expect(first.refresh_token).not.toBe('refresh-initial');
    expect(server.currentRefreshToken()).toBe(first.refresh_token);

    const reused = await refresh('refresh-initial');
    expect(reused).toEqual({ error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh token is invalid or used' });

    const second = await refresh(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(server.validAccessTokens()).toEqual([first.access_token, second.access_token]);
    expect((await api(PATHS.cs, first.access_token, text('1', 'cũ'))).json.error).toBe(0);
    expect((await api(PATHS.cs, second.access_token, text('1', 'mới'))).json.error).toBe(0);
    expect((await refresh(first.refresh_token)).error).toBe(-14014);

    expect(server.refreshCount).toBe(2);
    expect(server.refreshAttempts).toBe(4);
    expect(server.callsOf(PATHS.oauth)[0]?.body).toEqual({ refresh_token: 'refresh-initial', app_id: server.appId, grant_type: 'refresh_token' });

    server.expireAccessTokens();
    expect(server.validAccessTokens()).toEqual([]);
    expect((await api(PATHS.cs, second.access_token, text('1', 'x'))).json).toEqual({ error: -216, message: 'Access token is invalid' });
  });

  it('rejects a wrong secret_key or app_id with -14002 without consuming the refresh token', async () => {
    const wrongSecret = await refresh('refresh-initial', { secret: 'nope' });
    expect(wrongSecret).toMatchObject({ error: -14002, error_name: 'Invalid app' });
    const wrongApp = await refresh('refresh-initial', { appId: '42' });
    expect(wrongApp).toMatchObject({ error: -14002, error_name: 'Invalid app' });
    expect(server.currentRefreshToken()).toBe('refresh-initial');
    expect(server.refreshCount).toBe(0);
    expect((await refresh('refresh-initial')).access_token).toEqual(expect.any(String));
  });

  it('honours accessTtlSeconds and refreshLatencyMs: of two concurrent refreshes with one token, only one wins', async () => {
    await server.close();
    server = await startFakeZaloOa({ accessTtlSeconds: 3600, refreshLatencyMs: 150, refreshToken: 'rt-0' });
    const started = Date.now();
    const [a, b] = await Promise.all([refresh('rt-0'), refresh('rt-0')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const results = [a, b].sort((x, y) => (x.error ?? 0) - (y.error ?? 0));
    expect(results[0]).toMatchObject({ error: -14014 });
    expect(results[1]).toMatchObject({ expires_in: '3600' });
    expect(server.refreshCount).toBe(1);
    expect(server.refreshAttempts).toBe(2);
  });
});

describe('fake Zalo OA server — messages', () => {
  it('sends text with the access_token header, answers rate-limit headers, and rejects bad tokens with -216', async () => {
    const token = await login();
    const { json, headers } = await api(PATHS.cs, token, text('2001', 'Xin chào'));
    expect(json).toEqual({
      error: 0,
      message: 'Success',
      data: { message_id: expect.stringMatching(/^[0-9a-f]{32}$/), user_id: '2001', sent_time: expect.stringMatching(/^\d+$/), quota: {} },
    });
    expect(headers.get('x-ratelimit-limit')).toBe('4000');
    expect(Number(headers.get('x-ratelimit-remain'))).toBe(3999);
    const again = await api(PATHS.cs, token, text('2001', 'Lần hai'));
    expect(again.json.data.message_id).not.toBe(json.data.message_id);

    expect((await api(PATHS.cs, 'bogus', text('2001', 'x'))).json).toEqual({ error: -216, message: 'Access token is invalid' });
    // Authorization: Bearer is not how Zalo takes the token.
    const bearer = await fetch(`${server.url}${PATHS.cs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(text('2001', 'x')),
    });
    expect(await bearer.json()).toEqual({ error: -216, message: 'Access token is invalid' });

    expect(server.sentTo('2001')).toEqual([{ text: 'Xin chào' }, { text: 'Lần hai' }]);
    expect(server.callsOf(PATHS.cs).map((c) => [c.accessToken, c.result.error])).toEqual([
      [token, 0],
      [token, 0],
      ['bogus', -216],
      [undefined, -216],
    ]);
    expect(await server.waitFor(PATHS.cs, 2)).toHaveLength(2);
  });

  it('validates text length (2000 code points) and the recipient', async () => {
    const token = await login();
    expect((await api(PATHS.cs, token, text('7', '😀'.repeat(2000)))).json.error).toBe(0); // code points, not UTF-16 units
    expect((await api(PATHS.cs, token, text('7', 'a'.repeat(2001)))).json).toEqual({ error: -201, message: 'text is too long' });
    expect((await api(PATHS.cs, token, { recipient: {}, message: { text: 'hi' } })).json.error).toBe(-201);
    expect((await api(PATHS.cs, token, { message: { text: 'hi' } })).json.error).toBe(-201);
    expect(server.sentTo('7')).toHaveLength(1);
  });

  it('records button templates in sentTo and enforces their limits', async () => {
    const token = await login();
    const buttons = [
      { title: 'Xem báo cáo', type: 'oa.query.show', payload: '#report' },
      { title: 'Trang web', type: 'oa.open.url', payload: { url: 'https://example.invalid/' } },
    ];
    const body = { recipient: { user_id: '9' }, message: { text: 'Chọn:', attachment: { type: 'template', payload: { buttons } } } };
    expect((await api(PATHS.cs, token, body)).json.error).toBe(0);
    expect(server.sentTo('9')).toEqual([{ text: 'Chọn:', attachment: { type: 'template', payload: { buttons } }, buttons }]);

    const six = Array.from({ length: 6 }, (_, i) => ({ title: `B${i}`, type: 'oa.query.hide', payload: `#${i}` }));
    const tooMany = { ...body, message: { text: 'x', attachment: { type: 'template', payload: { buttons: six } } } };
    expect((await api(PATHS.cs, token, tooMany)).json.error).toBe(-201);
    const longTitle = [{ title: 'x'.repeat(101), type: 'oa.query.show', payload: '#a' }];
    expect(
      (await api(PATHS.cs, token, { ...body, message: { text: 'x', attachment: { type: 'template', payload: { buttons: longTitle } } } })).json.error,
    ).toBe(-201);
    const badType = [{ title: 'ok', type: 'oa.query.nope', payload: '#a' }];
    expect((await api(PATHS.cs, token, { ...body, message: { text: 'x', attachment: { type: 'template', payload: { buttons: badType } } } })).json.error).toBe(
      -201,
    );

    const ask = {
      type: 'template',
      payload: { template_type: 'request_user_info', elements: [{ title: 'Chia sẻ số điện thoại', subtitle: 'Để HTX liên hệ' }] },
    };
    expect((await api(PATHS.cs, token, { recipient: { user_id: '9' }, message: { attachment: ask } })).json.error).toBe(0);
    expect(server.sentTo('9')).toHaveLength(2);
  });

  it('uploads a file (multipart) and sends it by token; unknown tokens get -100', async () => {
    const token = await login();
    const content = Buffer.from('%PDF-1.4\n\r\n--not-a-boundary\n%%EOF\n');
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/pdf' }), 'báo-cáo.pdf');
    const res = await fetch(`${server.url}${PATHS.uploadFile}`, { method: 'POST', headers: { access_token: token }, body: form });
    const up = (await res.json()) as any;
    expect(up).toEqual({ error: 0, message: 'Success', data: { token: expect.any(String) } });
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0]).toMatchObject({ token: up.data.token, filename: 'báo-cáo.pdf', size: content.length });
    expect(server.uploads[0]?.content.equals(content)).toBe(true);
    expect(server.callsOf(PATHS.uploadFile)[0]?.body.file).toMatchObject({ filename: 'báo-cáo.pdf', size: content.length });

    const fileMsg = (t: string): unknown => ({ recipient: { user_id: '5' }, message: { attachment: { type: 'file', payload: { token: t } } } });
    expect((await api(PATHS.cs, token, fileMsg(up.data.token))).json.error).toBe(0);
    const [sent] = server.sentTo('5');
    expect(sent?.file?.filename).toBe('báo-cáo.pdf');
    expect(sent?.file?.content.equals(content)).toBe(true);
    expect((await api(PATHS.cs, token, fileMsg('no-such-token'))).json).toEqual({ error: -100, message: 'attachment is expired or invalid' });

    const empty = new FormData();
    empty.append('other', 'x');
    const missing = await fetch(`${server.url}${PATHS.uploadFile}`, { method: 'POST', headers: { access_token: token }, body: empty });
    expect(((await missing.json()) as any).error).toBe(-201);

    const img = new FormData();
    img.append('file', new Blob([Buffer.from('png')], { type: 'image/png' }), 'a.png');
    const imgRes = (await (await fetch(`${server.url}${PATHS.uploadImage}`, { method: 'POST', headers: { access_token: token }, body: img })).json()) as any;
    expect(imgRes.data.attachment_id).toEqual(expect.any(String));
    const media = { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: imgRes.data.attachment_id }] } };
    expect((await api(PATHS.cs, token, { recipient: { user_id: '5' }, message: { text: 'Ảnh', attachment: media } })).json.error).toBe(0);
  });

  it('upload/file takes PDF, DOC and DOCX up to 5 MB only, checked by name and first bytes (HTTP 200, Zalo-style error)', async () => {
    const token = await login();
    const upload = async (filename: string, content: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([content]), filename);
      const res = await fetch(`${server.url}${PATHS.uploadFile}`, { method: 'POST', headers: { access_token: token }, body: form });
      expect(res.status).toBe(200);
      return (await res.json()) as any;
    };
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    const doc = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(60)]);
    const accepted = [
      ['a.pdf', pdf],
      ['Báo cáo.DOCX', docx],
      ['b.doc', doc],
    ] as const;
    for (const [name, content] of accepted) expect((await upload(name, content)).error).toBe(0);
    // Other types, whatever their bytes: an XLSX is a zip too, a CSV or JSON is text.
    for (const [name, content] of [
      ['bao-cao.xlsx', docx],
      ['danh-sach.csv', Buffer.from('a,b\n1,2\n')],
      ['q3.json', Buffer.from('{}')],
      ['no-extension', pdf],
    ] as const) {
      expect(await upload(name, content)).toEqual({ error: OA_UPLOAD_WRONG_TYPE, message: 'File type is not supported (PDF, DOC, DOCX only)' });
    }
    // A name that lies about the content.
    expect((await upload('fake.pdf', Buffer.from('a,b\n'))).error).toBe(OA_UPLOAD_WRONG_TYPE);
    expect((await upload('fake.docx', pdf)).error).toBe(OA_UPLOAD_WRONG_TYPE);
    // 5 MB exactly passes; one byte more does not.
    const atLimit = Buffer.concat([pdf, Buffer.alloc(OA_UPLOAD_FILE_MAX_BYTES - pdf.length)]);
    expect((await upload('big.pdf', atLimit)).error).toBe(0);
    expect(await upload('bigger.pdf', Buffer.concat([atLimit, Buffer.from('x')]))).toEqual({
      error: OA_UPLOAD_TOO_LARGE,
      message: 'File size exceeds the limit (5 MB)',
    });
    expect(server.uploads.map((u) => u.filename)).toEqual(['a.pdf', 'Báo cáo.DOCX', 'b.doc', 'big.pdf']);
  });

  it('answers -230 outside the interaction window, -213 for non-followers, and failNext errors', async () => {
    const token = await login();
    server.setOutsideWindow('11');
    expect((await api(PATHS.cs, token, text('11', 'x'))).json).toEqual({ error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    server.setOutsideWindow('11', false);
    expect((await api(PATHS.cs, token, text('11', 'x'))).json.error).toBe(0);
    server.setNotFollower('12');
    expect((await api(PATHS.cs, token, text('12', 'x'))).json).toEqual({ error: -213, message: 'User has not followed OA' });

    server.failNext(PATHS.cs, { error: -32, message: 'rate limit' }, 2);
    expect((await api(PATHS.cs, token, text('13', 'a'))).json).toEqual({ error: -32, message: 'rate limit' });
    expect((await api(PATHS.cs, token, text('13', 'b'))).json.error).toBe(-32);
    expect((await api(PATHS.cs, token, text('13', 'c'))).json.error).toBe(0);
    expect(server.sentTo('13')).toEqual([{ text: 'c' }]);
    expect(server.sentTo('11')).toEqual([{ text: 'x' }]);
  });
});

describe('fake Zalo OA server — webhook', () => {
  let hook: Server;
  let received: Array<{ headers: IncomingHttpHeaders; raw: string }>;
  /** What the webhook answers next, one status per request (200 once they are used up). */
  let statuses: number[];

  beforeEach(async () => {
    received = [];
    statuses = [];
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    server.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/zalo/webhook`);
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  const mac = (raw: string, timestamp: string): string =>
    createHash('sha256')
      .update(server.appId + raw + timestamp + server.oaSecretKey)
      .digest('hex');

  it('signs events with mac=sha256(appId + rawBody + timestamp + oaSecretKey)', async () => {
    const event = server.textEvent('3001', 'xin chào', { timestamp: '1700000000000' });
    expect(event).toMatchObject({
      app_id: server.appId,
      event_name: 'user_send_text',
      timestamp: '1700000000000',
      sender: { id: '3001' },
      recipient: { id: server.oaId },
      message: { text: 'xin chào', msg_id: expect.any(String) },
      user_id_by_app: expect.stringMatching(/^\d+$/),
    });
    expect(await server.pushEvent(event)).toEqual({ status: 200, body: 'ok' });
    const [got] = received;
    expect(got?.raw).toBe(JSON.stringify(event));
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['x-zevent-signature']).toBe(`mac=${mac(got!.raw, '1700000000000')}`);
    expect(server.sign(got!.raw, '1700000000000')).toBe(got?.headers['x-zevent-signature']);

    await server.pushEvent(event, { signature: 'wrong' });
    await server.pushEvent(event, { signature: 'missing' });
    await server.pushEvent(event, { signature: 'plain' });
    const raw = ' {"tampered": true} ';
    await server.pushEvent(event, { rawBody: raw });
    const [, wrong, missing, plain, custom] = received;
    expect(wrong?.headers['x-zevent-signature']).toMatch(/^mac=[0-9a-f]{64}$/);
    expect(wrong?.headers['x-zevent-signature']).not.toBe(`mac=${mac(wrong!.raw, '1700000000000')}`);
    expect(missing?.headers['x-zevent-signature']).toBeUndefined();
    expect(plain?.headers['x-zevent-signature']).toBe(mac(plain!.raw, '1700000000000'));
    expect(custom?.raw).toBe(raw);
    expect(custom?.headers['x-zevent-signature']).toBe(`mac=${mac(raw, '1700000000000')}`);
  });

  it('builds the other event shapes with string ids and timestamps', async () => {
    const a = server.textEvent('1', 'a');
    const b = server.textEvent('1', 'b');
    expect(a.message.msg_id).not.toBe(b.message.msg_id);
    expect(a.timestamp).toMatch(/^\d{13}$/);

    const image = server.imageEvent('1');
    expect(image).toMatchObject({
      event_name: 'user_send_image',
      sender: { id: '1' },
      message: { attachments: [{ type: 'image', payload: { url: expect.any(String), thumbnail: expect.any(String) } }] },
    });
    const pixel = await fetch(image.message.attachments[0].payload.url as string);
    expect(pixel.headers.get('content-type')).toBe('image/png');
    expect(server.stickerEvent('1')).toMatchObject({ event_name: 'user_send_sticker', message: { attachments: [{ type: 'sticker' }] } });

    const follow = server.followEvent('1');
    expect(follow).toEqual({
      oa_id: server.oaId,
      follower: { id: '1' },
      user_id_by_app: server.userIdByApp('1'),
      event_name: 'follow',
      source: 'testing',
      app_id: server.appId,
      timestamp: expect.any(String),
    });
    expect(server.followEvent('1', false).event_name).toBe('unfollow');
    expect(server.submitInfoEvent('1', { name: 'An', phone: '84901234567' })).toMatchObject({
      event_name: 'user_submit_info',
      sender: { id: '1' },
      recipient: { id: server.oaId },
      info: { name: 'An', phone: '84901234567' },
    });
    expect(server.oaEchoEvent('1', 'echo')).toMatchObject({
      event_name: 'oa_send_text',
      sender: { id: server.oaId },
      recipient: { id: '1' },
      message: { text: 'echo' },
    });

    expect(() => server.setWebhook('http://example.com/hook')).toThrow(/non-loopback/);
    expect(await server.pushEvent(follow)).toMatchObject({ status: 200 });
    expect(received[0]?.headers['x-zevent-signature']).toBe(`mac=${mac(received[0]!.raw, follow.timestamp as string)}`);
  });

  // Fixed vectors computed outside the project's code with sha256sum (test/fixtures/zalo-oa-signature-vectors.ts).
  it.each(OA_SIGNATURE_VECTORS.map((v, i) => [i + 1, v] as const))('signs fixed vector %i exactly, and nothing one character away', async (_, v) => {
    const fake = await startFakeZaloOa({ appId: v.appId, oaSecretKey: v.oaSecretKey });
    try {
      fake.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/zalo/webhook`);
      expect(fake.sign(v.body, v.timestamp)).toBe(v.header);
      expect(fake.verify(v.header, v.body, v.timestamp)).toBe(true);
      await fake.pushEvent(JSON.parse(v.body) as Record<string, unknown>, { rawBody: v.body });
      expect(received.at(-1)).toMatchObject({ raw: v.body, headers: { 'x-zevent-signature': v.header } });
      // One character changed anywhere: the body, the timestamp, the signature itself.
      for (const i of [0, 20, v.body.length - 3]) expect(fake.verify(v.header, oneChange(v.body, i), v.timestamp)).toBe(false);
      expect(fake.verify(v.header, v.body, oneChange(v.timestamp, v.timestamp.length - 1))).toBe(false);
      expect(fake.verify(oneChange(v.header, v.header.length - 1), v.body, v.timestamp)).toBe(false);
      expect(fake.sign(oneChange(v.body, 20), v.timestamp)).not.toBe(v.header);
    } finally {
      await fake.close();
    }
    // The same bytes under a secret key one character away sign differently.
    const otherKey = await startFakeZaloOa({ appId: v.appId, oaSecretKey: oneChange(v.oaSecretKey, 0) });
    expect(otherKey.sign(v.body, v.timestamp)).not.toBe(v.header);
    expect(otherKey.verify(v.header, v.body, v.timestamp)).toBe(false);
    await otherKey.close();
  });

  it('redelivers an event not answered 200 after 30 s, then 5 and 15 min, with num_retry, until answered 200', async () => {
    statuses = [500, 503, 502];
    const event = server.textEvent('3101', 'thử lại', { msgId: 'm-retry' });
    expect((await server.pushEvent(event)).status).toBe(500);
    expect(server.pendingRetries()).toBe(1);
    expect(await server.advanceClock(29_000)).toEqual([]); // not due yet
    const made = await server.advanceClock(3 * 3600_000);
    expect(made.map((d) => [d.numRetry, d.status])).toEqual([
      [1, 503],
      [2, 502],
      [3, 200],
    ]);
    expect(server.deliveries.map((d) => d.numRetry)).toEqual([0, 1, 2, 3]);
    expect(server.deliveries.every((d) => d.eventName === 'user_send_text' && d.msgId === 'm-retry')).toBe(true);
    // Each delay counts from the previous attempt: 30 s, then 5 min, then 15 min (on the fake's clock).
    const gaps = server.deliveries.slice(1).map((d, i) => Math.round((d.at - server.deliveries[i]!.at) / 1000));
    expect(gaps).toEqual([30, 300, 900]);
    // The same bytes and signature every time; num_retry counts the attempts (0 first).
    expect(received.map((r) => r.raw)).toEqual(Array(4).fill(JSON.stringify(event)));
    expect(new Set(received.map((r) => r.headers['x-zevent-signature'])).size).toBe(1);
    expect(received.map((r) => r.headers['num_retry'])).toEqual(['0', '1', '2', '3']);
    expect(server.pendingRetries()).toBe(0);
    expect(await server.advanceClock(24 * 3600_000)).toEqual([]);
    expect(received).toHaveLength(4);
  });

  it('switches the webhook off after the fifth redelivery fails (30 s, 5, 15, 30 min, 1 h apart), until it is set again', async () => {
    statuses = Array(6).fill(500);
    expect((await server.pushEvent(server.textEvent('3102', 'x'))).status).toBe(500);
    const made = await server.advanceClock(3 * 3600_000);
    expect(made.map((d) => d.numRetry)).toEqual([1, 2, 3, 4, 5]);
    const gaps = server.deliveries.slice(1).map((d, i) => Math.round((d.at - server.deliveries[i]!.at) / 1000));
    expect(gaps).toEqual([30, 300, 900, 1800, 3600]);
    expect(server.webhookDisabled).toBe(true);
    await expect(server.pushEvent(server.textEvent('3102', 'y'))).rejects.toThrow(/switched off/);
    server.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/zalo/webhook`);
    expect((await server.pushEvent(server.textEvent('3102', 'z'))).status).toBe(200);
  });

  it('redelivers to a webhook that could not be reached (status 0), and never redelivers a forged signature', async () => {
    const port = (hook.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    server.setWebhook(`http://127.0.0.1:${deadPort}/zalo/webhook`);
    expect((await server.pushEvent(server.textEvent('3103', 'x'))).status).toBe(0);
    server.setWebhook(`http://127.0.0.1:${port}/zalo/webhook`);
    expect((await server.advanceClock(30_000)).map((d) => [d.numRetry, d.status])).toEqual([[1, 200]]);

    statuses = [401, 401];
    await server.pushEvent(server.textEvent('3104', 'x'), { signature: 'wrong' });
    await server.pushEvent(server.textEvent('3104', 'x'), { signature: 'missing' });
    expect(server.pendingRetries()).toBe(0);
  });

  it('with retryScale, redelivers on real timers and moves its clock by the full delays', async () => {
    const fast = await startFakeZaloOa({ retryScale: 0.001 });
    try {
      fast.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/zalo/webhook`);
      statuses = [500, 500];
      const before = fast.now();
      expect((await fast.pushEvent(fast.textEvent('3105', 'x'))).status).toBe(500);
      await fast.settleRetries();
      expect(fast.deliveries.map((d) => [d.numRetry, d.status])).toEqual([
        [0, 500],
        [1, 500],
        [2, 200],
      ]);
      expect(fast.now() - before).toBeGreaterThanOrEqual(330_000);
    } finally {
      await fast.close();
    }
  });
});

describe('fake Zalo OA server — consultation windows', () => {
  let hook: Server;
  beforeEach(async () => {
    hook = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    server.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/zalo/webhook`);
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  it('is free within 48 h of the last user event, draws on the paid quota to 7 days (-211 when spent), and refuses after (-230)', async () => {
    const token = await login();
    const send = async (t: string) => (await api(PATHS.cs, token, text('5001', t))).json;
    expect(server.lastInteraction('5001')).toBeUndefined();
    const hello = server.textEvent('5001', 'chào');
    await server.pushEvent(hello);
    expect(server.lastInteraction('5001')).toBe(Number(hello.timestamp));
    expect((await send('ngay')).error).toBe(0);
    await server.advanceClock(FREE_WINDOW_MS - 60_000);
    expect((await send('47 giờ 59')).error).toBe(0);
    expect(server.paidQuota).toEqual({ remaining: 1000, used: 0 });

    await server.advanceClock(2 * 60_000); // past 48 h
    server.setPaidQuota(2);
    expect((await send('trả phí 1')).error).toBe(0);
    expect((await send('trả phí 2')).error).toBe(0);
    expect(server.paidQuota).toEqual({ remaining: 0, used: 2 });
    expect(await send('hết hạn mức')).toEqual({ error: -211, message: 'Out of quota' });
    server.setPaidQuota(5);
    await server.advanceClock(PAID_WINDOW_MS - FREE_WINDOW_MS); // past 7 days
    expect(await send('quá 7 ngày')).toEqual({ error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    expect(server.paidQuota).toEqual({ remaining: 5, used: 2 });

    // The user writes again: free once more. A follow counts; an unfollow and the OA's echo do not.
    await server.pushEvent(server.textEvent('5001', 'tôi quay lại'));
    expect((await send('chào mừng')).error).toBe(0);
    await server.advanceClock(PAID_WINDOW_MS + 1000);
    await server.pushEvent(server.followEvent('5001', false));
    await server.pushEvent(server.oaEchoEvent('5001', 'echo'));
    expect((await send('x')).error).toBe(-230);
    await server.pushEvent(server.followEvent('5001'));
    expect((await send('cảm ơn đã quan tâm')).error).toBe(0);
    expect(server.sentTo('5001').map((m) => m.text)).toEqual(['ngay', '47 giờ 59', 'trả phí 1', 'trả phí 2', 'chào mừng', 'cảm ơn đã quan tâm']);
    expect(server.paidQuota).toEqual({ remaining: 5, used: 2 });
  });

  it('keeps setOutsideWindow (-230 whatever the clock) and leaves users it never saw unchecked', async () => {
    const token = await login();
    await server.pushEvent(server.textEvent('5002', 'chào'));
    server.setOutsideWindow('5002');
    expect((await api(PATHS.cs, token, text('5002', 'x'))).json.error).toBe(-230);
    server.setOutsideWindow('5002', false);
    expect((await api(PATHS.cs, token, text('5002', 'x'))).json.error).toBe(0);
    await server.advanceClock(30 * 24 * 3600_000);
    expect((await api(PATHS.cs, token, text('5003', 'never wrote through the fake'))).json.error).toBe(0);
    // Events are stamped on the fake's clock.
    expect(Number(server.textEvent('5003', 'x').timestamp)).toBeGreaterThanOrEqual(Date.now() + 30 * 24 * 3600_000 - 1000);
  });
});
