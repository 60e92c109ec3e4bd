import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { OutboundMessage } from '../../src/lib/messages.js';
import { createOutboxWorker } from '../../src/delivery/outbox-worker.js';
import type { AnnouncementKind, AnnouncementStatus } from '../../src/generated/prisma/enums.js';
import { attendeeReminderTopic, queueAttendeeReminders } from '../../src/jobs/queue-attendee-reminders.js';
import { rsvpButtons } from '../../src/handlers/announcements/rsvp-feature.js';
import { timeText } from '../../src/handlers/reports/report-text.js';
import { vnDateTime } from '../../src/lib/vn-time.js';
import { attendeesCsv } from '../../src/services/announcements/attendees-csv.js';
import { countRsvps } from '../../src/services/announcements/count-rsvps.js';
import { listAttendees } from '../../src/services/announcements/list-attendees.js';
import { recordRsvp } from '../../src/services/announcements/record-rsvp.js';
import { createCooperative, createMember } from '../support/factories.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
let notices: ConsoleNotices;
beforeAll(async () => {
  app = await createTestApp();
  notices = createConsoleNotices(app.services);
  app.setNotifier(notices.notify);
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 08:00 Vietnam time (01:00 UTC), some days from today. */
function morningIn(days: number): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days, 1, 0));
}
const STARTS = morningIn(10);
const TITLE = 'Tập huấn kế toán HTX';
const PLACE = 'Hội trường UBND xã Kim Bảng';
const WHEN = timeText(STARTS);

/** An announcement already sent (one `sent` outbox copy per recipient). */
async function announcement(o: {
  to: number[];
  kind?: AnnouncementKind;
  status?: AnnouncementStatus;
  startsAt?: Date;
  registerBy?: Date | null;
  title?: string;
}) {
  const startsAt = o.startsAt ?? STARTS;
  const a = await db().announcement.create({
    data: {
      kind: o.kind ?? 'training',
      title: o.title ?? TITLE,
      body: 'Nội dung tập huấn.',
      startsAt,
      place: PLACE,
      registerBy: o.registerBy === undefined ? new Date(startsAt.getTime() - 2 * DAY) : o.registerBy,
      audience: 'both',
      status: o.status ?? 'sending',
      queuedAt: new Date(),
    },
  });
  await db().outboxMessage.createMany({
    data: o.to.map((personId) => ({
      topic: `announcement:${a.id}`,
      personId,
      announcementId: a.id,
      message: { text: 'x' },
      status: 'sent' as const,
      sentAt: new Date(),
    })),
  });
  return a.id;
}

const press = (user: string, action: string) => sayOn(app, 'console', user, { action });
const one = (replies: OutboundMessage[]) => {
  expect(replies).toHaveLength(1);
  return replies[0]!;
};
const answerOf = (announcementId: number, personId: number) => db().rsvp.findUnique({ where: { announcementId_personId: { announcementId, personId } } });

const ids = {} as Record<'an' | 'binh' | 'cuong' | 'dung' | 'outsider' | 'quiet', number>;
let coopA: { id: number; name: string };
let coopB: { id: number; name: string };
let ann: number;

beforeAll(async () => {
  coopA = await createCooperative(db(), { name: 'HTX Kim Bảng', province: 'Hà Nam', commune: 'Xã Kim Bảng' });
  coopB = await createCooperative(db(), { name: 'HTX An Lão', province: 'Hà Nam', commune: 'Xã An Lão' });
  ids.an = await createMember(db(), { name: 'Nguyễn Văn An', cooperativeId: coopA.id, phone: '0912345678', consent: true, accounts: 'rsvp-an' });
  ids.binh = await createMember(db(), { name: 'Trần Thị Bình', cooperativeId: coopB.id, phone: '0987654321', consent: false, accounts: 'rsvp-binh' });
  ids.cuong = await createMember(db(), { name: 'Lê Văn Cường', cooperativeId: coopA.id, locale: 'en', accounts: 'rsvp-cuong' });
  ids.dung = await createMember(db(), { name: 'Phạm Dũng', cooperativeId: coopA.id, accounts: 'rsvp-dung' });
  ids.outsider = await createMember(db(), { name: 'Hoàng Ngoài', cooperativeId: coopA.id, accounts: 'rsvp-out' });
  ids.quiet = await createMember(db(), { name: 'Đỗ Im Lặng', cooperativeId: coopB.id, announcementsOffAt: new Date(), accounts: 'rsvp-quiet' });
  ann = await announcement({ to: [ids.an, ids.binh, ids.cuong, ids.dung, ids.quiet] });
});

