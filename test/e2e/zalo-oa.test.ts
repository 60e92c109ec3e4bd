import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloOaClient } from '../../src/adapters/zalo/oa-api-client.js';
import { loadPlatformToken, rotatePlatformToken } from '../../src/services/platform-tokens/platform-token.js';
import { startChannels, ZALO_OA_TOKEN, type Channels } from '../../src/start-channels.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { zaloOaUser } from '../support/channel-drivers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let fake: FakeZaloOaServer;
let app: TestApp;
let channels: Channels;

async function account(userId: string) {
  return app.db.prisma.channelAccount.findUnique({ where: { channel_externalId: { channel: 'zalo_oa', externalId: userId } } });
}
/** Pushes an event and waits until the bot has handled it and sent its replies. */
async function push(event: Record<string, unknown>, opts?: Parameters<FakeZaloOaServer['pushEvent']>[1]) {
  const res = await fake.pushEvent(event, opts);
  await channels.zaloOa!.idle();
  return res;
}

beforeAll(async () => {
  fake = await startFakeZaloOa({ refreshToken: 'refresh-first' });
  app = await createTestApp({ secrets: [fake.appSecret, fake.oaSecretKey, 'refresh-first'] });
  channels = await startChannels(app, {
    zaloOa: {
      appId: fake.appId,
      appSecret: fake.appSecret,
      oaSecretKey: fake.oaSecretKey,
      refreshToken: 'refresh-first',
      apiRoot: fake.url,
      oauthRoot: fake.url,
    },
    http: { host: '127.0.0.1', port: 0 },
  });
  fake.setWebhook(`${channels.http.url}/zalo/oa/webhook`);
});
afterAll(async () => {
  await channels?.close();
  await fake?.close();
  await app?.close();
});

describe('Zalo OA tokens', () => {
  it('spent the configured refresh token once at start and stored the rotated pair', async () => {
    expect(fake.refreshCount).toBe(1);
    const stored = await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN);
    expect(stored!.refreshToken).toBe(fake.currentRefreshToken());
    expect(stored!.refreshToken).not.toBe('refresh-first');
    expect(fake.validAccessTokens()).toContain(stored!.accessToken);
    expect(stored!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
  });

  it('refreshes exactly once when two requests find the access token expired together', async () => {
    const before = fake.refreshCount;
    fake.expireAccessTokens();
    await Promise.all([channels.zaloOa!.send('oa-t1', { text: 'Thông báo 1' }), channels.zaloOa!.send('oa-t2', { text: 'Thông báo 2' })]);
    expect(fake.refreshCount).toBe(before + 1);
    expect(fake.sentTo('oa-t1').map((m) => m.text)).toEqual(['Thông báo 1']);
    expect(fake.sentTo('oa-t2').map((m) => m.text)).toEqual(['Thông báo 2']);
    expect((await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN))!.refreshToken).toBe(fake.currentRefreshToken());
  });

  it('two processes sharing the database spend the single-use refresh token once', async () => {
    const before = fake.refreshCount;
    fake.expireAccessTokens();
    const tokens = {
      load: () => loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN),
      rotate: (seen: string | null, exchange: Parameters<typeof rotatePlatformToken>[3]) => rotatePlatformToken(app.db.prisma, ZALO_OA_TOKEN, seen, exchange),
    };
    const make = () => createZaloOaClient({ appId: fake.appId, appSecret: fake.appSecret, apiRoot: fake.url, oauthRoot: fake.url, tokens });
    const [a, b] = [make(), make()];
    await Promise.all([a.sendMessage('oa-p1', { text: 'A' }), b.sendMessage('oa-p2', { text: 'B' })]);
    expect(fake.refreshCount).toBe(before + 1);
    expect(a.refreshes + b.refreshes).toBe(1);
    expect(fake.sentTo('oa-p1')).toHaveLength(1);
    expect(fake.sentTo('oa-p2')).toHaveLength(1);
  });
});

