import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { consoleUser, joined, telegramUser, zaloBotUser, zaloOaUser, type ChannelUser } from '../support/channel-drivers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TG_TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const ZALO_TOKEN = '1234567890:zalo-test-secret-abcdef';

/**
 * One scripted conversation, the same on every channel: greeting and menu, registering a profile
 * (consent, a name, a typed phone number), with what the user sees asserted at each step.
 */
async function registerProfile(user: ChannelUser, app: TestApp, name: string): Promise<void> {
  const hello = await user.say('/start');
  expect(joined(hello)).toContain('Xin chào! Tôi là Trợ lý HTX');
  expect(hello.at(-1)!.options).toEqual(expect.arrayContaining(['📝 Đăng ký thông tin', '❓ Trợ giúp']));

  const notice = await user.choose('📝 Đăng ký thông tin');
  expect(joined(notice)).toContain('Về dữ liệu cá nhân');
  expect(notice.at(-1)!.options).toEqual(['✅ Đồng ý', 'Không đồng ý']);

  const askName = await user.choose('✅ Đồng ý');
  expect(joined(askName)).toContain('họ và tên');

  const bad = await user.say('12345');
  expect(joined(bad)).toContain('Họ tên cần từ 2 đến 80 chữ cái');

  const askPhone = await user.say(name);
  expect(joined(askPhone)).toContain('Số điện thoại');

  const done = await user.say('0912 345 678');
  expect(joined(done)).toContain(`Đã lưu thông tin. Cảm ơn anh/chị ${name}!`);

  const account = await app.db.prisma.channelAccount.findUniqueOrThrow({
    where: { channel_externalId: { channel: user.channel, externalId: user.externalId } },
    include: { person: true },
  });
  expect(account.person).toMatchObject({ name, phone: '0912345678' });
  expect(account.person.privacyConsentAt).toBeInstanceOf(Date);
}

describe('the same conversation on every channel', () => {
  let app: TestApp;
  let tg: FakeTelegramServer;
  let zb: FakeZaloBotServer;
  let oa: FakeZaloOaServer;
  let channels: Channels;

  beforeAll(async () => {
    [tg, zb, oa] = await Promise.all([startFakeTelegram({ token: TG_TOKEN }), startFakeZaloBot({ token: ZALO_TOKEN }), startFakeZaloOa()]);
    app = await createTestApp();
    channels = await startChannels(app, {
      telegram: { token: TG_TOKEN, mode: 'polling', apiRoot: tg.apiRoot },
      zaloBot: { token: ZALO_TOKEN, mode: 'polling', apiRoot: zb.apiRoot },
      zaloOa: {
        appId: oa.appId,
        appSecret: oa.appSecret,
        oaSecretKey: oa.oaSecretKey,
        refreshToken: oa.currentRefreshToken(),
        apiRoot: oa.url,
        oauthRoot: oa.url,
      },
      http: { host: '127.0.0.1', port: 0 },
    });
    oa.setWebhook(`${channels.http.url}/zalo/oa/webhook`);
  });
  afterAll(async () => {
    await channels?.close();
    await Promise.all([tg?.close(), zb?.close(), oa?.close()]);
    await app?.close();
  });

  it('on the console (numbers typed for options)', async () => {
    const user = consoleUser(app, 'console-an');
    await registerProfile(user, app, 'Nguyễn Văn An');
    await user.end();
  });

  it('on Telegram (inline buttons pressed)', async () => {
    await registerProfile(telegramUser(tg, 7001), app, 'Trần Thị Bình');
  });

  it('on the Zalo Bot API (text only: a numbered list answered with numbers)', async () => {
    await registerProfile(zaloBotUser(zb, channels, 'zb-3001'), app, 'Lê Văn Cường');
    const menu = zb.sentTo('zb-3001')[0]!.text!;
    expect(menu).toMatch(/\n1\. .+\n2\. /);
    expect(menu).toContain('Trả lời bằng số (1–');
  });

  it('on the Zalo OA (quick-reply buttons tapped)', async () => {
    await registerProfile(zaloOaUser(oa, channels, 'oa-5001'), app, 'Phạm Thị Dung');
    // The consent question's two options are quick replies (a tap sends the label back); the main
    // menu has more options than a message may carry, so it is a numbered list.
    const consent = oa.sentTo('oa-5001').find((m) => m.text?.includes('Về dữ liệu cá nhân'))!;
    expect(consent.buttons!.map((b) => [b.type, b.title, b.payload])).toEqual([
      ['oa.query.show', '✅ Đồng ý', '✅ Đồng ý'],
      ['oa.query.show', 'Không đồng ý', 'Không đồng ý'],
    ]);
    expect(oa.sentTo('oa-5001')[0]!.text).toMatch(/\n1\. .+\n2\. /);
  });
});

describe('bot-initiated messages to a person with several apps', () => {
  let app: TestApp;
  let tg: FakeTelegramServer;
  let oa: FakeZaloOaServer;
  let channels: Channels;

  beforeAll(async () => {
    [tg, oa] = await Promise.all([startFakeTelegram({ token: TG_TOKEN }), startFakeZaloOa()]);
    app = await createTestApp();
    channels = await startChannels(app, {
      telegram: { token: TG_TOKEN, mode: 'polling', apiRoot: tg.apiRoot },
      zaloOa: {
        appId: oa.appId,
        appSecret: oa.appSecret,
        oaSecretKey: oa.oaSecretKey,
        refreshToken: oa.currentRefreshToken(),
        apiRoot: oa.url,
        oauthRoot: oa.url,
      },
      http: { host: '127.0.0.1', port: 0 },
    });
  });
  afterAll(async () => {
    await channels?.close();
    await Promise.all([tg?.close(), oa?.close()]);
    await app?.close();
  });

  it('go to the most recently active reachable account, and fall back when Zalo refuses', async () => {
    const hourAgo = new Date(Date.now() - 3600_000);
    const person = await app.db.prisma.person.create({
      data: {
        name: 'Đỗ Minh',
        accounts: {
          create: [
            { channel: 'telegram', externalId: '7101', lastInboundAt: hourAgo },
            { channel: 'zalo_oa', externalId: 'oa-7101', lastInboundAt: new Date() },
            { channel: 'console', externalId: 'c-7101', lastInboundAt: new Date(Date.now() + 1000) },
          ],
        },
      },
    });
    const msg = { text: 'Thông báo: tập huấn chuyển đổi số ngày 5/12.', locale: 'vi' as const };
    expect(await channels.sendToPerson(person.id, msg)).toEqual({ channel: 'zalo_oa', externalId: 'oa-7101' });
    expect(oa.sentTo('oa-7101').map((m) => m.text)).toEqual([msg.text]);

    oa.setOutsideWindow('oa-7101');
    expect(await channels.sendToPerson(person.id, msg)).toEqual({ channel: 'telegram', externalId: '7101' });
    expect(tg.sentTo(7101).map((m) => m.text)).toEqual([msg.text]);
    const zalo = await app.db.prisma.channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel: 'zalo_oa', externalId: 'oa-7101' } } });
    expect(zalo.unreachableReason).toBe('outside_window');

    // Known unreachable: the next message goes straight to Telegram.
    const attempts = oa.callsOf('/v3.0/oa/message/cs').length;
    expect(await channels.sendToPerson(person.id, msg)).toEqual({ channel: 'telegram', externalId: '7101' });
    expect(oa.callsOf('/v3.0/oa/message/cs').length).toBe(attempts);

    // Blocked on Telegram too: nowhere to deliver.
    tg.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await channels.sendToPerson(person.id, msg)).toBeNull();
  });
});
