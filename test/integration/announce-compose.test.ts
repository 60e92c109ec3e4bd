import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import { countReach } from '../../src/services/announcements/count-reach.js';
import { findAudience, targetAccount, type AudienceAccount, type AudienceSpec } from '../../src/services/announcements/find-audience.js';
import { queueAnnouncement } from '../../src/services/announcements/queue-announcement.js';
import { queueDueAnnouncements } from '../../src/services/announcements/queue-due-announcements.js';
import { createCooperative, createDirector, createMember, createOfficer } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp, actions } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const press = (id: string, action: string) => con(id, { action });
const state = (user: string) => db().conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: user } } });

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
/** Next year in Việt Nam: every typed date of these tests is ahead, whatever day they run. */
const NEXT = new Date(Date.now() + 7 * HOUR).getUTCFullYear() + 1;

const TB = 'Thái Bình';
const AN_BINH = 'Xã An Bình';
const BINH_MINH = 'Xã Bình Minh';

const ids: Record<string, number> = {};
const coops: Record<string, { id: number; name: string }> = {};

beforeAll(async () => {
  coops.a1 = await createCooperative(db(), { name: 'HTX Nông nghiệp An Bình', registrationCode: 'TB-001', province: TB, commune: AN_BINH });
  coops.a2 = await createCooperative(db(), {
    name: 'HTX Dịch vụ Vận tải An Bình',
    registrationCode: 'TB-002',
    province: TB,
    commune: AN_BINH,
    sector: 'services',
  });
  coops.a3 = await createCooperative(db(), {
    name: 'HTX Mây tre An Bình',
    registrationCode: 'TB-003',
    province: TB,
    commune: AN_BINH,
    sector: 'handicraft',
    status: 'dissolved',
  });
  coops.b1 = await createCooperative(db(), { name: 'HTX Nông nghiệp Bình Minh', registrationCode: 'TB-004', province: TB, commune: BINH_MINH });
  coops.n1 = await createCooperative(db(), { name: 'HTX Nông nghiệp Hải Hậu', registrationCode: 'ND-001', province: 'Nam Định', commune: 'Xã Hải Hậu' });

  // Directors of An Bình: Telegram (most recent) over an older console account.
  ids.dA1 = await createDirector(db(), {
    cooperativeId: coops.a1.id,
    accounts: [
      { channel: 'telegram', externalId: 'tg-a1', lastInboundAt: ago(HOUR) },
      { channel: 'console', externalId: 'con-a1', lastInboundAt: ago(3 * DAY) },
    ],
  });
  // ... one turned announcements off,
  ids.dA2 = await createDirector(db(), {
    cooperativeId: coops.a2.id,
    announcementsOffAt: ago(DAY),
    accounts: [{ channel: 'telegram', externalId: 'tg-a2', lastInboundAt: ago(HOUR) }],
  });
  // ... one only on Zalo OA, silent for 10 days (outside Zalo's window),
  ids.dA3 = await createDirector(db(), { cooperativeId: coops.a1.id, accounts: [{ channel: 'zalo_oa', externalId: 'oa-a3', lastInboundAt: ago(10 * DAY) }] });
  // ... one with only a console account (never wrote),
  ids.dA4 = await createDirector(db(), { cooperativeId: coops.a2.id, accounts: [{ channel: 'console', externalId: 'con-a4', lastInboundAt: null }] });
  // ... one reading English, Zalo OA two days ago over an older Telegram account,
  ids.dA5 = await createDirector(db(), {
    cooperativeId: coops.a1.id,
    locale: 'en',
    accounts: [
      { channel: 'zalo_oa', externalId: 'oa-a5', lastInboundAt: ago(2 * DAY) },
      { channel: 'telegram', externalId: 'tg-a5', lastInboundAt: ago(20 * DAY) },
    ],
  });
  // ... and one with no account at all.
  ids.dA6 = await createDirector(db(), { cooperativeId: coops.a2.id });
  // Not for a message to An Bình's directors: a dissolved cooperative's director, a member, another commune.
  ids.dA7 = await createDirector(db(), { cooperativeId: coops.a3.id, accounts: [{ channel: 'telegram', externalId: 'tg-a7', lastInboundAt: ago(HOUR) }] });
  ids.mA1 = await createMember(db(), { cooperativeId: coops.a1.id, accounts: [{ channel: 'telegram', externalId: 'tg-ma1', lastInboundAt: ago(HOUR) }] });
  ids.dB1 = await createDirector(db(), { cooperativeId: coops.b1.id, accounts: [{ channel: 'telegram', externalId: 'tg-b1', lastInboundAt: ago(HOUR) }] });
  ids.mB1 = await createMember(db(), { cooperativeId: coops.b1.id, accounts: [{ channel: 'zalo_bot', externalId: 'zb-mb1', lastInboundAt: ago(HOUR) }] });
  ids.dN1 = await createDirector(db(), { cooperativeId: coops.n1.id, accounts: [{ channel: 'telegram', externalId: 'tg-n1', lastInboundAt: ago(HOUR) }] });

  ids.offTb = await createOfficer(db(), { province: TB, accounts: 'off-tb' });
  ids.offTb2 = await createOfficer(db(), { province: TB, accounts: 'off-tb2' });
  ids.offNd = await createOfficer(db(), { province: 'Nam Định', accounts: 'off-nd' });
  ids.member = await createMember(db(), { cooperativeId: coops.a2.id, accounts: 'mem' });
});