describe('answering an announcement', () => {
  it('builds the two buttons the announcement carries', async () => {
    expect(rsvpButtons(app.translator('vi'), 12)).toEqual([
      { label: '✅ Tôi sẽ tham dự', action: 'rsvp:12:y' },
      { label: 'Không tham dự', action: 'rsvp:12:n' },
    ]);
  });

  it('records "I will attend" with the title, time and place, and offers to change it', async () => {
    const r = one(await press('rsvp-an', `rsvp:${ann}:y`));
    expect(r.text).toBe(`✅ Đã ghi nhận anh/chị sẽ tham dự «${TITLE}» lúc ${WHEN} tại ${PLACE}. Tôi sẽ nhắc anh/chị một ngày trước.`);
    expect(WHEN).toMatch(/^08:00 \d\d\/\d\d\/\d{4}$/);
    expect(r.buttons).toEqual([[{ label: '🔄 Đổi: không tham dự', action: `rsvp:${ann}:n` }]]);
    expect(await answerOf(ann, ids.an)).toMatchObject({ attending: true });
    expect(await countRsvps(db(), ann)).toEqual({ attending: 1, declined: 0 });
  });

  it('says so when the same answer comes again, and counts it once', async () => {
    const r = one(await press('rsvp-an', `rsvp:${ann}:y`));
    expect(r.text).toBe(`Anh/chị đã đăng ký tham dự «${TITLE}» lúc ${WHEN} tại ${PLACE} rồi. Tôi sẽ nhắc anh/chị một ngày trước.`);
    expect(await countRsvps(db(), ann)).toEqual({ attending: 1, declined: 0 });
  });

  it('changes the answer both ways', async () => {
    const no = one(await press('rsvp-an', `rsvp:${ann}:n`));
    expect(no.text).toBe(`🔄 Đã đổi: anh/chị không tham dự «${TITLE}». Cảm ơn anh/chị đã báo lại.`);
    expect(no.buttons).toEqual([[{ label: '🔄 Đổi: tôi sẽ tham dự', action: `rsvp:${ann}:y` }]]);
    expect(await countRsvps(db(), ann)).toEqual({ attending: 0, declined: 1 });
    const yes = one(await press('rsvp-an', no.buttons![0]![0]!.action));
    expect(yes.text).toBe(`🔄 Đã đổi: anh/chị sẽ tham dự «${TITLE}» lúc ${WHEN} tại ${PLACE}. Tôi sẽ nhắc anh/chị một ngày trước.`);
    expect(await countRsvps(db(), ann)).toEqual({ attending: 1, declined: 0 });
  });

  it('acknowledges "not attending" briefly, answers in English, and counts everyone right', async () => {
    const no = one(await press('rsvp-dung', `rsvp:${ann}:n`));
    expect(no.text).toBe(`Đã ghi nhận anh/chị không tham dự «${TITLE}». Cảm ơn anh/chị đã báo.`);
    expect(no.buttons).toEqual([[{ label: '🔄 Đổi: tôi sẽ tham dự', action: `rsvp:${ann}:y` }]]);
    one(await press('rsvp-binh', `rsvp:${ann}:y`));
    one(await press('rsvp-quiet', `rsvp:${ann}:y`));
    const en = one(await press('rsvp-cuong', `rsvp:${ann}:y`));
    expect(en.text).toBe(`✅ Noted: you will attend «${TITLE}» at ${WHEN}, ${PLACE}. I will remind you the day before.`);
    expect(en.buttons).toEqual([[{ label: '🔄 Change: not attending', action: `rsvp:${ann}:n` }]]);
    expect(await countRsvps(db(), ann)).toEqual({ attending: 4, declined: 1 });
  });

  it('refuses someone the announcement was not sent to, and unknown or broken buttons', async () => {
    const r = one(await press('rsvp-out', `rsvp:${ann}:y`));
    expect(r.text).toContain('Thông báo này không được gửi tới anh/chị');
    expect(await answerOf(ann, ids.outsider)).toBeNull();
    expect(await recordRsvp(db(), { announcementId: ann, personId: ids.outsider, attending: true, now: new Date() })).toBe('not_invited');

    expect(texts(await press('rsvp-an', 'rsvp:987654:y'))).toContain('Không tìm thấy thông báo này');
    expect(await recordRsvp(db(), { announcementId: 987654, personId: ids.an, attending: true, now: new Date() })).toBe('not_found');
    expect(texts(await press('rsvp-an', `rsvp:${ann}:maybe`))).toContain('Nút này đã hết hạn');
    expect(texts(await press('rsvp-an', 'rsvp:abc:y'))).toContain('Nút này đã hết hạn');
    expect(await countRsvps(db(), ann)).toEqual({ attending: 4, declined: 1 });
  });

  it('closes once registration is over, the announcement is cancelled, or it takes no answers', async () => {
    const late = await announcement({ to: [ids.an], registerBy: new Date(Date.now() - HOUR), title: 'Hội chợ nông sản' });
    expect(texts(await press('rsvp-an', `rsvp:${late}:y`))).toContain('Đã hết hạn đăng ký «Hội chợ nông sản»');
    expect(await answerOf(late, ids.an)).toBeNull();

    // An answer given before the deadline stays as it was after it.
    const soon = await announcement({ to: [ids.an], startsAt: morningIn(40) });
    expect(await recordRsvp(db(), { announcementId: soon, personId: ids.an, attending: true, now: new Date() })).toBe('recorded');
    await db().announcement.update({ where: { id: soon }, data: { registerBy: new Date(Date.now() - 1000) } });
    expect(texts(await press('rsvp-an', `rsvp:${soon}:n`))).toContain('Đã hết hạn đăng ký');
    expect(await answerOf(soon, ids.an)).toMatchObject({ attending: true });

    const cancelled = await announcement({ to: [ids.an], status: 'cancelled' });
    expect(texts(await press('rsvp-an', `rsvp:${cancelled}:y`))).toContain('đã bị hủy');
    const other = await announcement({ to: [ids.an], kind: 'other', title: 'Thông báo chung' });
    expect(texts(await press('rsvp-an', `rsvp:${other}:y`))).toContain('«Thông báo chung» không cần đăng ký');
    expect(await db().rsvp.count({ where: { announcementId: { in: [late, cancelled, other] } } })).toBe(0);
  });
});

