import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/lib/messages.js';
import { previousYear } from '../../src/services/eligibility/askable-facts.js';
import { ANNUAL_ANSWERS, annualReport } from '../support/annual-report-fixture.js';
import { createCooperative, createDirector, createMember, createPerson } from '../support/factories.js';
import { actions, createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

// "HTX mình được hưởng gì?": a director who filed the annual report (1,5 tỷ revenue, agriculture)
// gets the 15% CIT band and the farm-income exemption, each with its legal basis; the land lines;
// unknown facts asked one at a time, answered by typing, stored on the cooperative, and the answer
// updated; a director without a report gets the offer and the questions; others an explanation.

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
const factsOf = async (id: number) => (await db().cooperative.findUniqueOrThrow({ where: { id } })).facts as Record<string, unknown>;

describe('/hotro for a director who filed the annual report', () => {
  let coopId: number;
  beforeAll(async () => {
    coopId = (await createCooperative(db(), { name: 'HTX Nông nghiệp Bình An', sector: 'agriculture' })).id;
    await db().report.create({ data: annualReport(coopId) });
    await createDirector(db(), { cooperativeId: coopId, consent: true, name: 'Chị Lan', accounts: 'dir-1' });
    await createMember(db(), { cooperativeId: coopId, consent: true, accounts: 'mem-1' });
  });

  it('shows the 15% band and the farm-income exemption with their basis, and the land lines', async () => {
    const menu = await con('dir-1', '/menu');
    expect(labels(menu)).toContain('🎁 HTX được hưởng gì?');
    expect(texts(await con('dir-1', '/trogiup'))).toContain('/hotro – HTX mình được hưởng gì');
    const replies = await press('dir-1', 'hotro');
    const all = texts(replies);
    expect(all).toContain('🎁 HTX Nông nghiệp Bình An được hưởng gì');
    expect(all).toContain('Tính từ báo cáo năm 2026 đã nộp');
    expect(all).toContain(
      '✅ Thuế TNDN 15% (doanh thu năm 2026: 1,5 tỷ ≤ 3 tỷ) · Căn cứ: Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15 (Điều 2, khoản 1; Điều 10; Điều 10, khoản 3)*',
    );
    expect(all).toMatch(/✅ Miễn thuế TNDN thu nhập từ trồng trọt, chăn nuôi[^\n]*· Căn cứ: Nghị định số 320\/2025\/NĐ-CP, Điều 4, khoản 1/);
    expect(all).toMatch(
      /❔ Miễn tiền thuê đất làm trụ sở, sân phơi, nhà kho, nhà xưởng: cần biết HTX có thuê đất Nhà nước làm trụ sở, kho, xưởng không · Căn cứ: Luật Đất đai số 31\/2024\/QH15/,
    );
    expect(all).toMatch(/❔ Miễn thuế sử dụng đất nông nghiệp: cần biết HTX có đất nông nghiệp Nhà nước giao, tự sản xuất không/);
    expect(all).toContain('❔ HTX nông, lâm, ngư nghiệp: miễn thuế ở địa bàn khó khăn, 10% ở nơi khác: cần biết HTX có ở địa bàn khó khăn không');
    expect(all).toContain('➖ Miễn thuế TNDN cho doanh thu ≤ 1 tỷ: không áp dụng (doanh thu năm 2026: 1,5 tỷ)');
    expect(all).toContain('Quy mô HTX: chưa xác định được');
    expect(all).toContain('* Nguồn thứ cấp (bản trích chưa chính thức): xác nhận với cán bộ');
    // The CIT band leads the answer.
    expect(all.indexOf('✅ Thuế TNDN 15%')).toBeLessThan(all.indexOf('✅ Miễn thuế TNDN thu nhập từ trồng trọt'));
    // Each line opens its article.
    expect(actions(replies)).toEqual(
      expect.arrayContaining(['pol:a:tax-cit-new-law-rates', 'pol:a:tax-cit-new-law-exempt-income', 'pol:a:land-office-yard-warehouse', 'hotro:ask']),
    );
    const article = await press('dir-1', 'pol:a:tax-cit-new-law-rates');
    expect(texts(article)).toContain('Thuế suất');
    // Short enough for a phone: split into pieces.
    for (const r of replies) expect([...r.text].length).toBeLessThanOrEqual(1500);
  });

  it('asks the unknown facts one at a time; typed answers are stored and the answer updates', async () => {
    const q1 = await press('dir-1', 'hotro:ask');
    expect(texts(q1)).toContain('Câu 1/');
    expect(texts(q1)).toContain('địa bàn kinh tế - xã hội khó khăn');
    const q2 = await con('dir-1', 'co');
    expect(texts(q2)).toContain('✅ Đã lưu: HTX có ở địa bàn khó khăn không — có.');
    expect(texts(q2)).toContain('Câu 2/');
    expect(texts(q2)).toContain('thuê đất của Nhà nước để làm trụ sở');
    expect(await factsOf(coopId)).toEqual({ difficultArea: true });
    const q3 = await con('dir-1', 'khong');
    expect(texts(q3)).toContain('Câu 3/');
    expect(await factsOf(coopId)).toEqual({ difficultArea: true, facilityLand: false });
    // "Chưa biết" skips without storing anything.
    const q4 = await con('dir-1', 'chưa biết');
    expect(texts(q4)).toContain('bỏ qua câu này');
    expect(await factsOf(coopId)).toEqual({ difficultArea: true, facilityLand: false });
    // An answer that is not yes or no is asked again.
    const again = await con('dir-1', 'để tôi xem');
    expect(texts(again)).toContain('Tôi chưa đọc được câu trả lời');
    expect(texts(again)).toContain('Câu 4/');

    const audit = await db().auditLog.findMany({ where: { action: 'eligibility.fact', subject: `cooperative:${coopId}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => (a.details as { fact: string }).fact)).toEqual(['difficultArea', 'facilityLand']);

    const updated = texts(await press('dir-1', 'hotro:done'));
    expect(updated).toContain('✅ Miễn thuế TNDN toàn bộ thu nhập (HTX nông, lâm, ngư nghiệp ở địa bàn khó khăn)');
    expect(updated).toContain('➖ Miễn tiền thuê đất trụ sở, kho, xưởng: không áp dụng');
    expect(updated).not.toContain('cần biết HTX có ở địa bàn khó khăn không');
  });

  it('answers free-text questions about the own cooperative', async () => {
    for (const q of ['htx minh duoc ho tro gi', 'thue tndn cua htx minh bao nhieu', 'HTX mình được hưởng gì?', 'cho hỏi htx của mình được ưu đãi gì vậy']) {
      expect(texts(await con('dir-1', q)), q).toContain('✅ Thuế TNDN 15% (doanh thu năm 2026: 1,5 tỷ ≤ 3 tỷ)');
    }
    // A general policy question still goes to the knowledge base.
    expect(texts(await con('dir-1', 'vay vốn quỹ hỗ trợ phát triển htx cần điều kiện gì'))).not.toContain('được hưởng gì');
  });

  it('speaks English to a director who chose it', async () => {
    await createDirector(db(), { cooperativeId: coopId, consent: true, locale: 'en', accounts: 'dir-en' });
    const all = texts(await con('dir-en', '/hotro'));
    expect(all).toContain('✅ Corporate income tax 15% (2026 revenue: 1.5 billion ≤ 3 billion) · Basis: Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15');
    expect(all).toContain('✅ All income CIT-exempt (agricultural cooperative in a difficult area)');
    expect(all).not.toMatch(/\{\{|eligibility\./);
  });

  it('a member sees the answer but the director answers the questions', async () => {
    const replies = await con('mem-1', '/hotro');
    expect(texts(replies)).toContain('✅ Thuế TNDN 15%');
    expect(texts(replies)).toContain('giám đốc HTX có thể trả lời');
    expect(actions(replies)).not.toContain('hotro:ask');
    expect(labels(await con('mem-1', '/menu'))).not.toContain('🎁 HTX được hưởng gì?');
  });
});

describe('/hotro without a submitted report', () => {
  it('offers a few questions, stores the answers and works from them', async () => {
    const coop = await createCooperative(db(), { name: 'HTX Mới Lập', sector: 'agriculture' });
    // A draft is not a submitted report.
    await db().report.create({ data: annualReport(coop.id, { status: 'draft', submittedAt: null, revision: 0 }) });
    await createDirector(db(), { cooperativeId: coop.id, consent: true, accounts: 'dir-2' });
    const offer = await con('dir-2', '/hotro');
    expect(texts(offer)).toContain('HTX chưa có báo cáo năm đã nộp');
    const year = previousYear(new Date());
    const q1 = await con('dir-2', 'có');
    expect(texts(q1)).toContain(`Tổng doanh thu năm ${year} của HTX là bao nhiêu?`);
    expect(q1[0]!.input).toBe('text');
    const q2 = await con('dir-2', '1,5 tỷ');
    expect(texts(q2)).toContain('✅ Đã lưu: doanh thu năm trước — 1,5 tỷ.');
    expect(texts(q2)).toContain('HTX có bao nhiêu thành viên chính thức?');
    await con('dir-2', String(ANNUAL_ANSWERS.members));
    expect(await factsOf(coop.id)).toEqual({ revenue: { vnd: 1_500_000_000, year }, members: 45 });
    const result = texts(await press('dir-2', 'hotro:done'));
    expect(result).toContain('Tính từ thông tin anh/chị đã trả lời');
    expect(result).toContain(`✅ Thuế TNDN 15% (doanh thu năm ${year}: 1,5 tỷ ≤ 3 tỷ)`);
    expect(result).toContain('✅ Miễn thuế TNDN thu nhập từ trồng trọt');
  });

  it('"không" leaves the offer with a pointer to the annual report', async () => {
    const coop = await createCooperative(db(), { name: 'HTX Chưa Báo Cáo' });
    await createDirector(db(), { cooperativeId: coop.id, consent: true, accounts: 'dir-3' });
    await con('dir-3', '/hotro');
    expect(texts(await con('dir-3', 'không'))).toContain('/baocao');
  });
});

describe('/hotro for people without a cooperative', () => {
  it('explains it to guests and officers', async () => {
    await createPerson(db(), { consent: true, accounts: 'guest-1' });
    expect(texts(await con('guest-1', '/hotro'))).toContain('giám đốc (hoặc thành viên) của một HTX');
    expect(texts(await con('guest-1', 'htx minh duoc ho tro gi'))).toContain('/chinhsach');
    await createPerson(db(), { role: 'officer', province: 'Lâm Đồng', consent: true, accounts: 'off-1' });
    expect(texts(await con('off-1', '/hotro'))).toContain('dành cho giám đốc HTX');
  });
});