const TITLE = 'Tap huan chuyen doi so cho HTX';
const BODY = 'Huong dan dung phan mem ke toan va ban hang truc tuyen cho HTX.';
const PLACE = 'Hoi truong UBND xa An Binh';

describe('composing and sending a training', () => {
  let announcementId: number;

  it('walks a province officer through typed, unaccented answers to a preview with the right reach', async () => {
    const menu = await con('off-tb', '/menu');
    expect(labels(menu)).toContain('📢 Gửi thông báo');

    const start = await con('off-tb', '/thongbao');
    expect(texts(start)).toContain('Anh/chị muốn gửi thông báo gì?');
    expect(labels(start)).toEqual(['🎓 Tập huấn', '🏪 Hội chợ, triển lãm', '📄 Thông báo khác', 'Hủy']);

    expect(texts(await con('off-tb', 'tap huan'))).toContain('Mời anh/chị gõ tiêu đề');
    expect(texts(await con('off-tb', 'HTX'))).toContain('❗ Tiêu đề cần từ 5 đến 120 ký tự (vừa gõ 3 ký tự)');
    const body = await con('off-tb', `  ${TITLE} `);
    expect(texts(body)).toContain('✔️ Đã lưu tiêu đề.');
    expect(texts(body)).toContain('Mời anh/chị gõ nội dung thông báo');
    const time = await con('off-tb', BODY);
    expect(texts(time)).toContain('Thời gian diễn ra?');
    // "Thứ bảy tuần sau" is read (issue 17) and confirmed; a new answer instead of có/không replaces it.
    expect(texts(await con('off-tb', 'thu bay tuan sau'))).toContain('— đúng không?');
    expect(texts(await con('off-tb', 'tuan sau'))).toContain('❗ Tôi chưa đọc được thời gian');
    expect(texts(await con('off-tb', `8h 1/1/${NEXT - 2}`))).toContain('đã qua');
    const place = await con('off-tb', `8h 15/12/${NEXT}`);
    expect(texts(place)).toContain(`✔️ Đã lưu thời gian: 08:00 15/12/${NEXT}.`);
    const deadline = await con('off-tb', PLACE);
    expect(texts(deadline)).toContain('Hạn đăng ký tham dự');
    expect(texts(await con('off-tb', `16/12/${NEXT}`))).toContain('Hạn đăng ký không được sau ngày diễn ra');
    const audience = await con('off-tb', `ngay 10/12/${NEXT}`);
    expect(texts(audience)).toContain(`✔️ Đã lưu hạn đăng ký: 10/12/${NEXT}.`);
    expect(labels(audience)).toEqual(expect.arrayContaining(['Chủ nhiệm HTX', 'Thành viên', 'Cả hai']));
    const area = await con('off-tb', 'chu nhiem htx');
    expect(labels(area)).toEqual(expect.arrayContaining([`Toàn tỉnh ${TB}`, 'Chọn xã, phường']));
    const communes = await con('off-tb', '2');
    // Only communes with active cooperatives of the officer's province.
    expect(labels(communes)).toEqual([AN_BINH, BINH_MINH, '◀️ Quay lại', 'Hủy']);
    const picked = await con('off-tb', 'an binh');
    expect(texts(picked)).toContain(`Đã chọn: ${AN_BINH}`);
    expect(labels(picked)).toContain(`✅ ${AN_BINH}`);
    const filter = await con('off-tb', 'xong');
    expect(labels(filter)).toEqual(expect.arrayContaining(['Tất cả HTX', 'Theo ngành nghề', 'Một số HTX cụ thể']));
    const when = await con('off-tb', 'tat ca htx');
    expect(labels(when)).toEqual(expect.arrayContaining(['📤 Gửi ngay', '🗓 Hẹn giờ gửi']));
    const preview = await con('off-tb', 'gui ngay');

    expect(preview).toHaveLength(3);
    expect(preview[0]!.text).toContain('mỗi người nhận bằng ngôn ngữ của họ');
    expect(preview[1]!.text).toBe(
      `📢 [Tập huấn] ${TITLE}\n\n${BODY}\n\n🕗 Thời gian: 08:00 15/12/${NEXT}\n📍 Địa điểm: ${PLACE}\n📝 Đăng ký trước: 10/12/${NEXT}\n\n(Gõ /tatthongbao nếu không muốn nhận thông báo.)`,
    );
    const summary = preview[2]!.text;
    expect(summary).toContain('«✅ Tôi sẽ tham dự» · «Không tham dự»');
    expect(summary).toContain('👥 Gửi cho: chủ nhiệm HTX');
    expect(summary).toContain(`📍 Phạm vi: ${AN_BINH} (${TB})`);
    expect(summary).toContain(
      'Sẽ gửi đến 3 người: Telegram 1 · Zalo OA 1 · Zalo Bot 0 · Console 1. Không gửi được: 1 đã tắt thông báo · 1 ngoài thời hạn Zalo (7 ngày) · 1 chưa có kênh.',
    );
    expect(labels(preview)).toEqual(['✅ Gửi', '✏️ Sửa', '◀️ Quay lại', 'Hủy']);
    expect(await db().announcement.count()).toBe(0);
  });

  it('sends it: the Announcement row and one outbox copy per reachable director, on their best account', async () => {
    const sent = await con('off-tb', 'gui');
    expect(texts(sent)).toContain('📤 Đang gửi đến 3 người…');
    expect((await state('off-tb'))?.flow).toBeNull();

    const a = await db().announcement.findFirstOrThrow({ where: { createdById: ids.offTb } });
    announcementId = a.id;
    expect(a).toMatchObject({
      kind: 'training',
      title: TITLE,
      body: BODY,
      place: PLACE,
      audience: 'directors',
      province: TB,
      communes: [AN_BINH],
      sectors: [],
      cooperativeIds: [],
      sendAt: null,
      status: 'sending',
      progressChannel: 'console',
      progressChatId: 'off-tb',
    });
    expect(a.startsAt?.toISOString()).toBe(`${NEXT}-12-15T01:00:00.000Z`);
    // Registration closes at the end of 10/12 (Việt Nam).
    expect(a.registerBy?.toISOString()).toBe(`${NEXT}-12-10T16:59:59.999Z`);
    expect(a.queuedAt).toBeInstanceOf(Date);

    const rows = await db().outboxMessage.findMany({ where: { announcementId: a.id }, orderBy: { personId: 'asc' } });
    expect(rows.map((r) => [r.personId, r.channel, r.externalId, r.topic, r.status])).toEqual([
      [ids.dA1, 'telegram', 'tg-a1', `announcement:${a.id}`, 'pending'],
      [ids.dA4, 'console', 'con-a4', `announcement:${a.id}`, 'pending'],
      [ids.dA5, 'zalo_oa', 'oa-a5', `announcement:${a.id}`, 'pending'],
    ]);
    for (const r of rows) {
      const m = r.message as unknown as OutboundMessage;
      expect(m.text).toContain(TITLE);
      expect(m.buttons?.flat().map((b) => b.action)).toEqual([`rsvp:${a.id}:y`, `rsvp:${a.id}:n`]);
    }
    const vi = rows[0]!.message as unknown as OutboundMessage;
    expect(vi.locale).toBe('vi');
    expect(vi.text.startsWith(`📢 [Tập huấn] ${TITLE}`)).toBe(true);
    expect(vi.buttons).toEqual([
      [
        { label: '✅ Tôi sẽ tham dự', action: `rsvp:${a.id}:y` },
        { label: 'Không tham dự', action: `rsvp:${a.id}:n` },
      ],
    ]);
    const en = rows[2]!.message as unknown as OutboundMessage;
    expect(en.locale).toBe('en');
    expect(en.text).toContain(`📢 [Training] ${TITLE}`);
    expect(en.text).toContain('(Type /tatthongbao if you do not want to receive announcements.)');

    // Queued once: neither a second call nor the periodic job adds anything.
    expect(await queueAnnouncement(db(), { announcementId: a.id, render: renderAnnouncement(app.translator), now: new Date() })).toEqual({
      queued: 0,
      reach: null,
    });
    expect(await db().outboxMessage.count({ where: { announcementId: a.id } })).toBe(3);
    // A press of the old "Gửi" button creates nothing more.
    expect(texts(await press('off-tb', 'ann:preview:send'))).toContain('đã được gửi hoặc đã hủy');
    expect(await db().announcement.count()).toBe(1);
  });

  it('keeps an officer of another province to their own area: other communes, cooperatives and people are invisible', async () => {
    await con('off-nd', '/thongbao');
    for (const answer of [
      'tap huan',
      'Hoi cho nong san Nam Dinh',
      'Hoi cho gioi thieu nong san cua cac HTX.',
      `2 gio chieu 20/11/${NEXT}`,
      'San van dong',
      'bo qua',
      'thanh vien',
      '2',
    ])
      await con('off-nd', answer);
    const communes = (await state('off-nd'))!;
    expect(communes.step).toBe('communes');
    expect((communes.menu as { buttons: { label: string }[] }).buttons.map((b) => b.label)).toEqual(['Xã Hải Hậu', '◀️ Quay lại', 'Hủy']);
    expect(texts(await con('off-nd', 'an binh'))).toContain('❗ Không tìm thấy: an binh');
    await con('off-nd', '1');
    await con('off-nd', 'xong');
    await con('off-nd', 'mot so htx cu the');
    const search = await con('off-nd', 'TB-001, HTX Nông nghiệp Bình Minh');
    expect(texts(search)).toContain('Không tìm thấy trong địa bàn: TB-001, HTX Nông nghiệp Bình Minh');
    const found = await con('off-nd', 'hai hau');
    expect(texts(found)).toContain('✔️ Tìm thấy 1 HTX: HTX Nông nghiệp Hải Hậu (Xã Hải Hậu)');
    await con('off-nd', 'tiep tuc');
    // Members of Hải Hậu: there are none, so the preview refuses and offers to change the audience.
    const empty = await con('off-nd', 'gui ngay');
    expect(texts(empty)).toContain('❗ Không có ai nhận');
    expect(labels(empty)).toEqual(expect.arrayContaining(['👥 Đổi đối tượng', '📍 Đổi phạm vi']));
    expect(actions(empty)).not.toContain('ann:preview:send');
    expect(texts(await press('off-nd', 'ann:preview:send'))).toContain('❗ Không có ai nhận');
    const audience = await press('off-nd', 'ann:preview:goto:audience');
    expect(texts(audience)).toContain('Gửi cho ai?');
    expect(labels(audience)).toContain('✅ Thành viên');
    await con('off-nd', 'chu nhiem htx');
    // An old button of another step is not taken for this one.
    expect(texts(await press('off-nd', 'ann:filter:pick:all'))).toContain('Nút đó thuộc một bước trước');
    await con('off-nd', '2');
    await con('off-nd', 'xong');
    await con('off-nd', '3');
    await con('off-nd', 'tiep tuc');
    const preview = await con('off-nd', '1');
    expect(texts(preview)).toContain('Sẽ gửi đến 1 người: Telegram 1 · Zalo OA 0 · Zalo Bot 0 · Console 0.');
    expect(texts(preview)).not.toContain('Không gửi được');
    await con('off-nd', 'huy');
    expect(await db().announcement.count({ where: { createdById: ids.offNd } })).toBe(0);
    // Their whole jurisdiction holds none of Thái Bình's people.
    const theirs = await findAudience(db(), { audience: 'both', province: 'Nam Định', communes: [], sectors: [], cooperativeIds: [] });
    expect(theirs.map((r) => r.personId)).toEqual([ids.dN1]);
    expect(await db().outboxMessage.count({ where: { announcementId } })).toBe(3);
  });
});

