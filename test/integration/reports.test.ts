import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { quarterlyForm } from '../../src/services/reports/forms/quarterly-form.js';
import { currentPeriod, DEFAULT_SCHEDULE, previousPeriod } from '../../src/services/reports/report-schedule.js';
import { createCooperative, createDirector } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp, actions } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const year = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
const quarter = currentPeriod(quarterlyForm, new Date(), DEFAULT_SCHEDULE);
const on = (channel: ChannelName, id: string, input: string | Partial<InboundMessage>) => sayOn(app, channel, id, input);

let n = 0;
/** A cooperative and its director, who has a console account and a Telegram account. */
async function directorWithTwoApps() {
  const i = ++n;
  const coop = await createCooperative(db(), { name: `HTX Báo Cáo ${i}` });
  const person = await createDirector(db(), {
    cooperativeId: coop.id,
    province: coop.province,
    commune: coop.commune,
    accounts: [`dir-${i}`, { channel: 'telegram', externalId: `70${i}` }],
  });
  return { coop, person, console: `dir-${i}`, telegram: `70${i}` };
}

const report = (cooperativeId: number, form = 'annual', period = year) =>
  db().report.findUniqueOrThrow({ where: { cooperativeId_form_period: { cooperativeId, form, period } } });

describe('filling in a report', () => {
  it('keeps the draft on cancel and resumes it on the other app at the next question', async () => {
    const d = await directorWithTwoApps();
    const home = await on('console', d.console, '/baocao');
    expect(texts(home)).toContain(`Báo cáo năm ${year}: chưa làm`);
    const q1 = await on('console', d.console, { action: `rep:f:annual:${year}` });
    expect(texts(q1)).toContain('Câu 1/28');
    await on('console', d.console, '40');
    await on('console', d.console, '2');
    const cancelled = await on('console', d.console, 'hủy');
    expect(texts(cancelled)).toContain('Bản nháp báo cáo được giữ nguyên');
    expect((await report(d.coop.id)).draft).toEqual({ members: 40, associate_members: 2 });

    const elsewhere = await on('telegram', d.telegram, '/baocao');
    expect(texts(elsewhere)).toContain('đang làm dở (2/28 câu)');
    expect(labels(elsewhere)[0]).toBe(`▶️ Báo cáo năm ${year}`);
    const resumed = await on('telegram', d.telegram, { action: actions(elsewhere)[0]! });
    expect(texts(resumed)).toContain('Làm tiếp báo cáo đang dở');
    expect(texts(resumed)).toContain('Câu 3/28');
    expect(texts(resumed)).toContain('hộ gia đình');
  });

  it('explains a question on "?", refuses to skip a required one, and says so at the first question', async () => {
    const d = await directorWithTwoApps();
    await on('console', d.console, { action: `rep:f:annual:${year}` });
    const help = await on('console', d.console, '?');
    expect(texts(help)).toContain('ℹ️');
    expect(texts(help)).toContain('Câu 1/28');
    expect(texts(await on('console', d.console, 'bo qua'))).toContain('Câu này bắt buộc');
    expect(texts(await on('console', d.console, 'quay lai'))).toContain('Đây là câu đầu tiên');
    expect(texts(await on('console', d.console, 'muoi lam'))).toContain('Đã ghi Thành viên chính thức: 15 thành viên');
  });

  it('answers from two apps at once: both answers are kept; the same question keeps the last one', async () => {
    const d = await directorWithTwoApps();
    await on('console', d.console, { action: `rep:f:annual:${year}` });
    await on('telegram', d.telegram, '/baocao');
    await on('telegram', d.telegram, { action: `rep:f:annual:${year}` });
    // Both chats are at question 1; they answer it (and the next) at the same moment.
    await Promise.all([on('console', d.console, '50'), on('telegram', d.telegram, '60')]);
    expect(((await report(d.coop.id)).draft as Record<string, unknown>).members).toBeOneOf([50, 60]);
    await Promise.all([on('console', d.console, '4'), on('telegram', d.telegram, 'quay lai')]);
    const latest = await on('telegram', d.telegram, '65');
    expect(texts(latest)).toContain('Đã ghi Thành viên chính thức: 65');
    expect((await report(d.coop.id)).draft).toEqual({ members: 65, associate_members: 4 });
  });

  it('tells the other app clearly when the report was submitted meanwhile, and writes nothing', async () => {
    const d = await directorWithTwoApps();
    await on('console', d.console, { action: `rep:f:quarterly:${quarter}` });
    await on('telegram', d.telegram, { action: `rep:f:quarterly:${quarter}` });
    await on('console', d.console, '30');
    await on('console', d.console, '450 trieu');
    await on('console', d.console, 'bo qua');
    const summary = await on('console', d.console, '1, 2');
    expect(texts(summary)).toContain('2. Doanh thu quý (đồng): 450.000.000 đ');
    expect(texts(await on('console', d.console, 'gửi'))).toContain(`Đã gửi Báo cáo nhanh quý`);
    const late = await on('telegram', d.telegram, '31');
    expect(texts(late)).toContain('vừa được gửi');
    const stored = await report(d.coop.id, 'quarterly', quarter);
    expect(stored.answers).toEqual({ members: 30, quarter_revenue: 450_000_000, difficulties: null, support_needed: ['land', 'credit'] });
    expect(stored.draft).toBeNull();
  });

  it("offers last period's values to keep, and shows the kept value back", async () => {
    const d = await directorWithTwoApps();
    await db().report.create({
      data: {
        cooperativeId: d.coop.id,
        form: 'annual',
        period: previousPeriod(year),
        status: 'accepted',
        revision: 1,
        formVersion: 1,
        answers: { members: 45, associate_members: 0 },
      },
    });
    const q1 = await on('console', d.console, { action: `rep:f:annual:${year}` });
    expect(texts(q1)).toContain('Năm trước: 45 thành viên');
    expect(labels(q1)).toContain('Giữ nguyên: 45 thành viên');
    expect(texts(await on('console', d.console, 'giữ nguyên'))).toContain('Đã ghi Thành viên chính thức: 45 thành viên');
    const q2 = await on('console', d.console, '3');
    expect(texts(q2)).not.toContain('Năm trước');
    // Doubling the members from last year is kept with a warning.
    await on('console', d.console, 'quay lai');
    await on('console', d.console, 'quay lai');
    const big = await on('console', d.console, '120');
    expect(texts(big)).toContain('thay đổi nhiều so với năm trước (45)');
    expect(((await report(d.coop.id)).draft as Record<string, unknown>).members).toBe(120);
  });

  it('re-asks the current question when an old button is pressed, and keeps "none" alone in a multiple choice', async () => {
    const d = await directorWithTwoApps();
    const q1 = await on('console', d.console, { action: `rep:f:quarterly:${quarter}` });
    expect(actions(q1)).toContain('rep:pause');
    await on('console', d.console, '12');
    const stale = await on('console', d.console, { action: 'rep:o:members:0' });
    expect(texts(stale)).toContain('Nút đó thuộc câu hỏi cũ');
    expect(texts(stale)).toContain('Câu 2/4');
    await on('console', d.console, '80tr');
    await on('console', d.console, 'bo qua');
    const mixed = await on('console', d.console, '1, 8');
    expect(texts(mixed)).toContain('không đi cùng các mục khác');
    await on('console', d.console, { action: 'rep:m:support_needed:0' });
    const none = await on('console', d.console, { action: 'rep:m:support_needed:7' });
    expect(texts(none)).toContain('Đã chọn: Không có');
    const done = await on('console', d.console, { action: 'rep:done:support_needed' });
    expect(texts(done)).toContain('4. Nhu cầu hỗ trợ: Không có');
  });

  it('asks the follow-up question an edit opens, then returns to the summary', async () => {
    const d = await directorWithTwoApps();
    await on('console', d.console, { action: `rep:f:annual:${year}` });
    for (const a of ['50', '0', '40', '0', '0', '1 ty', '2 ty', '3 ty', '1 ty', '100 trieu', '2', 'khong']) await on('console', d.console, a);
    // value_chain "no" skipped the partner question.
    const hiTech = await on('console', d.console, 'không');
    // No workers, no value chain, no high technology: four follow-up questions are not asked.
    expect(texts(hiTech)).toContain('Câu 14/24');
    await on('console', d.console, 'tam dung');
    await on('console', d.console, '/baocao');
    const back = await on('console', d.console, { action: `rep:f:annual:${year}` });
    expect(texts(back)).toContain('Câu 14/24');
    for (const a of ['ko', '0', '3', '1', 'bo qua', 'bo qua', '0', '8', 'xong', '8', 'xong']) await on('console', d.console, a);
    const summary = await on('console', d.console, 'bo qua');
    expect(texts(summary)).toContain('Gửi báo cáo');
    expect(texts(summary)).toContain('12. Liên kết chuỗi giá trị: Không');
    const edit = await on('console', d.console, 'sua 12');
    expect(texts(edit)).toContain('liên kết');
    const followUp = await on('console', d.console, 'co');
    expect(texts(followUp)).toContain('Câu 13/24');
    const again = await on('console', d.console, 'Công ty Cổ phần Chè Xanh');
    expect(texts(again)).toContain('13. ');
    expect(texts(again)).toContain('Công ty Cổ phần Chè Xanh');
    const submitted = await on('console', d.console, { action: 'rep:send' });
    // No size class is stated: its thresholds (Decree 113/2024) are known only from secondary sources.
    expect(texts(submitted)).toContain('Trợ lý chưa có văn bản Nghị định này nên không nêu quy mô của HTX');
    expect(texts(submitted)).not.toContain('quy mô nhỏ');
    const stored = await report(d.coop.id);
    expect(stored.answers).toMatchObject({ value_chain: true, value_chain_partner: 'Công ty Cổ phần Chè Xanh', workers: 0 });
    expect(stored.answers).not.toHaveProperty('workers_members');
  });

  it('corrects a submitted report as a new revision, keeping the submitted values until it is resent', async () => {
    const d = await directorWithTwoApps();
    await on('console', d.console, { action: `rep:f:quarterly:${quarter}` });
    for (const a of ['30', '450 trieu', 'bo qua', '2']) await on('console', d.console, a);
    await on('console', d.console, { action: 'rep:done:support_needed' });
    await on('console', d.console, { action: 'rep:send' });
    const view = await on('console', d.console, { action: `rep:f:quarterly:${quarter}` });
    expect(texts(view)).toContain('Đã gửi lúc');
    // Typing while looking at a submitted report shows it again, with its button to correct it.
    const typed = await on('console', d.console, 'sua 2');
    expect(texts(typed)).toContain('Đã gửi lúc');
    expect(actions(typed)).toContain('rep:revise');
    const fix = await on('console', d.console, { action: 'rep:revise' });
    expect(texts(fix)).toContain('đang sửa báo cáo đã gửi');
    await on('console', d.console, 'sua 2');
    await on('console', d.console, '500 trieu');
    const meanwhile = await report(d.coop.id, 'quarterly', quarter);
    expect(meanwhile.answers).toMatchObject({ quarter_revenue: 450_000_000 });
    expect(meanwhile.draft).toMatchObject({ quarter_revenue: 500_000_000 });
    expect(texts(await on('console', d.console, 'gui'))).toContain('lần 2');
    const after = await db().report.findUniqueOrThrow({ where: { id: meanwhile.id }, include: { revisions: { orderBy: { revision: 'asc' } } } });
    expect(after.revisions.map((r) => (r.answers as Record<string, unknown>).quarter_revenue)).toEqual([450_000_000, 500_000_000]);
    const audits = await db().auditLog.findMany({ where: { subject: `report:${meanwhile.id}` }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['report.submitted', 'report.resubmitted']);
  });
});
