import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { quarterlyForm } from '../../src/services/reports/forms/quarterly-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { createCooperative, createDirector } from '../support/factories.js';
import { createTestApp, labels, say, texts, type TestApp, actions } from '../support/test-app.js';

/**
 * Issue 17: answers as rural directors type them (no diacritics, units, explanations), and a
 * cross-field rule that must be raised on the question that breaks it, never trapping the user.
 */
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

let n = 0;
async function director() {
  const i = ++n;
  const coop = await createCooperative(db(), { name: `HTX Trả Lời ${i}` });
  await createDirector(db(), { cooperativeId: coop.id, province: coop.province, commune: coop.commune, accounts: [`ans-${i}`] });
  const user = `ans-${i}`;
  return { coop, user, say: (input: Parameters<typeof say>[2]) => say(app, user, input) };
}

const draftOf = async (cooperativeId: number, form = 'annual', period = year) =>
  (await db().report.findUniqueOrThrow({ where: { cooperativeId_form_period: { cooperativeId, form, period } } })).draft as Record<string, unknown>;

/** A draft of the annual report answered up to (not including) `upTo`. */
async function seedDraft(cooperativeId: number, draft: Record<string, unknown>) {
  await db().report.create({ data: { cooperativeId, form: 'annual', period: year, status: 'draft', draft: draft as object, draftVersion: 1 } });
}

const UP_TO_OCOP = {
  members: 45,
  associate_members: 0,
  member_households: 40,
  member_entities: 0,
  workers: 0,
  charter_capital: 1e9,
  total_assets: 2e9,
  revenue: 3e9,
  revenue_members: 1e9,
  profit: 1e8,
  rating: 'good',
  value_chain: false,
  high_tech: false,
  digital_tools: true,
};

describe('a cross-field rule is raised on the question that breaks it', () => {
  it('refuses 50 households of 45 members at the households question, then lets the next one be answered', async () => {
    const d = await director();
    await d.say({ action: `rep:f:annual:${year}` });
    await d.say('45');
    await d.say('0');
    const households = await d.say('50 hộ');
    expect(texts(households)).toContain('❗ Số thành viên là hộ gia đình và tổ chức (50) không thể nhiều hơn số thành viên chính thức (45).');
    expect(texts(households)).toContain('Câu 3/28');
    expect(await draftOf(d.coop.id)).toEqual({ members: 45, associate_members: 0 });
    // The earlier answer may be the wrong one: it can be corrected from here.
    expect(labels(households)).toContain('✏️ Sửa: Thành viên chính thức');

    const fixed = await d.say('40 ho');
    expect(texts(fixed)).toContain('Đã ghi Thành viên là hộ gia đình: 40 hộ');
    expect(texts(fixed)).toContain('Câu 4/28');
    const entities = await d.say('10');
    expect(texts(entities)).toContain('(50) không thể nhiều hơn');
    expect(texts(entities)).toContain('Câu 4/28');
    expect(labels(entities)).toEqual(expect.arrayContaining(['✏️ Sửa: Thành viên chính thức', '✏️ Sửa: Thành viên là hộ gia đình']));
    expect(texts(entities)).toContain('bấm «✏️ Sửa: Thành viên chính thức»');
    const stored = await d.say('5');
    expect(texts(stored)).toContain('Đã ghi Thành viên là tổ chức: 5 tổ chức');
    expect(await draftOf(d.coop.id)).toEqual({ members: 45, associate_members: 0, member_households: 40, member_entities: 5 });
  });

  it('frees a draft already stuck by the old rule: the failing question offers to correct the earlier answer', async () => {
    const d = await director();
    await seedDraft(d.coop.id, { members: 45, associate_members: 0, member_households: 50 });
    const q = await d.say({ action: `rep:f:annual:${year}` });
    expect(texts(q)).toContain('Câu 4/28');
    const refused = await d.say('0');
    expect(texts(refused)).toContain('(50) không thể nhiều hơn số thành viên chính thức (45)');
    const fix = actions(refused).find((a) => a === 'rep:fix:member_entities:member_households');
    expect(fix).toBeDefined();
    const households = await d.say({ action: fix! });
    expect(texts(households)).toContain('Câu 3/28');
    const after = await d.say('40');
    expect(texts(after)).toContain('Đã ghi Thành viên là hộ gia đình: 40 hộ');
    // Back at the question that was refused.
    expect(texts(after)).toContain('Câu 4/28');
    await d.say('0');
    expect(await draftOf(d.coop.id)).toMatchObject({ member_households: 40, member_entities: 0 });
  });

  it('from the summary, lowering the members below the households offers to correct the households too', async () => {
    const d = await director();
    await seedDraft(d.coop.id, {
      ...UP_TO_OCOP,
      ocop_products: 0,
      managers: 0,
      member_service_share: null,
      general_meeting_date: null,
      trade_fairs: 0,
      support_received: ['none'],
      support_needed: ['none'],
      difficulties: null,
    });
    await d.say({ action: `rep:f:annual:${year}` });
    await d.say('sửa 1');
    const refused = await d.say('30');
    expect(texts(refused)).toContain('(40) không thể nhiều hơn số thành viên chính thức (30)');
    const households = await d.say({ action: 'rep:fix:members:member_households' });
    expect(texts(households)).toContain('bao nhiêu là hộ gia đình');
    const summary = await d.say('25');
    expect(texts(summary)).toContain('3. Thành viên là hộ gia đình: 25 hộ');
    await d.say('sửa 1');
    expect(texts(await d.say('30'))).toContain('1. Thành viên chính thức: 30 thành viên');
    expect(await draftOf(d.coop.id)).toMatchObject({ members: 30, member_households: 25 });
  });
});