describe('Zalo OA webhook', () => {
  it('holds a conversation: greeting with quick replies, a multi-step exchange, a shared phone', async () => {
    const user = zaloOaUser(fake, channels, 'oa-100');
    const hello = await user.say('/start');
    expect(hello[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    expect(hello[0]!.options).toContain('📝 Đăng ký thông tin');
    await user.choose('📝 Đăng ký thông tin');
    await user.choose('✅ Đồng ý');
    const askPhone = await user.say('Võ Thị Hạnh');
    expect(askPhone.map((s) => s.text).join('\n')).toContain('Số điện thoại');
    // The contact request is Zalo's "share your information" card.
    const card = fake.sentTo('oa-100').at(-1)!.attachment;
    expect(card.payload.template_type).toBe('request_user_info');
    // The user shares their phone through the card.
    await push(fake.submitInfoEvent('oa-100', { name: 'Hạnh', phone: '0987 654 321' }));
    expect(fake.sentTo('oa-100').at(-1)!.text).toContain('Đã lưu thông tin. Cảm ơn anh/chị Võ Thị Hạnh!');
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { channel: 'zalo_oa', externalId: 'oa-100' } } } });
    expect(person).toMatchObject({ name: 'Võ Thị Hạnh', phone: '0987654321' });
  });

  it('accepts the signature with or without "mac=", and refuses a wrong or missing one with 401, storing nothing', async () => {
    expect((await push(fake.textEvent('oa-sig-1', '/menu'), { signature: 'plain' })).status).toBe(200);
    expect(fake.sentTo('oa-sig-1')).toHaveLength(1);
    for (const signature of ['wrong', 'missing'] as const) {
      const res = await push(fake.textEvent('oa-sig-2', '/start'), { signature });
      expect(res.status).toBe(401);
    }
    expect(await account('oa-sig-2')).toBeNull();
    expect(fake.sentTo('oa-sig-2')).toHaveLength(0);
    expect(app.logs.some((l) => l.msg === 'zalo oa webhook with a wrong or missing signature rejected')).toBe(true);
  });

  it('verifies the signature over the raw bytes as sent, and refuses a missing one before reading the body', async () => {
    const event = fake.textEvent('oa-raw', '/menu');
    // Signed over these exact bytes (indented, with a trailing newline): a re-serialized body would not match.
    expect((await push(event, { rawBody: `${JSON.stringify(event, null, 2)}\n` })).status).toBe(200);
    expect(fake.sentTo('oa-raw')).toHaveLength(1);
    const unsigned = await fetch(`${channels.http.url}/zalo/oa/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2_000_000),
    });
    expect(unsigned.status).toBe(401);
  });

  it('acknowledges a correctly signed event older than 24 hours and drops it: logged without content, not stored, not answered', async () => {
    const old = fake.textEvent('oa-old', 'Tôi muốn hỏi về vay vốn', { timestamp: String(Date.now() - 25 * 3600_000), msgId: 'msg-old-1' });
    expect((await push(old)).status).toBe(200);
    expect(await account('oa-old')).toBeNull();
    expect(fake.sentTo('oa-old')).toHaveLength(0);
    expect(await app.db.prisma.inboxEvent.count({ where: { channel: 'zalo_oa', eventId: 'msg-old-1' } })).toBe(0);
    const line = app.logs.find((l) => l.msg === 'zalo oa event older than ZALO_OA_MAX_EVENT_AGE_HOURS acknowledged and dropped');
    expect(line).toMatchObject({ event: 'user_send_text', ageMinutes: 25 * 60, numRetry: 0 });
    expect(JSON.stringify(line)).not.toMatch(/vay vốn|oa-old|msg-old-1/);
  });

  it('answers malformed JSON with 400, and acknowledges unknown events', async () => {
    const event = fake.textEvent('oa-bad', 'x');
    expect((await push(event, { rawBody: '{"event_name":"user_send_text", "timestamp": "1' })).status).toBe(400);
    expect((await push({ event_name: 'user_did_something_new', timestamp: String(Date.now()), app_id: fake.appId })).status).toBe(200);
    expect(await account('oa-bad')).toBeNull();
  });

  it('handles a redelivered event once', async () => {
    const event = fake.textEvent('oa-dup', '/start', { msgId: 'msg-dup-1' });
    const results = await Promise.all([fake.pushEvent(event), fake.pushEvent(event), fake.pushEvent(event)]);
    await channels.zaloOa!.idle();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(fake.sentTo('oa-dup')).toHaveLength(1);
  });

  it('ignores its own echoes and receipts, and declines an image politely', async () => {
    await push(fake.oaEchoEvent('oa-echo', 'Xin chào'));
    expect(fake.sentTo('oa-echo')).toHaveLength(0);
    await push(fake.imageEvent('oa-img'));
    expect(fake.sentTo('oa-img')[0]!.text).toContain('Xin lỗi, tôi chưa đọc được ảnh');
  });

  it('greets a new follower; unfollowing opts out and following again opts back in', async () => {
    await push(fake.followEvent('oa-fol'));
    expect(fake.sentTo('oa-fol')[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    expect(await account('oa-fol')).toMatchObject({ optedOut: false });
    await push(fake.followEvent('oa-fol', false));
    expect(await account('oa-fol')).toMatchObject({ optedOut: true, unreachableReason: 'unfollowed' });
    await push(fake.followEvent('oa-fol'));
    expect(await account('oa-fol')).toMatchObject({ optedOut: false, unreachableAt: null });
  });

  it('marks a user outside the interaction window without retrying, until they write again', async () => {
    await push(fake.textEvent('oa-win', '/start'));
    fake.setOutsideWindow('oa-win');
    const calls = fake.callsOf('/v3.0/oa/message/cs').length;
    await push(fake.textEvent('oa-win', '/menu'));
    expect(fake.callsOf('/v3.0/oa/message/cs').length).toBe(calls + 1); // one attempt, no retry
    expect(await account('oa-win')).toMatchObject({ unreachableReason: 'outside_window' });
    fake.setOutsideWindow('oa-win', false);
    await push(fake.textEvent('oa-win', '/menu'));
    expect(await account('oa-win')).toMatchObject({ unreachableAt: null, unreachableReason: null });
    expect(fake.sentTo('oa-win').length).toBe(2);
  });

  it('backs off on the rate limit (-32) and delivers once', async () => {
    fake.failNext('/v3.0/oa/message/cs', { error: -32, message: 'rate limit' });
    await push(fake.textEvent('oa-rate', '/start'));
    expect(fake.sentTo('oa-rate')).toHaveLength(1);
  });

  it('splits a 2,500-character answer and sends a document as an uploaded file', async () => {
    let long = '';
    for (let i = 1; [...long].length < 2500; i++) long += `${i > 1 ? ' ' : ''}Điều ${i}: hợp tác xã được hỗ trợ đào tạo.`;
    await channels.zaloOa!.send('oa-long', {
      text: long,
      document: { filename: 'bao-cao.pdf', content: Buffer.from('%PDF-1.4 test'), mimeType: 'application/pdf' },
    });
    const sent = fake.sentTo('oa-long');
    expect(sent).toHaveLength(3);
    expect(sent.slice(0, 2).every((m) => [...m.text!].length <= 2000)).toBe(true);
    expect(`${sent[0]!.text} ${sent[1]!.text}`).toBe(long);
    expect(sent[2]!.file).toMatchObject({ filename: 'bao-cao.pdf', size: 13 });
  });

  it('sends a picture by URL as a media message before the text', async () => {
    await channels.zaloOa!.send('oa-img-out', { text: 'Hội chợ OCOP tháng 12', imageUrl: 'https://example.gov.vn/poster.jpg' });
    const [picture, text] = fake.sentTo('oa-img-out');
    expect(picture!.attachment.payload).toEqual({ template_type: 'media', elements: [{ media_type: 'image', url: 'https://example.gov.vn/poster.jpg' }] });
    expect(text!.text).toBe('Hội chợ OCOP tháng 12');
  });

  it('never logs its secrets or tokens', async () => {
    const logs = JSON.stringify(app.logs);
    expect(app.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['zalo oa send retried', 'zalo oa webhook with a wrong or missing signature rejected']));
    for (const secret of [fake.appSecret, fake.oaSecretKey, ...fake.validAccessTokens(), fake.currentRefreshToken()]) expect(logs).not.toContain(secret);
  });
});
