import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { InboundMessage } from '../../src/lib/messages.js';
import { createChannelLane, type ChannelLane } from '../../src/delivery/channel-lane.js';
import { firstDelivering } from '../../src/delivery/notify.js';
import { runAnnouncementJobs } from '../../src/jobs/announcement-jobs.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { createCooperative, createDirector, createMember, createOfficer } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const TB = 'Thái Bình';
const NEXT = new Date(Date.now() + 7 * 3600_000).getUTCFullYear() + 1;
const TITLE = 'Tap huan ban hang truc tuyen';

let fake: FakeTelegramServer;
let app: TestApp;
let channels: Channels;
let notices: ConsoleNotices;
let lanes: ChannelLane[];
const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const shown = new Map<number, string>();
const jobs = () =>
  runAnnouncementJobs(
    {
      services: app.services,
      translator: app.translator,
      notify: firstDelivering(channels.sendToPerson, notices.notify),
      logger: app.logger,
      progress: { senders: { ...channels.senders, console: notices.send }, editors: channels.editors },
      shown,
    },
    new Date(),
  );

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
  app = await createTestApp({ secrets: [TOKEN] });
  channels = await startChannels(app, { telegram: { token: TOKEN, mode: 'polling', apiRoot: fake.apiRoot }, http: { host: '127.0.0.1', port: 0 } });
  notices = createConsoleNotices(app.services);
  app.setNotifier(firstDelivering(channels.sendToPerson, notices.notify));
  lanes = [
    createChannelLane({ services: app.services, channel: 'telegram', send: channels.senders.telegram!, perSecond: 50, logger: app.logger, pollMs: 100 }),
    createChannelLane({ services: app.services, channel: 'console', send: notices.send, perSecond: 50, logger: app.logger, pollMs: 100 }),
  ];
  for (const lane of lanes) lane.start();

  const coop = (name: string, commune: string) => createCooperative(db(), { name, province: TB, commune });
  const a1 = await coop('HTX Nông nghiệp An Bình', 'Xã An Bình');
  const a2 = await coop('HTX Rau sạch An Bình', 'Xã An Bình');
  const b1 = await coop('HTX Bình Minh', 'Xã Bình Minh');
  const now = new Date();
  await createOfficer(db(), { province: TB, accounts: { externalId: 'officer', lastInboundAt: now } });
  await createDirector(db(), {
    cooperativeId: a1.id,
    name: 'Nguyễn Văn Tèo',
    phone: '0912345678',
    consent: true,
    accounts: { channel: 'telegram', externalId: '7001', lastInboundAt: now },
  });
  await createDirector(db(), { cooperativeId: a2.id, name: 'Lê Thị Hoa', accounts: { externalId: 'dir-a2', lastInboundAt: now } });
  await createDirector(db(), { cooperativeId: b1.id, name: 'Trần Văn Nam', accounts: { channel: 'telegram', externalId: '7003', lastInboundAt: now } });
  await createMember(db(), { cooperativeId: a1.id, name: 'Phạm Thị Mai', accounts: { channel: 'telegram', externalId: '7004', lastInboundAt: now } });
});
afterAll(async () => {
  await Promise.all((lanes ?? []).map((l) => l.stop()));
  await channels?.close();
  await fake?.close();
  await app?.close();
});

describe("an officer announces a training to one commune's directors", () => {
  it('reaches exactly them on Telegram and the console; one registers; the officer downloads the attendee list', async () => {
    for (const [input, expected] of [
      ['/thongbao', 'Anh/chị muốn gửi thông báo gì?'],
      ['tap huan', 'tiêu đề'],
      [TITLE, 'nội dung'],
      ['Huong dan mo gian hang tren san thuong mai dien tu cho HTX.', 'Thời gian diễn ra?'],
      [`8h 15/12/${NEXT}`, 'Địa điểm'],
      ['Hoi truong UBND xa An Binh', 'Hạn đăng ký'],
      [`10/12/${NEXT}`, 'Chủ nhiệm HTX'],
      ['chu nhiem htx', 'Chọn xã, phường'],
      ['2', 'Xã An Bình'],
      ['an binh', 'Đã chọn: Xã An Bình'],
      ['xong', 'Tất cả HTX'],
      ['tat ca htx', 'Gửi ngay'],
    ] as const) {
      const replies = await con('officer', input);
      expect(texts(replies) + labels(replies).join('|'), `after «${input}»`).toContain(expected);
    }
    const preview = await con('officer', 'gui ngay');
    expect(texts(preview)).toContain('Sẽ gửi đến 2 người: Telegram 1 · Zalo OA 0 · Zalo Bot 0 · Console 1.');
    expect(texts(await con('officer', 'gui'))).toContain('📤 Đang gửi đến 2 người');
    const a = await db().announcement.findFirstOrThrow({ where: { title: TITLE } });

    // The lanes deliver: the An Bình directors get it, the other commune's director and the member do not.
    await vi.waitFor(() => expect(fake.sentTo(7001).some((m) => m.text?.includes(TITLE))).toBe(true), { timeout: 10_000 });
    const onTelegram = fake.sentTo(7001).find((m) => m.text?.includes(TITLE))!;
    expect(onTelegram.text).toContain(`🕗 Thời gian: 08:00 15/12/${NEXT}`);
    expect(onTelegram.reply_markup.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data)).toEqual([`rsvp:${a.id}:y`, `rsvp:${a.id}:n`]);
    await vi.waitFor(async () => expect(await db().outboxMessage.count({ where: { announcementId: a.id, status: 'sent' } })).toBe(2), { timeout: 10_000 });
    const consoleCopies = notices.drain().filter((n) => n.user === 'dir-a2' && n.reply.text.includes(TITLE));
    expect(consoleCopies).toHaveLength(1);
    expect(fake.sentTo(7003)).toHaveLength(0);
    expect(fake.sentTo(7004)).toHaveLength(0);

    // The director registers from the Telegram button.
    fake.pressButton(7001, `rsvp:${a.id}:y`);
    await vi.waitFor(() => expect(fake.sentTo(7001).some((m) => m.text?.includes('Đã ghi nhận'))).toBe(true), { timeout: 10_000 });
    expect(await db().rsvp.findMany({ where: { announcementId: a.id }, select: { attending: true } })).toEqual([{ attending: true }]);

    // Delivery done: the officer gets the report, once, with the attendee list to download.
    await jobs();
    await jobs();
    const reports = notices.drain().filter((n) => n.user === 'officer' && n.reply.text.includes('Đã gửi xong'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reply.text).toContain('Đã gửi 2/2');
    expect(reports[0]!.reply.text).toContain('1 người sẽ tham dự');
    expect(await db().announcement.findUniqueOrThrow({ where: { id: a.id }, select: { status: true } })).toEqual({ status: 'done' });
    const download = await con('officer', { action: `annrep:att:${a.id}` });
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(download[0]!.document!.content);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('Nguyễn Văn Tèo');
    expect(csv).toContain('HTX Nông nghiệp An Bình');
    expect(csv).toContain('0912345678');
    expect(csv).not.toContain('Lê Thị Hoa');
    expect(await db().auditLog.count({ where: { action: 'announcement.attendees_exported' } })).toBe(1);
  }, 60_000);
});