describe('who may compose', () => {
  it('refuses a member politely, by command, menu and button, and shows them no menu entry', async () => {
    const refused = await con('mem', '/thongbao');
    expect(texts(refused)).toContain('Xin lỗi, chỉ cán bộ quản lý mới gửi được thông báo');
    expect(labels(refused)).not.toContain('📢 Gửi thông báo');
    expect(texts(await press('mem', 'ann'))).toContain('chỉ cán bộ quản lý');
    expect(texts(await press('mem', 'ann:preview:send'))).toContain('chỉ cán bộ quản lý');
    expect((await state('mem'))?.flow ?? null).toBeNull();
  });
});

describe('back, edit and cancel', () => {
  it('goes back with the answer kept, re-asks on an old button, and cancels without a trace', async () => {
    await con('off-tb2', '/thongbao');
    await con('off-tb2', '1');
    await con('off-tb2', 'Hoi cho nong san');
    const back = await con('off-tb2', 'quay lai');
    expect(texts(back)).toContain('Mời anh/chị gõ tiêu đề');
    expect(texts(back)).toContain('Hiện tại: Hoi cho nong san');
    expect(labels(back)).toContain('Giữ nguyên: Hoi cho nong san');
    const kept = await press('off-tb2', 'ann:title:keep');
    expect(texts(kept)).toContain('Mời anh/chị gõ nội dung thông báo');
    const old = await press('off-tb2', 'ann:kind:pick:other');
    expect(texts(old)).toContain('Nút đó thuộc một bước trước');
    expect(texts(old)).toContain('Mời anh/chị gõ nội dung thông báo');
    expect((await state('off-tb2'))?.data).toMatchObject({ kind: 'training', title: 'Hoi cho nong san' });
    // Back to the first step, where "back" says so.
    await con('off-tb2', 'quay lai');
    const first = await con('off-tb2', 'quay lai');
    expect(texts(first)).toContain('Anh/chị muốn gửi thông báo gì?');
    expect(labels(first)).toContain('✅ 🎓 Tập huấn');
    // "/thongbao" again resumes the same step.
    expect(texts(await con('off-tb2', '/thongbao'))).toContain('đang soạn dở');

    const cancelled = await con('off-tb2', 'Hủy');
    expect(texts(cancelled)).toContain('Đã hủy. Thông báo đang soạn chưa được gửi đi.');
    expect((await state('off-tb2'))?.flow).toBeNull();
    expect(texts(await press('off-tb2', 'ann:title:keep'))).toContain('đã được gửi hoặc đã hủy');
    expect(await db().announcement.count({ where: { createdById: ids.offTb2 } })).toBe(0);
  });
});

