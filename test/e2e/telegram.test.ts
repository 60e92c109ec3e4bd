import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const SECRET = 'webhook-secret-0123456789';

async function accountOf(app: TestApp, userId: number) {
  return app.db.prisma.channelAccount.findUnique({ where: { channel_externalId: { channel: 'telegram', externalId: String(userId) } } });
}

describe('Telegram, long polling, against a fake Bot API server', () => {
  let fake: FakeTelegramServer;
  let app: TestApp;
  let channels: Channels;

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    app = await createTestApp({ secrets: [TOKEN] });
    channels = await startChannels(app, { telegram: { token: TOKEN, mode: 'polling', apiRoot: fake.apiRoot }, http: { host: '127.0.0.1', port: 0 } });
  });
  afterAll(async () => {
    await channels?.close();
    await fake?.close();
    await app?.close();
  });

  it('holds a conversation with inline buttons, answering every button press', async () => {
    fake.sendText(1001, '/start');
    await vi.waitFor(() => expect(fake.sentTo(1001)).toHaveLength(1), { timeout: 10_000 });
    const greeting = fake.sentTo(1001)[0]!;
    expect(greeting.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    const keyboard = greeting.reply_markup.inline_keyboard as { text: string; callback_data: string }[][];
    expect(keyboard.flat().map((b) => b.callback_data)).toContain('profile');

    const press = fake.pressButton(1001, 'profile');
    await vi.waitFor(() => expect(fake.sentTo(1001)).toHaveLength(2));
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toContain((press.callback_query as { id: string }).id);
    expect(fake.sentTo(1001)[1]!.text).toContain('Về dữ liệu cá nhân');

    fake.pressButton(1001, 'profile:consent:yes');
    await vi.waitFor(() => expect(fake.sentTo(1001)).toHaveLength(3));
    fake.sendText(1001, 'Đặng Thu Thảo');
    await vi.waitFor(() => expect(fake.sentTo(1001)).toHaveLength(4));
    // The phone step asks for a contact with Telegram's own button.
    const keys = fake.sentTo(1001)[3]!.reply_markup.keyboard as { text: string; request_contact?: boolean }[][];
    expect(keys[0]![0]).toMatchObject({ request_contact: true });
    fake.pushUpdate({
      message: {
        message_id: 50,
        from: { id: 1001, is_bot: false, first_name: 'Thảo' },
        chat: { id: 1001, type: 'private' },
        date: 1,
        contact: { phone_number: '+84912000111', user_id: 1001, first_name: 'Thảo' },
      },
    });
    await vi.waitFor(() => expect(fake.sentTo(1001)).toHaveLength(5));
    expect(fake.sentTo(1001)[4]!.text).toContain('Cảm ơn anh/chị Đặng Thu Thảo');
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { channel: 'telegram', externalId: '1001' } } } });
    expect(person).toMatchObject({ name: 'Đặng Thu Thảo', phone: '0912000111' });
  });

  it('waits retry_after on a 429 and then delivers exactly once', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    fake.sendText(1002, '/start');
    await vi.waitFor(() => expect(fake.sentTo(1002)).toHaveLength(1), { timeout: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = fake.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === '1002');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it('marks a user who blocked the bot (403) as opted out', async () => {
    fake.failNext('sendMessage', { status: 403 });
    fake.sendText(1003, '/start');
    await vi.waitFor(async () => expect(await accountOf(app, 1003)).toMatchObject({ optedOut: true }), { timeout: 10_000 });
    expect((await accountOf(app, 1003))!.blockedAt).toBeInstanceOf(Date);
  });

  it('splits a text over 4,096 characters and sends documents', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `Câu số ${i} về hợp tác xã.`).join(' ');
    await channels.telegram!.send('1004', { text: long });
    const pieces = fake.sentTo(1004).map((m) => m.text!);
    expect(pieces.length).toBe(Math.ceil([...long].length / 4096));
    for (const p of pieces) expect([...p].length).toBeLessThanOrEqual(4096);
    expect(pieces.join(' ')).toBe(long);

    const csv = Buffer.from('Tên HTX,Thành viên\nHTX An Bình,45\n', 'utf8');
    await channels.telegram!.send('1004', { text: 'Báo cáo năm 2026', document: { filename: 'bao-cao-2026.csv', content: csv } });
    const doc = fake.sentTo(1004).at(-1)!;
    expect(doc).toMatchObject({ method: 'sendDocument', caption: 'Báo cáo năm 2026', document: { filename: 'bao-cao-2026.csv', size: csv.length } });
    expect(doc.document!.content.equals(csv)).toBe(true);
  });

  it('reports health and never logs the token', async () => {
    const res = await fetch(`${channels.http!.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok', channels: { telegram: { mode: 'polling', ok: true, bot: 'htx_test_bot' } } });
    expect(JSON.stringify(app.logs)).not.toContain(TOKEN);
  });
});

describe('Telegram webhook', () => {
  let fake: FakeTelegramServer;
  let app: TestApp;
  let channels: Channels;
  const post = (body: string, secret?: string) =>
    fetch(`${channels.http!.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body,
    });
  const update = (id: number, userId: number, text: string) =>
    JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        from: { id: userId, is_bot: false, first_name: 'Ba', language_code: 'vi' },
        chat: { id: userId, type: 'private' },
        date: 1,
        text,
      },
    });

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    app = await createTestApp({ secrets: [TOKEN, SECRET] });
    channels = await startChannels(app, {
      telegram: { token: TOKEN, mode: 'webhook', apiRoot: fake.apiRoot, webhookSecret: SECRET },
      http: { host: '127.0.0.1', port: 0, publicUrl: 'https://htx.example.org' },
    });
  });
  afterAll(async () => {
    await channels?.close();
    await fake?.close();
    await app?.close();
  });

  it('registers the webhook with its secret token', () => {
    expect(fake.webhook).toMatchObject({ url: 'https://htx.example.org/telegram/webhook', secret_token: SECRET });
  });

  it('rejects a wrong or missing secret with 401 and processes nothing', async () => {
    expect((await post(update(1, 3001, '/start'), 'wrong-secret-0123456789')).status).toBe(401);
    expect((await post(update(2, 3001, '/start'))).status).toBe(401);
    expect(fake.sentTo(3001)).toHaveLength(0);
    expect(await accountOf(app, 3001)).toBeNull();
  });

  it('answers a valid update once, even when Telegram delivers it twice', async () => {
    expect((await post(update(10, 3002, '/start'), SECRET)).status).toBe(200);
    expect((await post(update(10, 3002, '/start'), SECRET)).status).toBe(200);
    // Acknowledged once stored in the inbox; answered from there: wait until it is all handled.
    await channels.inbox.idle();
    expect(fake.sentTo(3002)).toHaveLength(1);
    expect(fake.sentTo(3002)[0]!.text).toContain('Xin chào');
  });

  it('refuses malformed bodies with 400', async () => {
    expect((await post('{not json', SECRET)).status).toBe(400);
    expect((await post('{"hello":1}', SECRET)).status).toBe(400);
  });
});
