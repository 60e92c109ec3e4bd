import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { OutboundMessage } from '../../src/lib/messages.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { createOutboxWorker } from '../../src/delivery/outbox-worker.js';
import type { CooperativeStatus, ReportStatus } from '../../src/generated/prisma/enums.js';
import { queueReportReminders } from '../../src/jobs/queue-report-reminders.js';
import { findReminderTargets } from '../../src/services/reports/find-reminder-targets.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE, periodWindow, reminderPoints } from '../../src/services/reports/report-schedule.js';
import { createCooperative, createDirector, createMember } from '../support/factories.js';
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
const S = DEFAULT_SCHEDULE;
const DAY = 86_400_000;

// The annual period open today, and its reminder times (08:00 Vietnam time = 01:00 UTC).
const P = currentPeriod(annualForm, new Date(), S);
const window = periodWindow(annualForm, P, S);
const points = reminderPoints(annualForm, P, S);
const point = (id: string) => points.find((p) => p.id === id)!.at;
/** 08:00 (Vietnam) on the deadline day. */
const deadlineMorning = new Date(window.deadline.getTime() + 1 - DAY + 8 * 3600_000);
const DEADLINE = `15/12/${P}`;
const YEAR_NAME = `Báo cáo năm ${P}`;
const topic = (id: string) => `reminder:annual:${P}:${id}`;

/** Who findReminderTargets picks for this annual period, among some people. */
async function annualTargets(now: Date, among: number[]) {
  const all = await findReminderTargets(db(), now, S);
  return all.filter((t) => t.form.id === 'annual' && t.period === P && among.includes(t.personId));
}
const queue = (now: Date) => queueReportReminders({ services: app.services, translator: app.translator, schedule: S }, now);
/** This period's annual reminder rows of one person, oldest first. */
const rowsOf = (personId: number) =>
  db().outboxMessage.findMany({ where: { personId, topic: { startsWith: `reminder:annual:${P}:` } }, orderBy: { id: 'asc' } });
const messageOf = (row: { message: unknown }) => row.message as OutboundMessage;

let coopCount = 0;
async function coop(o: { status?: CooperativeStatus; report?: ReportStatus; draft?: Prisma.InputJsonObject } = {}) {
  const c = await createCooperative(db(), { name: `HTX Nhắc hạn ${++coopCount}`, province: 'Hà Nam', commune: 'Xã Kim Bảng', status: o.status ?? 'active' });
  if (o.report) {
    const answers = { members: 55, associate_members: 2 };
    const submitted = o.report !== 'draft';
    const r = await db().report.create({
      data: {
        cooperativeId: c.id,
        form: 'annual',
        period: P,
        status: o.report,
        revision: submitted ? 1 : 0,
        formVersion: submitted ? 1 : null,
        answers: submitted ? answers : {},
        draft: o.draft,
        draftVersion: o.draft ? 1 : null,
        submittedAt: submitted ? new Date() : null,
        reviewComment: o.report === 'returned' ? 'Kiểm tra lại số thành viên.' : null,
      },
    });
    if (submitted) await db().reportRevision.create({ data: { reportId: r.id, revision: 1, formVersion: 1, answers, submittedAt: new Date() } });
  }
  return c;
}

type Who = 'dirA' | 'delA' | 'memA' | 'dirSubmitted' | 'dirAccepted' | 'dirReturned' | 'dirSuspended' | 'dirDraft' | 'dirEn';
const ids = {} as Record<Who, number>;
const coopName: Record<string, string> = {};

beforeAll(async () => {
  const a = await coop();
  coopName.a = a.name;
  ids.dirA = await createDirector(db(), { cooperativeId: a.id, accounts: 'dir-a' });
  ids.delA = await createMember(db(), { canReport: true, cooperativeId: a.id, accounts: 'del-a' });
  ids.memA = await createMember(db(), { cooperativeId: a.id, accounts: 'mem-a' });
  ids.dirSubmitted = await createDirector(db(), { cooperativeId: (await coop({ report: 'submitted' })).id, accounts: 'dir-sub' });
  ids.dirAccepted = await createDirector(db(), { cooperativeId: (await coop({ report: 'accepted' })).id, accounts: 'dir-acc' });
  const returned = await coop({ report: 'returned' });
  coopName.returned = returned.name;
  ids.dirReturned = await createDirector(db(), { cooperativeId: returned.id, accounts: 'dir-ret' });
  ids.dirSuspended = await createDirector(db(), { cooperativeId: (await coop({ status: 'suspended' })).id, accounts: 'dir-sus' });
  const draft = await coop({ report: 'draft', draft: { members: 12 } });
  coopName.draft = draft.name;
  ids.dirDraft = await createDirector(db(), { cooperativeId: draft.id, accounts: 'dir-draft' });
  const en = await coop();
  coopName.en = en.name;
  ids.dirEn = await createDirector(db(), { cooperativeId: en.id, locale: 'en', accounts: 'dir-en' });
});

