import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementsPage } from '../../src/adapters/web/announcements-page.js';
import type { SafeHtml } from '../../src/adapters/web/html.js';
import type { PageView } from '../../src/adapters/web/web-page.js';
import type { WebContext } from '../../src/adapters/web/web-context.js';
import { createChannelLane, type ChannelLane } from '../../src/delivery/channel-lane.js';
import { reportMessage } from '../../src/handlers/announcements/announcement-report.js';
import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { runAnnouncementJobs } from '../../src/jobs/announcement-jobs.js';
import { createLogger } from '../../src/lib/logger.js';
import { parseZnsTemplate } from '../../src/services/announcements/zns-template.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import type { Config } from '../../src/config/env.js';
import { PATHS, startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { startFakeZaloZns, type FakeZnsServer } from '../fakes/zalo-zns-server.js';
import { createCooperative, createMember, createOfficer } from '../support/factories.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

// Issue 16, part 5: an announcement to 20 members of one cooperative. 10 wrote to the OA within
// 48 h (OA message), 5 last wrote 8 days ago but gave a phone and consent (ZNS), 3 blocked the bot
// (nothing, not even ZNS: they have phones too), 2 are outside the window without a phone (nothing).
// Delivery runs to the end through the fake OA and the fake ZNS; nothing is sent twice.

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const logger = createLogger({ level: 'silent' });
const template = parseZnsTemplate('248153: ten_lop=title/30, thoi_gian=time/20, dia_diem=place/80, ten=name/30');
if (!template.ok) throw new Error(template.problems.join('; '));
const zaloZns: NonNullable<Config['zaloZns']> = { templates: { training: template.template }, dailyLimit: 100, apiRoot: '', priceVnd: 300 };

let oa: FakeZaloOaServer;
let zns: FakeZnsServer;
let app: TestApp;
let channels: Channels;
let lanes: ChannelLane[];
let officerId: number;
const groups = { window: [] as string[], zns: [] as string[], blocked: [] as string[], noPhone: [] as string[] };
const phoneOf = (i: number) => `09123450${String(i).padStart(2, '0')}`;
const zaloPhoneOf = (i: number) => `849123450${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  oa = await startFakeZaloOa({ refreshToken: 'refresh-zns' });
  // ZNS takes the OA's own access token: the fake ZNS accepts exactly what the fake OA issued.
  zns = await startFakeZaloZns({
    templates: { '248153': { params: { ten_lop: { maxLength: 30 }, thoi_gian: { maxLength: 20 }, dia_diem: { maxLength: 80 }, ten: { maxLength: 30 } } } },
    accessTokens: () => oa.validAccessTokens(),
  });
  zaloZns.apiRoot = zns.url;
  app = await createTestApp({ secrets: [oa.appSecret, oa.oaSecretKey, 'refresh-zns'], zaloZns });
  channels = await startChannels(app, {
    zaloOa: { appId: oa.appId, appSecret: oa.appSecret, oaSecretKey: oa.oaSecretKey, refreshToken: 'refresh-zns', apiRoot: oa.url, oauthRoot: oa.url },
    zaloZns,
    http: { host: '127.0.0.1', port: 0 },
  });
  expect(Object.keys(channels.senders).sort()).toEqual(['zalo_oa', 'zns']);
  lanes = Object.entries(channels.senders).map(([channel, send]) =>
    createChannelLane({ services: app.services, channel, send, perSecond: 50, logger, pollMs: 30 }),
  );

  const db = app.db.prisma;
  const now = Date.now();
  const htx = await createCooperative(db, { name: 'HTX Nông nghiệp Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  officerId = await createOfficer(db, { name: 'Cán bộ tỉnh', province: 'Thái Nguyên', consent: true, accounts: 'officer-zns' });
  for (let i = 0; i < 20; i++) {
    const userId = `zns-user-${i}`;
    const member = { cooperativeId: htx.id, name: `Thành viên số ${i} có một cái tên rất dài để cắt bớt` };
    if (i < 10) {
      groups.window.push(userId);
      await createMember(db, {
        ...member,
        phone: phoneOf(i),
        consent: true,
        accounts: { channel: 'zalo_oa', externalId: userId, lastInboundAt: new Date(now - (i + 1) * HOUR) },
      });
    } else if (i < 15) {
      groups.zns.push(zaloPhoneOf(i));
      await createMember(db, {
        ...member,
        phone: phoneOf(i),
        consent: true,
        accounts: { channel: 'zalo_oa', externalId: userId, lastInboundAt: new Date(now - 8 * DAY) },
      });
    } else if (i < 18) {
      groups.blocked.push(userId);
      await createMember(db, {
        ...member,
        phone: phoneOf(i),
        consent: true,
        accounts: { channel: 'zalo_oa', externalId: userId, lastInboundAt: new Date(now - 2 * HOUR), blockedAt: new Date(now - HOUR) },
      });
    } else {
      groups.noPhone.push(userId);
      await createMember(db, { ...member, consent: true, accounts: { channel: 'zalo_oa', externalId: userId, lastInboundAt: new Date(now - 8 * DAY) } });
    }
  }
});

afterAll(async () => {
  for (const lane of lanes ?? []) await lane.stop();
  await channels?.close();
  await zns?.close();
  await oa?.close();
  await app?.close();
});

describe('ZNS for announcements outside the window', () => {
  it('routes 10 by the OA, 5 by ZNS, none to the blocked or the unreachable, each once, and reports them apart', async () => {
    const { announcement, reach } = await app.services.createAnnouncement({
      input: {
        kind: 'training',
        title: 'Tập huấn sản xuất lúa hữu cơ theo tiêu chuẩn VietGAP năm 2027',
        body: 'Mời thành viên tham dự buổi tập huấn.',
        startsAt: new Date(Date.now() + 7 * DAY).toISOString(),
        place: 'Hội trường UBND xã Tân Lập',
        audience: 'members',
      },
      officer: { personId: officerId, role: 'officer', province: 'Thái Nguyên', commune: null },
      now: new Date(),
    });
    expect(reach).toMatchObject({ total: 15, byChannel: { zalo_oa: 10 }, zns: 5, optedOut: 3, outsideWindow: 2, noChannel: 0 });

    const queued = await app.services.queueAnnouncement({ announcementId: announcement.id, render: renderAnnouncement(app.translator), now: new Date() });
    expect(queued.queued).toBe(15);
    const rows = await app.db.prisma.outboxMessage.findMany({ where: { announcementId: announcement.id, channel: 'zns' } });
    expect(rows.map((r) => r.externalId).sort()).toEqual([...groups.zns].sort());

    for (const lane of lanes) lane.start();
    const end = Date.now() + 30_000;
    for (;;) {
      const left = await app.db.prisma.outboxMessage.count({ where: { announcementId: announcement.id, status: { in: ['pending', 'sending'] } } });
      if (!left) break;
      if (Date.now() > end) throw new Error(`${left} copies still waiting`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The author's report, sent by the periodic job as it finishes the announcement.
    const toAuthor: string[] = [];
    const notify = async (personId: number, msg: { text: string }) => {
      if (personId === officerId) toAuthor.push(msg.text);
      return { channel: 'console', externalId: 'officer-zns' };
    };
    await runAnnouncementJobs(
      { services: app.services, translator: app.translator, notify, logger, progress: { senders: {}, editors: {} }, shown: new Map() },
      new Date(),
    );
    expect(toAuthor).toHaveLength(1);
    expect(toAuthor[0]).toContain('Đã gửi 15/15');
    expect(toAuthor[0]).toMatch(/Zalo OA 10 · ZNS 5|ZNS 5 · Zalo OA 10/);
    expect(toAuthor[0]).toContain('ZNS (tin trả phí đến số điện thoại): đã gửi 5 · không gửi được 0');

    const stats = await app.services.announcementStats(announcement.id);
    expect(stats).toMatchObject({ total: 15, sent: 15, waiting: 0, failed: 0, sentByChannel: { zalo_oa: 10, zns: 5 }, zns: { sent: 5, failed: 0 } });
    const report = await reportMessage(app, app.translator('vi'), 'vi', announcement, true);
    expect(report.text).toContain('Đã gửi 15/15');
    expect(report.text).toMatch(/ZNS 5/);
    expect(report.text).toContain('ZNS (tin trả phí đến số điện thoại): đã gửi 5 · không gửi được 0');

    // The dashboard's announcement page counts the ZNS copies apart too.
    let page = '';
    const web = {
      t: app.translator('vi'),
      locale: 'vi',
      now: new Date(),
      officer: {
        personId: officerId,
        role: 'officer',
        province: 'Thái Nguyên',
        commune: null,
        sessionId: 0,
        name: 'Cán bộ',
        locale: 'vi',
        expiresAt: new Date(Date.now() + HOUR),
      },
      deps: { services: app.services },
      page: (_section: string, view: PageView) => {
        page = String(view.body as SafeHtml);
        return { status: 200, headers: {}, body: '' };
      },
    } as unknown as WebContext;
    await announcementsPage(web);
    expect(page).toContain(`data-announcement="${announcement.id}"`);
    expect(page).toContain('ZNS 5');
    expect(page).toContain('ZNS (tin trả phí đến số điện thoại): đã gửi 5 · không gửi được 0');

    // Nothing twice: one OA message per reachable user, one ZNS per phone; nothing to the others.
    for (const user of groups.window) expect(oa.sentTo(user), user).toHaveLength(1);
    for (const phone of groups.zns) expect(zns.sendsTo(phone), phone).toBe(1);
    expect(zns.sends).toHaveLength(5);
    const csUsers = oa.callsOf(PATHS.cs).map((c) => c.body?.recipient?.user_id as string);
    for (const user of [...groups.blocked, ...groups.noPhone]) expect(csUsers).not.toContain(user);
    for (const i of [15, 16, 17]) expect(zns.sendsTo(zaloPhoneOf(i))).toBe(0);

    // The template got its parameters, trimmed to their limits, in Việt Nam time.
    const send = zns.sends[0]!;
    expect(send.templateId).toBe('248153');
    expect(Object.keys(send.data).sort()).toEqual(['dia_diem', 'ten', 'ten_lop', 'thoi_gian']);
    expect([...send.data.ten_lop!].length).toBeLessThanOrEqual(30);
    expect(send.data.ten_lop!.endsWith('…')).toBe(true);
    expect(send.data.thoi_gian).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    expect(send.data.dia_diem).toBe('Hội trường UBND xã Tân Lập');
  });

  it('shows the officer the ZNS reach and its estimated cost in the compose preview', async () => {
    const say = (text: string) => sayOn(app, 'console', 'officer-zns', text);
    const next = new Date(Date.now() + 7 * HOUR).getUTCFullYear() + 1;
    expect(texts(await say('/thongbao'))).toContain('Anh/chị muốn gửi thông báo gì?');
    await say('tap huan');
    await say('Tap huan VietGAP cho thanh vien');
    await say('Huong dan san xuat lua theo VietGAP.');
    await say(`8h 15/12/${next}`);
    await say('Hoi truong xa Tan Lap');
    await say(`ngay 10/12/${next}`);
    await say('thanh vien');
    await say('1'); // the whole province
    await say('tat ca htx');
    const preview = texts(await say('gui ngay'));
    expect(preview).toContain(
      'Sẽ gửi đến 15 người: Telegram 0 · Zalo OA 10 · Zalo Bot 0 · Console 0 · ZNS 5 (tin trả phí đến số điện thoại; ước tính 1.500 đ, 300 đ/tin).',
    );
    expect(preview).toContain('Không gửi được: 3 đã tắt thông báo · 2 ngoài thời hạn Zalo (7 ngày).');
    await say('huy');
  });

  it('counts ZNS failures apart, as failures (not as outside the window)', async () => {
    const db = app.db.prisma;
    const a = await db.announcement.create({ data: { kind: 'training', title: 'T', body: 'B', audience: 'members', status: 'sending', queuedAt: new Date() } });
    const people = await db.person.findMany({ where: { role: 'member' }, select: { id: true }, take: 4, orderBy: { id: 'asc' } });
    const row = (i: number, data: { channel: string; status: 'sent' | 'undeliverable' | 'failed'; lastError?: string }) => ({
      topic: `announcement:${a.id}`,
      announcementId: a.id,
      personId: people[i]!.id,
      externalId: `849000000${i}0`,
      message: { text: 'x' },
      ...data,
    });
    await db.outboxMessage.createMany({
      data: [
        row(0, { channel: 'zns', status: 'sent' }),
        row(1, { channel: 'zns', status: 'undeliverable', lastError: 'unreachable: zns_not_zalo_user' }),
        row(2, { channel: 'zns', status: 'failed', lastError: 'Zalo ZNS send failed: -1124' }),
        row(3, { channel: 'zalo_oa', status: 'undeliverable', lastError: 'unreachable: outside_window' }),
      ],
    });
    expect(await app.services.announcementStats(a.id)).toMatchObject({ total: 4, sent: 1, unreachable: 1, failed: 2, zns: { sent: 1, failed: 2 } });
  });

  it('keeps to the daily budget: the rest waits for the next Việt Nam day, not failed', async () => {
    const { createZnsSender, nextVnDay } = await import('../../src/adapters/zalo/zns-api-client.js');
    const { SendDeferredError } = await import('../../src/delivery/retry-policy.js');
    const sent: string[] = [];
    const sender = createZnsSender({
      client: { send: async (phone) => (sent.push(phone), { msgId: 'm' }) },
      templates: zaloZns.templates,
      dailyLimit: 5,
      countSentSince: () => app.services.countChannelSent({ channel: 'zns', since: new Date(Date.now() - DAY) }),
    });
    const msg = { text: 'x', template: { name: 'training', fields: { title: 'T', time: '08:00 01/01/2027', place: 'P', name: 'N' } } };
    const err = await sender('84912345099', msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendDeferredError);
    expect((err as InstanceType<typeof SendDeferredError>).notBefore).toEqual(nextVnDay(new Date()));
    expect(sent).toHaveLength(0);
  });
});
