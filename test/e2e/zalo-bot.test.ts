import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { freePort } from '../support/channel-drivers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = '1234567890:zalo-test-secret-abcdef';
const SECRET = 'zalo-webhook-secret-0123456789';

async function accountCount(app: TestApp, externalId: string): Promise<number> {
  return app.db.prisma.channelAccount.count({ where: { channel: 'zalo_bot', externalId } });
}

describe('Zalo Bot API, long polling', () => {
  let fake: FakeZaloBotServer;
  let app: TestApp;
  let channels: Channels;

  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    app = await createTestApp({ secrets: [TOKEN] });
    channels = await startChannels(app, { zaloBot: { token: TOKEN, mode: 'polling', apiRoot: fake.apiRoot }, http: { host: '127.0.0.1', port: 0 } });
  });
  afterAll(async () => {
    await channels?.close();
    await fake?.close();
    await app?.close();
  });

  it('answers a sticker politely, asking for text', async () => {
    fake.sendSticker('zb-1');
    await vi.waitFor(() => expect(fake.sentTo('zb-1')).toHaveLength(1), { timeout: 10_000 });
    expect(fake.sentTo('zb-1')[0]!.text).toContain('Xin lỗi, tôi chưa đọc được nhãn dán');
  });

  it('splits a 2,500-character answer into pieces of at most 2,000 characters, in order', async () => {
    let long = '';
    for (let i = 1; [...long].length < 2500; i++) long += `${i > 1 ? ' ' : ''}Ý số ${i}: hợp tác xã được hỗ trợ.`;
    expect([...long].length).toBeLessThan(2550);
    await channels.zaloBot!.send('zb-2', { text: long, buttons: [[{ label: 'Về menu', action: 'menu:main' }]] });
    const pieces = fake.sentTo('zb-2').map((m) => m.text!);
    expect(pieces).toHaveLength(2);
    for (const p of pieces) expect([...p].length).toBeLessThanOrEqual(2000);
    expect(pieces.join(' ').startsWith(long)).toBe(true);
    expect(pieces[1]).toMatch(/1\. Về menu\nGõ 1 hoặc gõ nội dung trên để chọn\.$/);
  });

  it('sends a picture by URL before the text', async () => {
    await channels.zaloBot!.send('zb-5', { text: 'Hội chợ OCOP tháng 12', imageUrl: 'https://example.gov.vn/poster.jpg' });
    expect(fake.sentTo('zb-5')).toEqual([
      expect.objectContaining({ method: 'sendPhoto', photo: 'https://example.gov.vn/poster.jpg' }),
      expect.objectContaining({ method: 'sendMessage', text: 'Hội chợ OCOP tháng 12' }),
    ]);
  });

  it('retries a 429 and a 502, then delivers exactly once', async () => {
    fake.failNext('sendMessage', { status: 429 });
    fake.failNext('sendMessage', { status: 502 });
    fake.sendText('zb-3', '/start');
    await vi.waitFor(() => expect(fake.sentTo('zb-3')).toHaveLength(1), { timeout: 15_000 });
    const attempts = fake.callsOf('sendMessage').filter((c) => c.body.chat_id === 'zb-3');
    expect(attempts.map((c) => c.status)).toEqual([429, 502, 200]);
  });

  it('keeps polling after the API fails, and ignores group chats', async () => {
    fake.failNext('getUpdates', { status: 502 });
    fake.pushUpdate({
      event_name: 'message.text.received',
      message: { message_id: 'g-1', date: Date.now(), from: { id: 'zb-9' }, chat: { id: 'group-1', chat_type: 'GROUP' }, text: '/start' },
    });
    fake.sendText('zb-4', '/menu');
    await vi.waitFor(() => expect(fake.sentTo('zb-4')).toHaveLength(1), { timeout: 15_000 });
    expect(fake.sentTo('group-1')).toHaveLength(0);
  });

  it('never logs the bot token', () => {
    expect(JSON.stringify(app.logs)).not.toContain('zalo-test-secret-abcdef');
  });
});