const everyone = () => Object.values(ids);

describe('who is reminded, and when', () => {
  it('places the points at 08:00 Vietnam time: 14, 7 and 1 days before, then weekly while overdue', () => {
    expect(window.deadlineDay).toBe(`${P}-12-15`);
    expect(point('d14').toISOString()).toBe(`${P}-12-01T01:00:00.000Z`);
    expect(point('d7').toISOString()).toBe(`${P}-12-08T01:00:00.000Z`);
    expect(point('d1').toISOString()).toBe(`${P}-12-14T01:00:00.000Z`);
    expect(deadlineMorning.toISOString()).toBe(`${P}-12-15T01:00:00.000Z`);
    expect(point('late1').toISOString()).toBe(`${P}-12-22T01:00:00.000Z`);
    expect(point('late2').toISOString()).toBe(`${P}-12-29T01:00:00.000Z`);
  });

  it('picks the directors and delegates of active cooperatives that have not submitted', async () => {
    expect(await annualTargets(new Date(point('d14').getTime() - 60_000), everyone())).toEqual([]);
    const targets = await annualTargets(point('d14'), everyone());
    expect(targets.map((t) => t.personId).sort((x, y) => x - y)).toEqual([ids.dirA, ids.delA, ids.dirReturned, ids.dirDraft, ids.dirEn].sort((x, y) => x - y));
    const state = Object.fromEntries(targets.map((t) => [t.personId, t.state]));
    expect(state).toEqual({ [ids.dirA]: 'none', [ids.delA]: 'none', [ids.dirReturned]: 'returned', [ids.dirDraft]: 'draft', [ids.dirEn]: 'none' });
    expect(targets.every((t) => t.point.id === 'd14')).toBe(true);
    expect(targets.find((t) => t.personId === ids.dirEn)!.locale).toBe('en');
    // The point holds until the next one, which starts at 08:00 sharp.
    expect((await annualTargets(new Date(point('d7').getTime() - 1), everyone()))[0]!.point.id).toBe('d14');
    expect((await annualTargets(point('d7'), everyone()))[0]!.point.id).toBe('d7');
  });

  it('queues one reminder per person and point, with the right words, through the whole season', async () => {
    for (const at of [point('d14'), point('d7'), point('d1'), deadlineMorning, point('late1'), point('late2')]) await queue(at);

    const a = await rowsOf(ids.dirA);
    expect(a.map((r) => r.topic)).toEqual([topic('d14'), topic('d7'), topic('d1'), topic('late1'), topic('late2')]);
    const words = a.map((r) => messageOf(r).text);
    expect(words[0]).toContain('còn 14 ngày');
    expect(words[1]).toBe(
      `⏰ Nhắc hạn: ${YEAR_NAME} của ${coopName.a} cần gửi trước ${DEADLINE} (còn 7 ngày). Gõ /baocao hoặc bấm nút dưới đây; câu trả lời được lưu sau mỗi câu.`,
    );
    expect(words[2]).toContain('còn 1 ngày');
    expect(words[3]).toContain(`đã quá hạn 7 ngày (hạn ${DEADLINE})`);
    expect(words[4]).toContain('đã quá hạn 14 ngày');
    for (const r of a) {
      expect(r.status).toBe('pending');
      expect(messageOf(r).buttons).toEqual([[{ label: '📝 Làm báo cáo', action: `rep:f:annual:${P}` }]]);
      expect(messageOf(r).locale).toBe('vi');
    }
    // The delegate gets the same reminders; the plain member, the suspended cooperative and those
    // that submitted get none.
    expect((await rowsOf(ids.delA)).map((r) => r.topic)).toEqual(a.map((r) => r.topic));
    for (const nobody of [ids.memA, ids.dirSubmitted, ids.dirAccepted, ids.dirSuspended]) expect(await rowsOf(nobody)).toEqual([]);
    // Outside any report's point, the plain member and the suspended cooperative get nothing at all.
    expect(await db().outboxMessage.count({ where: { personId: { in: [ids.memA, ids.dirSuspended] } } })).toBe(0);

    const returned = await rowsOf(ids.dirReturned);
    expect(returned).toHaveLength(5);
    expect(messageOf(returned[0]!).text).toContain(`${YEAR_NAME} của ${coopName.returned}`);
    expect(messageOf(returned[0]!).text).toContain('Báo cáo đã được cán bộ trả lại để sửa.');
    const draft = await rowsOf(ids.dirDraft);
    expect(draft).toHaveLength(5);
    expect(messageOf(draft[0]!).text).toContain('Anh/chị đã làm được một phần, làm tiếp từ câu đang dở.');
  });

  it('says "today" to whoever is first reminded on the deadline day', async () => {
    const late = await coop();
    const dir = await createDirector(db(), { cooperativeId: late.id, accounts: 'dir-late' });
    await queue(deadlineMorning);
    const rows = await rowsOf(dir);
    expect(rows.map((r) => r.topic)).toEqual([topic('d1')]);
    expect(messageOf(rows[0]!).text).toBe(`⏰ Hôm nay (${DEADLINE}) là hạn chót gửi ${YEAR_NAME} của ${late.name}. Gõ /baocao hoặc bấm nút dưới đây.`);
    expect(messageOf(rows[0]!).text.toLowerCase()).toContain('hôm nay');
  });

  it('stops reminding a cooperative once its report is submitted', async () => {
    const c = await coop();
    const dir = await createDirector(db(), { cooperativeId: c.id, accounts: 'dir-stop' });
    await queue(point('d7'));
    expect((await rowsOf(dir)).map((r) => r.topic)).toEqual([topic('d7')]);
    await db().report.create({
      data: {
        cooperativeId: c.id,
        form: 'annual',
        period: P,
        status: 'submitted',
        revision: 1,
        formVersion: 1,
        answers: { members: 9 },
        submittedAt: new Date(),
      },
    });
    expect(await annualTargets(point('d1'), [dir])).toEqual([]);
    await queue(point('d1'));
    expect((await rowsOf(dir)).map((r) => r.topic)).toEqual([topic('d7')]);
  });

  it('never queues the same reminder twice, even from two processes at once', async () => {
    const c = await coop();
    const dir = await createDirector(db(), { cooperativeId: c.id, accounts: 'dir-twice' });
    const del = await createMember(db(), { canReport: true, cooperativeId: c.id, accounts: 'del-twice' });
    const before = await db().outboxMessage.count();
    const [x, y] = await Promise.all([queue(point('d7')), queue(point('d7'))]);
    const added = (await db().outboxMessage.count()) - before;
    expect(added).toBeGreaterThanOrEqual(2);
    expect(x + y).toBe(added);
    expect(await queue(point('d7'))).toBe(0);
    expect(await queue(new Date(point('d7').getTime() + 3 * 3600_000))).toBe(0);
    for (const p of [dir, del]) {
      const rows = await db().outboxMessage.findMany({ where: { personId: p, topic: topic('d7') } });
      expect(rows).toHaveLength(1);
    }
    // Still once each when the next point comes, from two processes again.
    await Promise.all([queue(point('d1')), queue(point('d1'))]);
    expect((await rowsOf(dir)).map((r) => r.topic)).toEqual([topic('d7'), topic('d1')]);
    expect((await rowsOf(del)).map((r) => r.topic)).toEqual([topic('d7'), topic('d1')]);
  });

  it('sends no backlog: only the point in effect, and nothing long after the last one', async () => {
    const c = await coop();
    const dir = await createDirector(db(), { cooperativeId: c.id, accounts: 'dir-down' });
    // The bot was down all season and comes back a little after the second overdue reminder.
    await queue(new Date(point('late2').getTime() + 2 * DAY));
    const rows = await rowsOf(dir);
    expect(rows.map((r) => r.topic)).toEqual([topic('late2')]);
    expect(messageOf(rows[0]!).text).toContain('đã quá hạn 16 ngày');

    const last = points.at(-1)!;
    expect(last.id).toBe(`late${S.overdueMaxReminders}`);
    expect((await annualTargets(new Date(last.at.getTime() + DAY), [dir]))[0]!.point.id).toBe(last.id);
    expect(await annualTargets(new Date(last.at.getTime() + S.overdueEveryDays * DAY), everyone().concat(dir))).toEqual([]);
    const longAfter = new Date(window.deadline.getTime() + 150 * DAY);
    expect(await annualTargets(longAfter, everyone().concat(dir))).toEqual([]);
    const count = await db().outboxMessage.count({ where: { topic: { startsWith: `reminder:annual:${P}:` } } });
    await queue(longAfter);
    expect(await db().outboxMessage.count({ where: { topic: { startsWith: `reminder:annual:${P}:` } } })).toBe(count);
  });

  it('writes to a person who chose English in English', async () => {
    const rows = await rowsOf(ids.dirEn);
    expect(rows.map((r) => r.topic)).toEqual([topic('d14'), topic('d7'), topic('d1'), topic('late1'), topic('late2')]);
    const d7 = messageOf(rows[1]!);
    expect(d7.locale).toBe('en');
    expect(d7.text).toBe(
      `⏰ Deadline reminder: Annual report ${P} of ${coopName.en} must be sent before ${DEADLINE} (7 days left). Type /baocao or press the button below; each answer is saved as you go.`,
    );
    expect(messageOf(rows[2]!).text).toContain('(1 day left)');
    expect(messageOf(rows[3]!).text).toContain('is 7 days overdue');
    expect(d7.buttons).toEqual([[{ label: '📝 Make report', action: `rep:f:annual:${P}` }]]);
  });
});