describe('answers as they are typed', () => {
  it('reads a whole annual report typed without diacritics, with units, explanations and "ko"', async () => {
    const d = await director();
    await d.say({ action: `rep:f:annual:${year}` });
    for (const a of ['45', '0', '40', '5', '12', '10', '1.200.000 đ', '1ty5', '2 tỷ 300 triệu', '120tr']) await d.say(a);
    expect(texts(await d.say('lai 120 trieu'))).toContain('Đã ghi Lợi nhuận');
    const income = await d.say('4tr/thang');
    expect(texts(income)).toContain('Anh/chị ghi 4.000.000 đ một tháng, tôi tính cả năm: 4.000.000 đ × 12 tháng = 48.000.000 đ.');
    await d.say('1');
    // A yes with its explanation: the follow-up question is answered by it.
    const chain = await d.say('có, ký với Công ty Sao Việt');
    expect(texts(chain)).toContain('Đã ghi Doanh nghiệp liên kết: ký với Công ty Sao Việt');
    expect(texts(chain)).toContain('công nghệ cao trong sản xuất');
    await d.say('không, chưa làm');
    const digital = await d.say('có, dùng zalo với sổ sách điện tử');
    expect(texts(digital)).toContain('Đã ghi Ứng dụng công nghệ số: Có');
    const stars = await d.say('2');
    expect(labels(stars).slice(0, 4)).toEqual(['3 sao', '4 sao', '5 sao', 'Chưa có']);
    expect(texts(stars)).not.toContain('ví dụ: 45');
    expect(texts(await d.say('2 sao'))).toContain('Anh/chị chọn một trong: 3 sao, 4 sao, 5 sao, hoặc «Chưa có».');
    // A number typed is the stars, not the fourth button ("Chưa có").
    expect(texts(await d.say('4'))).toContain('Đã ghi Hạng sao OCOP cao nhất: 4 sao');
    await d.say('quay lai');
    expect(texts(await d.say('4*'))).toContain('Đã ghi Hạng sao OCOP cao nhất: 4 sao');
    for (const a of ['3', '2', 'bo qua', 'bo qua', '1']) await d.say(a);
    const received = await d.say('dao tao, hoi cho');
    expect(texts(received)).toContain('Đã ghi Hỗ trợ đã nhận: Đào tạo – tập huấn, Xúc tiến thương mại – hội chợ');
    // "Xong" keeps its number whether or not something is ticked.
    const needed = labels(received);
    expect(needed[8]).toBe('✔️ Xong');
    const ticked = await d.say('2');
    expect(texts(ticked)).toContain('Đã chọn: Tín dụng – vay vốn');
    expect(labels(ticked)[8]).toBe('✔️ Xong');
    expect(labels(ticked).slice(9)).toEqual(needed.slice(9));
    await d.say('1');
    await d.say('9');
    const summary = await d.say('ko');
    // "ko": nothing to report, stored as nothing ('') and shown as such; a skip would be null, "(bỏ qua)".
    expect(texts(summary)).toContain('Khó khăn, kiến nghị: (không có)');
    expect(texts(summary)).toContain('Gửi báo cáo');

    expect(await draftOf(d.coop.id)).toMatchObject({
      charter_capital: 1_200_000,
      total_assets: 1_500_000_000,
      revenue: 2_300_000_000,
      revenue_members: 120_000_000,
      profit: 120_000_000,
      avg_income: 48_000_000,
      value_chain: true,
      value_chain_partner: 'ký với Công ty Sao Việt',
      high_tech: false,
      digital_tools: true,
      ocop_stars: 4,
      support_received: ['training', 'trade_promotion'],
      support_needed: ['land', 'credit'],
      difficulties: '',
    });
    expect(await draftOf(d.coop.id)).not.toHaveProperty('high_tech_what');
  });

  it('reads the OCOP stars as "bon sao", "3 sao" and the "Chưa có" button', async () => {
    const d = await director();
    await seedDraft(d.coop.id, { ...UP_TO_OCOP, ocop_products: 1 });
    const q = await d.say({ action: `rep:f:annual:${year}` });
    expect(texts(q)).toContain('Bấm một nút, hoặc gõ số sao');
    expect(texts(await d.say('bon sao'))).toContain('Đã ghi Hạng sao OCOP cao nhất: 4 sao');
    await d.say('quay lai');
    expect(texts(await d.say('3 sao'))).toContain('Hạng sao OCOP cao nhất: 3 sao');
    await d.say('quay lai');
    const none = await d.say('Chưa có');
    expect(texts(none)).toContain('Đã ghi Hạng sao OCOP cao nhất: Chưa có');
    expect(await draftOf(d.coop.id)).toMatchObject({ ocop_stars: null });
  });

  it.each(['Không', 'ko', 'k', 'khong', 'hong', 'không có', 'Không có gì ạ'])('takes %j at "Khó khăn, kiến nghị" as none: nothing stored', async (typed) => {
    const d = await director();
    await d.say({ action: `rep:f:quarterly:${quarter}` });
    await d.say('30');
    const revenue = await d.say('4 tr/tháng');
    expect(texts(revenue)).toContain('4.000.000 đ × 3 tháng = 12.000.000 đ');
    const next = await d.say(typed);
    expect(texts(next)).toContain('Đã ghi Khó khăn, kiến nghị: (không có)');
    expect(texts(next)).not.toContain('bỏ qua');
    const draft = await draftOf(d.coop.id, 'quarterly', quarter);
    expect(draft).toEqual({ members: 30, quarter_revenue: 12_000_000, difficulties: '' });
  });

  it('keeps "không" (nothing, \'\') apart from a skip (null) through submission and the export', async () => {
    const d = await director();
    await d.say({ action: `rep:f:quarterly:${quarter}` });
    for (const a of ['30', '450 trieu']) await d.say(a);
    await d.say('khong');
    const summary = await d.say('2, 4');
    expect(texts(summary)).toContain('3. Khó khăn, kiến nghị: (không có)');
    expect(texts(await d.say('gui'))).toContain('Đã gửi');
    const report = await db().report.findUniqueOrThrow({
      where: { cooperativeId_form_period: { cooperativeId: d.coop.id, form: 'quarterly', period: quarter } },
    });
    expect(report.answers).toMatchObject({ difficulties: '' });
    // In a spreadsheet it is an empty cell, like a skip: only what was written counts.
    const { answerCell } = await import('../../src/services/exports/report-table.js');
    const field = quarterlyForm.fields.find((f) => f.key === 'difficulties')!;
    const t = ((k: string) => k) as never;
    expect(answerCell(t, quarterlyForm, field, '')).toBeNull();
    expect(answerCell(t, quarterlyForm, field, 'Thiếu vốn')).toBe('Thiếu vốn');
  });

  it('does not take "ko" as the answer of a required text (the partner of a value chain)', async () => {
    const d = await director();
    await seedDraft(d.coop.id, { ...UP_TO_OCOP, value_chain: true });
    const q = await d.say({ action: `rep:f:annual:${year}` });
    expect(texts(q)).toContain('liên kết với doanh nghiệp nào');
    const refused = await d.say('ko');
    expect(texts(refused)).toContain('Câu này cần câu trả lời. Nếu không có, gõ «quay lại» để sửa câu trước.');
    expect(await draftOf(d.coop.id)).not.toHaveProperty('value_chain_partner');
  });

  it('reads a date as said ("thứ 6 tuần trước", "hôm qua"), confirms it with its weekday, and asks again on "ko"', async () => {
    const d = await director();
    await seedDraft(d.coop.id, { ...UP_TO_OCOP, ocop_products: 0, managers: 0, member_service_share: null });
    const q = await d.say({ action: `rep:f:annual:${year}` });
    expect(texts(q)).toContain('Đại hội thành viên thường niên gần nhất');
    // Today in Việt Nam, and the Friday of last week (weeks run from thứ Hai to chủ nhật).
    const now = new Date(Date.now() + 7 * 3600_000);
    const dayAfter = (days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
    const key = (x: Date) => x.toISOString().slice(0, 10);
    const shown = (x: Date) => key(x).split('-').reverse().join('/');
    const lastFriday = dayAfter(-((now.getUTCDay() + 6) % 7) - 7 + 4);
    const yesterday = dayAfter(-1);
    const weekdays = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

    const asked = await d.say('hom qua');
    expect(texts(asked)).toContain(`🗓 Ngày Đại hội thành viên gần nhất: ${weekdays[yesterday.getUTCDay()]} ${shown(yesterday)} — đúng không?`);
    expect(labels(asked).slice(0, 2)).toEqual(['Có', 'Không']);
    expect(await draftOf(d.coop.id)).not.toHaveProperty('general_meeting_date');
    const again = await d.say('ko');
    expect(texts(again)).toContain('Mời anh/chị gõ lại ngày');
    expect(texts(again)).toContain('Đại hội thành viên thường niên gần nhất');

    const friday = await d.say('thứ 6 tuần trước');
    expect(texts(friday)).toContain(`Thứ Sáu ${shown(lastFriday)} — đúng không?`);
    const saved = await d.say('có');
    expect(texts(saved)).toContain(`Đã ghi Ngày Đại hội thành viên gần nhất: ${shown(lastFriday)}`);
    expect(await draftOf(d.coop.id)).toMatchObject({ general_meeting_date: key(lastFriday) });

    // A date by its number is kept at once, with or without its weekday (which must be its own).
    await d.say('quay lai');
    expect(texts(await d.say('thu 2 20/3/2026'))).toContain('Ngày đó không phải là thứ anh/chị ghi.');
    expect(texts(await d.say('thu 6 20/3/2026'))).toContain('Đã ghi Ngày Đại hội thành viên gần nhất: 20/03/2026');
    expect(await draftOf(d.coop.id)).toMatchObject({ general_meeting_date: '2026-03-20' });
  });

  it('refuses an amount per month where the question asks for what is held, politely', async () => {
    const d = await director();
    await seedDraft(d.coop.id, { members: 45, associate_members: 0, member_households: 40, member_entities: 0, workers: 0 });
    await d.say({ action: `rep:f:annual:${year}` });
    const refused = await d.say('4tr/thang');
    expect(texts(refused)).toContain('Câu này hỏi số tiền hiện có, không tính theo tháng hay năm.');
    expect(texts(await d.say('500k'))).toContain('Đã ghi Vốn điều lệ (đồng): 500.000 đ');
  });
});