describe('scheduling for later', () => {
  it('stores it with no copies until the periodic job finds it due, then queues it exactly once', async () => {
    await con('off-tb2', '/thongbao');
    for (const answer of [
      'thong bao khac',
      'Lich tiep cong dan thang 12',
      'Can bo se tiep cac HTX tai tru so vao thu Hai hang tuan.',
      'ca hai',
      '1',
      'theo nganh nghe',
    ])
      await con('off-tb2', answer);
    const sectors = await con('off-tb2', 'nong nghiep');
    expect(texts(sectors)).toContain('Đã chọn: Nông nghiệp');
    expect(labels(sectors)).toEqual(['✅ Nông nghiệp', 'Dịch vụ', '✔️ Xong', '◀️ Quay lại', 'Hủy']);
    await con('off-tb2', 'xong');
    await con('off-tb2', 'hen gio gui');
    const past = await con('off-tb2', `7h 1/12/${NEXT - 2}`);
    expect(texts(past)).toContain('đã qua');
    const preview = await con('off-tb2', `7h 1/12/${NEXT}`);
    expect(preview[1]!.text).toBe(
      '📢 [Thông báo] Lich tiep cong dan thang 12\n\nCan bo se tiep cac HTX tai tru so vao thu Hai hang tuan.\n\n(Gõ /tatthongbao nếu không muốn nhận thông báo.)',
    );
    expect(texts(preview)).toContain(`⏰ Gửi lúc: 07:00 01/12/${NEXT}`);
    expect(texts(preview)).toContain('🏷 HTX: ngành Nông nghiệp');
    expect(texts(preview)).toContain('Sẽ gửi đến 5 người: Telegram 3 · Zalo OA 1 · Zalo Bot 1 · Console 0. Không gửi được: 1 ngoài thời hạn Zalo (7 ngày).');

    // "✏️ Sửa" goes back to the title with every answer offered to keep.
    const edit = await press('off-tb2', 'ann:preview:edit');
    expect(texts(edit)).toContain('Hiện tại: Lich tiep cong dan thang 12');
    await con('off-tb2', 'Lich tiep cong dan thang 12 nam nay');
    for (const answer of ['giu nguyen', 'ca hai', '1', 'theo nganh nghe', 'xong', 'hen gio gui']) await con('off-tb2', answer);
    const again = await con('off-tb2', 'giu nguyen');
    expect(again[1]!.text).toContain('Lich tiep cong dan thang 12 nam nay');

    const scheduled = await con('off-tb2', 'gui');
    expect(texts(scheduled)).toContain(`🗓 Sẽ gửi lúc 07:00 01/12/${NEXT}`);
    const a = await db().announcement.findFirstOrThrow({ where: { createdById: ids.offTb2 } });
    expect(a).toMatchObject({
      kind: 'other',
      status: 'scheduled',
      audience: 'both',
      province: TB,
      communes: [],
      sectors: ['agriculture'],
      startsAt: null,
      place: null,
      registerBy: null,
      queuedAt: null,
    });
    expect(a.sendAt?.toISOString()).toBe(`${NEXT}-12-01T00:00:00.000Z`);
    expect(await db().outboxMessage.count({ where: { announcementId: a.id } })).toBe(0);

    // Not due yet.
    expect(await queueDueAnnouncements(db(), { render: renderAnnouncement(app.translator), now: new Date() })).toBe(0);
    expect(await db().outboxMessage.count({ where: { announcementId: a.id } })).toBe(0);

    const due = new Date(a.sendAt!.getTime() + 60_000);
    const [first, second] = [
      await queueDueAnnouncements(db(), { render: renderAnnouncement(app.translator), now: due }),
      await queueDueAnnouncements(db(), { render: renderAnnouncement(app.translator), now: due }),
    ];
    expect([first, second]).toEqual([1, 0]);
    const rows = await db().outboxMessage.findMany({ where: { announcementId: a.id }, orderBy: { personId: 'asc' } });
    // By then Zalo OA's window has closed for everyone: dA5 falls back to Telegram, dA3 gets nothing.
    expect(rows.map((r) => [r.personId, r.channel])).toEqual([
      [ids.dA1, 'telegram'],
      [ids.dA5, 'telegram'],
      [ids.mA1, 'telegram'],
      [ids.dB1, 'telegram'],
      [ids.mB1, 'zalo_bot'],
    ]);
    expect((rows[0]!.message as unknown as OutboundMessage).buttons).toBeUndefined();
    expect(await db().announcement.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: 'sending', queuedAt: due });
  });

  it('queues concurrent calls once', async () => {
    const a = await db().announcement.create({
      data: {
        kind: 'other',
        title: 'Song song',
        body: 'Hai tiến trình cùng lúc.',
        audience: 'directors',
        province: TB,
        communes: [BINH_MINH],
        status: 'scheduled',
      },
    });
    const now = new Date();
    const results = await Promise.all([1, 2, 3].map(() => queueAnnouncement(db(), { announcementId: a.id, render: renderAnnouncement(app.translator), now })));
    expect(results.map((r) => r.queued).sort()).toEqual([0, 0, 1]);
    expect(results.filter((r) => r.reach).length).toBe(1);
    expect(await db().outboxMessage.count({ where: { announcementId: a.id } })).toBe(1);
  });
});