describe('delivering the reminders', () => {
  it('sends the queued reminders to the console users, and the button opens the report at question 1', async () => {
    notices.drain();
    const worker = createOutboxWorker({ services: app.services, notify: notices.notify, logger: app.logger, ratePerSecond: 10_000 });
    let sent = 0;
    for (let i = 0; i < 20; i++) {
      const r = await worker.runOnce();
      expect(r.failed + r.retried + r.undeliverable).toBe(0);
      if (r.sent === 0) break;
      sent += r.sent;
    }
    expect(sent).toBe(await db().outboxMessage.count());
    expect(await db().outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);

    const got = notices.drain();
    expect(got).toHaveLength(sent);
    const forA = got.filter((n) => n.user === 'dir-a' && n.reply.buttons?.[0]?.[0]?.action === `rep:f:annual:${P}`);
    expect(forA.map((n) => n.reply.text)).toEqual((await rowsOf(ids.dirA)).map((r) => messageOf(r).text));
    expect(forA).toHaveLength(5);
    expect(got.filter((n) => n.user === 'mem-a' || n.user === 'dir-sus')).toEqual([]);
    expect(got.some((n) => n.user === 'dir-en' && n.reply.text.startsWith('⏰ Deadline reminder'))).toBe(true);
    const row = (await rowsOf(ids.dirA))[0]!;
    expect(row).toMatchObject({ status: 'sent', channel: 'console', externalId: 'dir-a', attempts: 1 });
    expect(row.sentAt).toBeInstanceOf(Date);

    // Nothing is sent twice.
    expect(await worker.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect(notices.drain()).toEqual([]);

    // The reminder's button opens the report at its first question.
    const opened = await sayOn(app, 'console', 'dir-a', { action: forA[0]!.reply.buttons![0]![0]!.action });
    expect(texts(opened)).toContain(`📝 Câu 1/`);
    expect(texts(opened)).toContain(YEAR_NAME);
    expect(texts(opened)).toContain('HTX có bao nhiêu thành viên chính thức (tính đến ngày báo cáo)?');
    const report = await db().report.findFirstOrThrow({ where: { form: 'annual', period: P, cooperative: { people: { some: { id: ids.dirA } } } } });
    expect(report).toMatchObject({ status: 'draft', draft: {} });

    // The draft's director continues where they stopped (question 2, the first one unanswered).
    const draft = got.find((n) => n.user === 'dir-draft' && n.reply.buttons?.[0]?.[0]?.action === `rep:f:annual:${P}`)!;
    const resumed = await sayOn(app, 'console', 'dir-draft', { action: draft.reply.buttons![0]![0]!.action });
    expect(texts(resumed)).toContain('📝 Câu 2/');
  });

  it('logged no error or warning', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});