describe('the attendee list', () => {
  it('lists those attending by commune, cooperative and name, with phones only given with consent', async () => {
    const rows = await listAttendees(db(), ann);
    expect(rows.map((r) => [r.name, r.cooperative, r.commune, r.phone])).toEqual([
      ['Đỗ Im Lặng', coopB.name, 'Xã An Lão', null],
      ['Trần Thị Bình', coopB.name, 'Xã An Lão', null],
      ['Lê Văn Cường', coopA.name, 'Xã Kim Bảng', null],
      ['Nguyễn Văn An', coopA.name, 'Xã Kim Bảng', '0912345678'],
    ]);
    for (const r of rows) expect(r.answeredAt).toBeInstanceOf(Date);
  });

  it("writes them as CSV for Excel, with headers in the reader's language", async () => {
    const rows = await listAttendees(db(), ann);
    const csv = attendeesCsv(app.translator('vi'), rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('STT,Họ tên,Hợp tác xã,Xã/phường,Số điện thoại,Thời điểm đăng ký');
    expect(lines[2]).toBe(`2,Trần Thị Bình,${coopB.name},Xã An Lão,,${vnDateTime(rows[1]!.answeredAt)}`);
    expect(lines[4]).toBe(`4,Nguyễn Văn An,${coopA.name},Xã Kim Bảng,0912345678,${vnDateTime(rows[3]!.answeredAt)}`);
    expect(lines[4]).toMatch(/,\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(csv).not.toContain('0987654321');
    expect(attendeesCsv(app.translator('en'), rows).slice(1).split('\r\n')[0]).toBe('No.,Name,Cooperative,Commune,Phone,Registered at');
    expect(vnDateTime(new Date('2026-12-01T01:30:00Z'))).toBe('2026-12-01 08:30');
  });
});

describe('the day-before reminder', () => {
  const queue = (now: Date) => queueAttendeeReminders({ services: app.services, translator: app.translator }, now);
  const reminders = (announcementId: number) =>
    db().outboxMessage.findMany({ where: { topic: attendeeReminderTopic(announcementId) }, orderBy: { personId: 'asc' } });

  it('queues nothing before 36 hours or within 12 hours of the start', async () => {
    expect(await queue(new Date(STARTS.getTime() - 36 * HOUR - 60_000))).toBe(0);
    expect(await queue(new Date(STARTS.getTime() - 12 * HOUR + 60_000))).toBe(0);
    expect(await reminders(ann)).toEqual([]);
    expect((await db().announcement.findUniqueOrThrow({ where: { id: ann } })).attendeeReminderAt).toBeNull();
  });

  it('queues one reminder per attendee the day before, in their language, once', async () => {
    const now = new Date(STARTS.getTime() - DAY);
    expect(await queue(now)).toBe(3);
    const rows = await reminders(ann);
    // The decliner gets none, nor the attendee who asked for no announcements.
    expect(rows.map((r) => r.personId)).toEqual([ids.an, ids.binh, ids.cuong].sort((x, y) => x - y));
    for (const r of rows) expect(r).toMatchObject({ status: 'pending', announcementId: null });
    const msg = (personId: number) => rows.find((r) => r.personId === personId)!.message as unknown as OutboundMessage;
    expect(msg(ids.an)).toEqual({ text: `⏰ Nhắc lịch: ngày mai ${WHEN} có «${TITLE}» tại ${PLACE}. Anh/chị đã đăng ký tham dự.`, locale: 'vi' });
    expect(msg(ids.cuong)).toEqual({ text: `⏰ Reminder: tomorrow at ${WHEN}, «${TITLE}» at ${PLACE}. You registered to attend.`, locale: 'en' });
    expect((await db().announcement.findUniqueOrThrow({ where: { id: ann } })).attendeeReminderAt).toEqual(now);
    // The announcement's own copies are still counted by announcementId alone.
    expect(await db().outboxMessage.count({ where: { announcementId: ann } })).toBe(5);

    expect(await queue(now)).toBe(0);
    expect(await queue(new Date(now.getTime() + 2 * HOUR))).toBe(0);
    expect(await reminders(ann)).toHaveLength(3);
  });

  it('says "today" when the event is later the same day, and skips drafts, cancelled and plain notices', async () => {
    const evening = new Date(morningIn(20).getTime() + 12 * HOUR); // 20:00 Vietnam time
    const a = await announcement({ to: [ids.an], startsAt: evening });
    await recordRsvp(db(), { announcementId: a, personId: ids.an, attending: true, now: new Date() });
    const skipped = [
      await announcement({ to: [ids.an], startsAt: evening, status: 'cancelled' }),
      await announcement({ to: [ids.an], startsAt: evening, status: 'draft' }),
      await announcement({ to: [ids.an], startsAt: evening, kind: 'other' }),
    ];
    for (const s of skipped) await db().rsvp.create({ data: { announcementId: s, personId: ids.an, attending: true } });
    const now = new Date(evening.getTime() - 13 * HOUR); // 07:00 the same day
    expect(await queue(now)).toBe(1);
    expect(((await reminders(a))[0]!.message as unknown as OutboundMessage).text).toBe(
      `⏰ Nhắc lịch: hôm nay ${timeText(evening)} có «${TITLE}» tại ${PLACE}. Anh/chị đã đăng ký tham dự.`,
    );
    for (const s of skipped) expect(await reminders(s)).toEqual([]);
  });

  it('never queues twice from two processes at once', async () => {
    const starts = morningIn(30);
    const a = await announcement({ to: [ids.an, ids.binh], startsAt: starts, status: 'done' });
    for (const p of [ids.an, ids.binh]) await recordRsvp(db(), { announcementId: a, personId: p, attending: true, now: new Date() });
    const now = new Date(starts.getTime() - 20 * HOUR);
    const [x, y] = await Promise.all([queue(now), queue(now)]);
    expect(x + y).toBe(2);
    expect(await reminders(a)).toHaveLength(2);
    expect(await queue(now)).toBe(0);
  });

  it('delivers the reminders to the attendees', async () => {
    notices.drain();
    const worker = createOutboxWorker({ services: app.services, notify: notices.notify, logger: app.logger, ratePerSecond: 10_000 });
    let sent = 0;
    for (let i = 0; i < 10; i++) {
      const r = await worker.runOnce();
      expect(r.failed + r.retried + r.undeliverable).toBe(0);
      if (r.sent === 0) break;
      sent += r.sent;
    }
    expect(sent).toBe(6);
    const got = notices.drain();
    expect(
      got
        .filter((n) => n.reply.text.startsWith('⏰'))
        .map((n) => n.user)
        .sort(),
    ).toEqual(['rsvp-an', 'rsvp-an', 'rsvp-an', 'rsvp-binh', 'rsvp-binh', 'rsvp-cuong']);
  });

  it('logged no error or warning', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});