describe('findAudience and countReach', () => {
  const spec: AudienceSpec = { audience: 'both', province: TB, communes: [], sectors: [], cooperativeIds: [] };
  const people = async (s: Partial<AudienceSpec>) => (await findAudience(db(), { ...spec, ...s })).map((r) => r.personId).sort((x, y) => x - y);

  it('narrows to sectors and to specific cooperatives, only active ones, within the area', async () => {
    expect(await people({ sectors: ['services'] })).toEqual([ids.dA2, ids.dA4, ids.dA6, ids.member]);
    expect(await people({ cooperativeIds: [coops.b1!.id] })).toEqual([ids.dB1, ids.mB1]);
    // A cooperative of another province is not in Thái Bình's audience, even by id.
    expect(await people({ cooperativeIds: [coops.n1!.id] })).toEqual([]);
    // The dissolved cooperative's director is nobody's audience.
    const country = await people({ province: null, audience: 'directors' });
    expect(country).toContain(ids.dN1);
    expect(country).not.toContain(ids.dA7);
    expect(await people({ communes: [BINH_MINH], audience: 'members' })).toEqual([ids.mB1]);
    const services = await findAudience(db(), { ...spec, sectors: ['services'] });
    expect(countReach(services, new Date())).toEqual({
      total: 2,
      byChannel: { telegram: 0, zalo_oa: 0, zalo_bot: 0, console: 2 },
      optedOut: 1,
      outsideWindow: 0,
      noChannel: 1,
    });
    const dA5 = (await findAudience(db(), { ...spec, cooperativeIds: [coops.a1!.id] })).find((r) => r.personId === ids.dA5)!;
    expect(dA5).toMatchObject({ locale: 'en', cooperativeName: 'HTX Nông nghiệp An Bình', commune: AN_BINH });
  });

  it('picks the most recent usable account and tells opted-out from out-of-window people', () => {
    const now = new Date('2026-06-10T00:00:00Z');
    const acc = (id: number, channel: string, lastInboundAt: Date | null, extra: Partial<AudienceAccount> = {}): AudienceAccount => ({
      id,
      channel,
      externalId: `x${id}`,
      optedOut: false,
      blockedAt: null,
      unreachableAt: null,
      lastInboundAt,
      ...extra,
    });
    const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
    expect(targetAccount([acc(1, 'telegram', daysAgo(3)), acc(2, 'zalo_bot', daysAgo(1))], now)?.id).toBe(2);
    expect(targetAccount([acc(1, 'zalo_oa', daysAgo(7)), acc(2, 'zalo_bot', daysAgo(8))], now)?.id).toBe(1);
    expect(targetAccount([acc(1, 'zalo_oa', daysAgo(7.01))], now)).toBeNull();
    // Marked unreachable after the last message: skipped; writing again clears it.
    expect(targetAccount([acc(1, 'telegram', daysAgo(2), { unreachableAt: daysAgo(1) }), acc(2, 'console', null)], now)?.id).toBe(2);
    expect(targetAccount([acc(1, 'telegram', daysAgo(1), { unreachableAt: daysAgo(2) })], now)?.id).toBe(1);
    expect(targetAccount([acc(1, 'telegram', daysAgo(1), { blockedAt: daysAgo(1) }), acc(2, 'telegram', daysAgo(1), { optedOut: true })], now)).toBeNull();

    const reach = countReach(
      [
        { announcementsOffAt: null, accounts: [acc(1, 'telegram', daysAgo(1), { optedOut: true }), acc(2, 'zalo_oa', daysAgo(1), { blockedAt: daysAgo(1) })] },
        { announcementsOffAt: null, accounts: [acc(3, 'zalo_oa', daysAgo(30)), acc(4, 'telegram', daysAgo(1), { optedOut: true })] },
        { announcementsOffAt: null, accounts: [acc(5, 'telegram', daysAgo(5), { unreachableAt: daysAgo(1) })] },
        { announcementsOffAt: daysAgo(1), accounts: [acc(6, 'telegram', daysAgo(1))] },
        { announcementsOffAt: null, accounts: [] },
        { announcementsOffAt: null, accounts: [acc(7, 'zalo_oa', daysAgo(1))] },
      ],
      now,
    );
    expect(reach).toEqual({ total: 1, byChannel: { telegram: 0, zalo_oa: 1, zalo_bot: 0, console: 0 }, optedOut: 2, outsideWindow: 2, noChannel: 1 });
  });
});