describe('Zalo Bot API, webhook', () => {
  let fake: FakeZaloBotServer;
  let app: TestApp;
  let channels: Channels;

  beforeAll(async () => {
    fake = await startFakeZaloBot({ token: TOKEN });
    app = await createTestApp({ secrets: [TOKEN, SECRET] });
    const port = await freePort();
    channels = await startChannels(app, {
      zaloBot: { token: TOKEN, mode: 'webhook', webhookSecret: SECRET, apiRoot: fake.apiRoot },
      http: { host: '127.0.0.1', port, publicUrl: `http://127.0.0.1:${port}` },
    });
  });
  afterAll(async () => {
    await channels?.close();
    await fake?.close();
    await app?.close();
  });

  it('registers the webhook with its secret', () => {
    expect(fake.webhook).toEqual({ url: `${channels.http.url}/zalo/bot/webhook`, secret_token: SECRET });
  });

  it('refuses a wrong or missing secret with 401 and stores nothing', async () => {
    const update = fake.textUpdate('zb-10', '/start');
    expect((await fake.deliverToWebhook(update, { secret: 'not-the-secret-0000' })).status).toBe(401);
    expect((await fake.deliverToWebhook(update, { secret: null })).status).toBe(401);
    await channels.zaloBot!.idle();
    expect(await accountCount(app, 'zb-10')).toBe(0);
    expect(await app.db.prisma.inboundEvent.count({ where: { channel: 'zalo_bot' } })).toBe(0);
    expect(fake.sentTo('zb-10')).toHaveLength(0);
  });

  it('answers malformed JSON with 400, and acknowledges an update it does not know', async () => {
    expect((await fake.deliverToWebhook(null, { rawBody: '{"event_name": ' })).status).toBe(400);
    expect((await fake.deliverToWebhook({ event_name: 'bot.something.new', data: {} })).status).toBe(200);
    expect(app.logs.some((l) => l.msg === 'unrecognised zalo bot update ignored')).toBe(true);
  });

  it('processes a redelivered update once, and accepts the wrapped shape', async () => {
    const update = fake.textUpdate('zb-11', '/start', { messageId: 'dup-1' });
    const statuses = await Promise.all([fake.deliverToWebhook(update), fake.deliverToWebhook({ ok: true, result: update })]);
    expect(statuses.map((s) => s.status)).toEqual([200, 200]);
    await channels.zaloBot!.idle();
    expect(fake.sentTo('zb-11')).toHaveLength(1);
    expect(fake.sentTo('zb-11')[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    expect(await accountCount(app, 'zb-11')).toBe(1);
  });

  it('answers an update without event_name, and stores the name given only as from.first_name', async () => {
    const update = fake.textUpdate('zb-13', '/start', { withoutEventName: true, nameAs: 'first_name', displayName: 'Trần Thị Bình' });
    expect(update).not.toHaveProperty('event_name');
    expect((await fake.deliverToWebhook(update)).status).toBe(200);
    await channels.zaloBot!.idle();
    expect(fake.sentTo('zb-13')).toHaveLength(1);
    expect(fake.sentTo('zb-13')[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    const account = await app.db.prisma.channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel: 'zalo_bot', externalId: 'zb-13' } } });
    expect(account.displayName).toBe('Trần Thị Bình');
  });

  it('logs an unknown shape once, by its field names and types only, and acknowledges every one', async () => {
    const logged = () => app.logs.filter((l) => l.msg === 'unrecognised zalo bot update ignored');
    const before = logged().length;
    for (const who of ['Nguyễn Văn An 0912345678', 'Lê Thị Bích']) {
      expect((await fake.deliverToWebhook({ payload_v2: { sender: who, text: who } })).status).toBe(200);
    }
    const lines = logged().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ shape: '{payload_v2:{sender:string,text:string}}' });
    expect(JSON.stringify(lines[0])).not.toMatch(/Nguyễn|0912345678|Bích/);
  });

  it('holds a multi-step exchange answered by numbers', async () => {
    const say = async (text: string) => {
      const before = fake.sentTo('zb-12').length;
      expect((await fake.deliverToWebhook(fake.textUpdate('zb-12', text))).status).toBe(200);
      await channels.zaloBot!.idle();
      return fake
        .sentTo('zb-12')
        .slice(before)
        .map((m) => m.text)
        .join('\n');
    };
    const menu = await say('/ngonngu');
    expect(menu).toMatch(/1\. .*Tiếng Việt/);
    expect(menu).toMatch(/2\. English/);
    expect(await say('2')).toContain('Switched to English.');
    expect(await say('/menu')).toContain('Reply with a number (1–');
  });
});
