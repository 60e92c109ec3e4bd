import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { computePlanSummary, type IndicatorValue } from '../../src/services/targets/compute-plan-summary.js';
import { targetSetsFor, type PlanTargets, type TargetSet } from '../../src/services/targets/plan-targets.js';
import { ANNUAL_ANSWERS, annualReport } from '../support/annual-report-fixture.js';
import { createCooperative, createDirector, createMember, createOfficer } from '../support/factories.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

// The annual period open today and the one before (computed, so the tests do not age).
const YEAR = Number(currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE));
const PREV = YEAR - 1;
const PROVINCE = 'Tỉnh Mẫu';
const AN_BINH = 'Xã An Bình';
const BINH_MINH = 'Xã Bình Minh';
const BIG = 'Tỉnh Lớn';

const FUTURE_SET: TargetSet = {
  id: 'mau-later',
  name: `Tỉnh Mẫu — mục tiêu ${YEAR + 4}`,
  province: PROVINCE,
  year: YEAR + 4,
  targets: {
    good_fair_share: 50,
    enterprise_link_share: 65,
    managers_trained_share: 58.82,
    high_tech_count: 2,
    digital_share: 70,
    revenue_growth_pct: 25,
    cooperatives_count: 7,
  },
};
const PAST_SET: TargetSet = {
  id: 'mau-prev',
  name: `Tỉnh Mẫu — kế hoạch đến ${PREV}`,
  province: PROVINCE,
  year: PREV,
  targets: { good_fair_share: 40, digital_share: 60 },
};
const NATIONAL: TargetSet = { id: 'vn', name: 'Cả nước', province: null, year: YEAR + 4, targets: { cooperatives_count: 45000, good_fair_share: 60 } };
const TARGETS: PlanTargets = { sets: [NATIONAL, FUTURE_SET, PAST_SET] };

let app: TestApp;
const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const press = (id: string, action: string) => con(id, { action });
const buttons = (replies: OutboundMessage[]) => replies.flatMap((r) => r.buttons?.flat() ?? []);
const button = (replies: OutboundMessage[], label: string) => {
  const b = buttons(replies).find((x) => x.label === label);
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(buttons(replies).map((x) => x.label))}`);
  return b.action;
};

/** A complete, valid annual report: a profitable high-tech cooperative with no member revenue. */
const FULL = { ...ANNUAL_ANSWERS, revenue: 1_000_000_000, revenue_members: 0, profit: 50_000_000, high_tech: true, high_tech_what: 'Nhà màng' };

const ids: Record<string, number> = {};

async function coop(key: string, data: Omit<Prisma.CooperativeUncheckedCreateInput, 'sector' | 'name'> & { name?: string }) {
  ids[key] = (await createCooperative(db(), { name: `HTX ${key}`, ...data })).id;
}

async function report(key: string, period: number, answers: Record<string, unknown>, data: Partial<Prisma.ReportUncheckedCreateInput> = {}) {
  await db().report.create({
    data: annualReport(ids[key]!, { period: String(period), submittedAt: new Date(), answers: { ...FULL, ...answers } as Prisma.InputJsonValue, ...data }),
  });
}

beforeAll(async () => {
  app = await createTestApp({ planTargets: TARGETS });
  // Xã An Bình: two cooperatives that submitted, one with only a draft, a group, a union without a report.
  await coop('a1', { province: PROVINCE, commune: AN_BINH });
  await report('a1', YEAR, {
    rating: 'good',
    value_chain: true,
    high_tech: true,
    digital_tools: true,
    managers: 5,
    managers_trained: 3,
    revenue: 1_000_000_000,
  });
  await report('a1', PREV, { revenue: 800_000_000 });
  await coop('a2', { province: PROVINCE, commune: AN_BINH });
  await report(
    'a2',
    YEAR,
    { rating: 'fair', value_chain: false, high_tech: false, digital_tools: true, managers: 4, managers_trained: 4, revenue: 500_000_000 },
    { status: 'accepted' },
  );
  // No revenue the year before: left out of the growth.
  await report('a2', PREV, { revenue: 0, profit: 0, revenue_members: 0 });
  await coop('a3', { province: PROVINCE, commune: AN_BINH });
  await report('a3', YEAR, {}, { status: 'draft', revision: 0, submittedAt: null, answers: {}, draft: FULL, draftVersion: 1 });
  // Submitted the year before but not this year: left out of the growth.
  await report('a3', PREV, { revenue: 100_000_000 });
  await coop('a4', { province: PROVINCE, commune: AN_BINH, kind: 'group' });
  // Not rated; no managers, so the stale "trained" answer (hidden by skip logic) is ignored.
  await report(
    'a4',
    YEAR,
    { rating: 'not_rated', value_chain: true, high_tech: false, digital_tools: false, managers: 0, managers_trained: 3, revenue: 200_000_000 },
    { status: 'returned', revision: 2 },
  );
  await report('a4', PREV, { revenue: 100_000_000 });
  await coop('a5', { province: PROVINCE, commune: AN_BINH, kind: 'union' });
  // Xã Bình Minh: one submitted, one dissolved (its report still counts), one with unreadable answers.
  await coop('b1', { province: PROVINCE, commune: BINH_MINH });
  await report('b1', YEAR, {
    rating: 'average',
    value_chain: false,
    high_tech: true,
    digital_tools: false,
    managers: 6,
    managers_trained: 1,
    revenue: 300_000_000,
  });
  await report('b1', PREV, { revenue: 300_000_000 });
  await coop('b2', { province: PROVINCE, commune: BINH_MINH, status: 'dissolved' });
  await report('b2', YEAR, { rating: 'weak', value_chain: true, high_tech: false, digital_tools: true, managers: 2, managers_trained: 2, revenue: 50_000_000 });
  // A draft the year before is not a submitted report.
  await report('b2', PREV, { revenue: 10_000_000 }, { status: 'draft', revision: 0 });
  await coop('b3', { province: PROVINCE, commune: BINH_MINH });
  await report('b3', YEAR, {
    rating: 'excellent',
    value_chain: 'có',
    high_tech: false,
    digital_tools: true,
    managers: 3,
    managers_trained: 'ba',
    revenue: 100_000_000,
  });
  // No commune recorded, no report.
  await coop('n1', { province: PROVINCE, commune: null });
  // Another province: never counted in Tỉnh Mẫu.
  await coop('o1', { province: 'Tỉnh Khác', commune: AN_BINH });
  await report('o1', YEAR, { rating: 'weak', value_chain: false, revenue: 9_000_000_000 });
  await report('o1', PREV, { revenue: 1_000_000_000 });
  // A province with more communes than buttons.
  for (let i = 1; i <= 13; i++) await coop(`big${i}`, { province: BIG, commune: `Xã Số ${i}` });

  await createOfficer(db(), { province: PROVINCE, accounts: 'off-p' });
  await createOfficer(db(), { province: PROVINCE, commune: AN_BINH, accounts: 'off-c' });
  await createOfficer(db(), { province: BIG, accounts: 'off-big' });
  await createOfficer(db(), { province: PROVINCE, locale: 'en', accounts: 'off-en' });
  await createMember(db(), { cooperativeId: ids.a1, province: PROVINCE, commune: AN_BINH, accounts: 'mem' });
  await createDirector(db(), { cooperativeId: ids.a1, locale: 'en', accounts: 'dir-en' });
});
afterAll(async () => {
  await app?.close();
});

const byKey = (values: IndicatorValue[]) => Object.fromEntries(values.map((v) => [v.key, v]));

describe('computePlanSummary', () => {
  it('measures every indicator of a province against its target set', async () => {
    const s = await computePlanSummary(db(), { period: String(YEAR), scope: { province: PROVINCE }, targetSet: FUTURE_SET });
    expect(s.period).toBe(String(YEAR));
    expect(s.scope).toEqual({ province: PROVINCE });
    expect(s.targetSet).toBe(FUTURE_SET);
    // Active: a1–a5, b1, b3, n1 (b2 is dissolved); submitted: a1, a2, a4, b1, b3.
    expect(s.cooperatives).toEqual({ active: 8, submitted: 5, groups: 1, unions: 1 });
    expect(s.byCommune).toEqual([
      { commune: AN_BINH, active: 5, submitted: 3 },
      { commune: BINH_MINH, active: 2, submitted: 2 },
      { commune: null, active: 1, submitted: 0 },
    ]);
    expect(byKey(s.indicators)).toEqual({
      // Rated: a1 good, a2 fair, b1 average, b2 weak (a4 not rated, b3's answer unreadable).
      good_fair_share: { key: 'good_fair_share', unit: 'percent', actual: 50, numerator: 2, denominator: 4, target: 50, met: true },
      // Answered: a1 ✓, a2, a4 ✓, b1, b2 ✓ (b3's "có" is not a stored yes/no).
      enterprise_link_share: { key: 'enterprise_link_share', unit: 'percent', actual: 60, numerator: 3, denominator: 5, target: 65, met: false },
      // Managers 5 + 4 + 0 + 6 + 2 = 17, trained 3 + 4 + 1 + 2 = 10 (b3 left out: trained unreadable).
      managers_trained_share: { key: 'managers_trained_share', unit: 'percent', actual: 58.82, numerator: 10, denominator: 17, target: 58.82, met: true },
      high_tech_count: { key: 'high_tech_count', unit: 'count', actual: 2, numerator: 2, denominator: 6, target: 2, met: true },
      digital_share: { key: 'digital_share', unit: 'percent', actual: 66.67, numerator: 4, denominator: 6, target: 70, met: false },
      // a1 1,000 vs 800 million, a4 200 vs 100, b1 300 vs 300: 1.5 / 1.2 billion = +25%.
      revenue_growth_pct: {
        key: 'revenue_growth_pct',
        unit: 'percent',
        actual: 25,
        numerator: 1_500_000_000,
        denominator: 1_200_000_000,
        target: 25,
        met: true,
      },
      cooperatives_count: { key: 'cooperatives_count', unit: 'count', actual: 6, numerator: 6, denominator: null, target: 7, met: false },
      groups_count: { key: 'groups_count', unit: 'count', actual: 1, numerator: 1, denominator: null, target: null, met: null },
    });
  });

  it('measures one commune, without the province-wide count targets', async () => {
    const s = await computePlanSummary(db(), { period: String(YEAR), scope: { province: PROVINCE, commune: AN_BINH }, targetSet: FUTURE_SET });
    expect(s.cooperatives).toEqual({ active: 5, submitted: 3, groups: 1, unions: 1 });
    expect(s.byCommune).toEqual([{ commune: AN_BINH, active: 5, submitted: 3 }]);
    expect(byKey(s.indicators)).toEqual({
      good_fair_share: { key: 'good_fair_share', unit: 'percent', actual: 100, numerator: 2, denominator: 2, target: 50, met: true },
      enterprise_link_share: { key: 'enterprise_link_share', unit: 'percent', actual: 66.67, numerator: 2, denominator: 3, target: 65, met: true },
      managers_trained_share: { key: 'managers_trained_share', unit: 'percent', actual: 77.78, numerator: 7, denominator: 9, target: 58.82, met: true },
      high_tech_count: { key: 'high_tech_count', unit: 'count', actual: 1, numerator: 1, denominator: 3, target: null, met: null },
      digital_share: { key: 'digital_share', unit: 'percent', actual: 66.67, numerator: 2, denominator: 3, target: 70, met: false },
      revenue_growth_pct: {
        key: 'revenue_growth_pct',
        unit: 'percent',
        actual: 33.33,
        numerator: 1_200_000_000,
        denominator: 900_000_000,
        target: 25,
        met: true,
      },
      cooperatives_count: { key: 'cooperatives_count', unit: 'count', actual: 3, numerator: 3, denominator: null, target: null, met: null },
      groups_count: { key: 'groups_count', unit: 'count', actual: 1, numerator: 1, denominator: null, target: null, met: null },
    });
  });

  it('gives no targets without a set, no data without reports, and refuses a quarter or a commune without its province', async () => {
    const none = await computePlanSummary(db(), { period: String(YEAR - 5), scope: { province: PROVINCE } });
    expect(none.targetSet).toBeNull();
    expect(none.cooperatives).toEqual({ active: 8, submitted: 0, groups: 1, unions: 1 });
    const k = byKey(none.indicators);
    expect(k.good_fair_share).toEqual({ key: 'good_fair_share', unit: 'percent', actual: null, numerator: 0, denominator: 0, target: null, met: null });
    expect(k.revenue_growth_pct).toEqual({ key: 'revenue_growth_pct', unit: 'percent', actual: null, numerator: 0, denominator: 0, target: null, met: null });
    expect(k.high_tech_count?.actual).toBeNull();
    expect(k.cooperatives_count?.actual).toBe(6);
    await expect(computePlanSummary(db(), { period: `${YEAR}-Q1`, scope: {} })).rejects.toThrow(/not a year/);
    await expect(computePlanSummary(db(), { period: String(YEAR), scope: { commune: AN_BINH } })).rejects.toThrow(/province/);
  });

  it('counts national targets only for the whole country', async () => {
    const sets = targetSetsFor(TARGETS, null);
    expect(sets).toEqual([NATIONAL]);
    const country = await computePlanSummary(db(), { period: String(YEAR), scope: {}, targetSet: NATIONAL });
    expect(country.cooperatives.active).toBe(8 + 1 + 13);
    expect(byKey(country.indicators).cooperatives_count).toMatchObject({ actual: 6 + 1 + 13, target: 45000, met: false });
    // A province measured against national targets: shares yes, counts no.
    const province = await computePlanSummary(db(), { period: String(YEAR), scope: { province: BIG }, targetSet: NATIONAL });
    expect(byKey(province.indicators).cooperatives_count).toMatchObject({ actual: 13, target: null, met: null });
    expect(byKey(province.indicators).good_fair_share).toMatchObject({ actual: null, target: 60, met: null });
  });
});

describe('/chitieu', () => {
  it('refuses people who are not officers, politely and in their language', async () => {
    const member = await con('mem', '/chitieu');
    expect(texts(member)).toContain('Chức năng xem chỉ tiêu kế hoạch chỉ dành cho cán bộ quản lý HTX.');
    expect(texts(member)).not.toContain('Đã nộp');
    expect(buttons(member).some((b) => b.action.startsWith('tgt'))).toBe(false);
    const director = await con('dir-en', '/chitieu');
    expect(texts(director)).toContain('Plan targets are for cooperative officers only.');
    // A forged button is refused the same way.
    expect(texts(await press('mem', `tgt:v:${YEAR}::0`))).toContain('chỉ dành cho cán bộ');
  });

  it('shows a province officer the current year against the nearest target set, with buttons to switch', async () => {
    const menu = await con('off-p', '/menu');
    const open = button(menu, '🎯 Chỉ tiêu kế hoạch');
    const replies = await press('off-p', open);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text.split('\n')).toEqual([
      `🎯 Chỉ tiêu kế hoạch — ${PROVINCE}, năm ${YEAR}`,
      `So với: ${FUTURE_SET.name}`,
      '📥 Đã nộp báo cáo năm: 5/8 (62,5%)',
      'Đang hoạt động: 6 HTX · 1 liên hiệp HTX · 1 tổ hợp tác',
      '',
      '✅ đạt · ⚠️ chưa đạt · (chỉ tiêu)',
      '✅ HTX xếp loại tốt, khá: 50% · 2/4 (50%)',
      '⚠️ Liên kết với doanh nghiệp: 60% · 3/5 (65%)',
      '✅ Cán bộ quản lý được đào tạo: 58,82% · 10/17 (58,82%)',
      '✅ HTX ứng dụng công nghệ cao: 2 trên 6 báo cáo (2)',
      '⚠️ Ứng dụng công nghệ số: 66,67% · 4/6 (70%)',
      '✅ Tăng trưởng doanh thu so với năm trước: +25% (+25%)',
      '⚠️ Số HTX đang hoạt động: 6 (7)',
      '▫️ Số tổ hợp tác: 1',
    ]);
    expect(buttons(replies).map((b) => b.label)).toEqual([`◀️ Năm ${PREV}`, `🎯 Chỉ tiêu ${PREV}`, '🏘 Theo xã', '⬅️ Về menu']);
    // The same through the command.
    expect(texts(await con('off-p', '/chitieu'))).toBe(replies[0]!.text);
  });

  it('switches to the previous year (and its target set), and back', async () => {
    const now = await con('off-p', '/chitieu');
    const prev = await press('off-p', button(now, `◀️ Năm ${PREV}`));
    expect(texts(prev)).toContain(`🎯 Chỉ tiêu kế hoạch — ${PROVINCE}, năm ${PREV}`);
    expect(texts(prev)).toContain(`So với: ${PAST_SET.name}`);
    // a1, a2, a3, a4, b1 submitted the year before (b2's was a draft).
    expect(texts(prev)).toContain('📥 Đã nộp báo cáo năm: 5/8 (62,5%)');
    // Every report of that year was rated good (FULL): 5/5 against 40%.
    expect(texts(prev)).toContain('✅ HTX xếp loại tốt, khá: 100% · 5/5 (40%)');
    expect(texts(prev)).toContain('▫️ Liên kết với doanh nghiệp: 100% · 5/5');
    expect(texts(prev)).toContain('▫️ Tăng trưởng doanh thu so với năm trước: chưa có số liệu');
    const back = await press('off-p', button(prev, `Năm ${YEAR} ▶️`));
    expect(texts(back)).toBe(texts(now));
  });

  it('switches the target set, and keeps the chosen set across years', async () => {
    const now = await con('off-p', '/chitieu');
    const other = await press('off-p', button(now, `🎯 Chỉ tiêu ${PREV}`));
    expect(texts(other)).toContain(`🎯 Chỉ tiêu kế hoạch — ${PROVINCE}, năm ${YEAR}`);
    expect(texts(other)).toContain(`So với: ${PAST_SET.name}`);
    expect(texts(other)).toContain('✅ HTX xếp loại tốt, khá: 50% · 2/4 (40%)');
    expect(texts(other)).toContain('✅ Ứng dụng công nghệ số: 66,67% · 4/6 (60%)');
    expect(texts(other)).toContain('▫️ Số HTX đang hoạt động: 6');
    const prev = await press('off-p', button(other, `◀️ Năm ${PREV}`));
    expect(texts(prev)).toContain(`So với: ${PAST_SET.name}`);
    expect(buttons(prev).map((b) => b.label)).toContain(`🎯 Chỉ tiêu ${YEAR + 4}`);
  });

  it("lets a province officer open each commune's figures", async () => {
    const list = await press('off-p', button(await con('off-p', '/chitieu'), '🏘 Theo xã'));
    expect(texts(list).split('\n')).toEqual([
      `🏘 Báo cáo năm ${YEAR} theo xã (đã nộp/đang hoạt động):`,
      `${AN_BINH}: 3/5`,
      `${BINH_MINH}: 2/2`,
      '(chưa ghi xã): 0/1',
      '',
      'Chọn một xã để xem chỉ tiêu của xã đó:',
    ]);
    expect(buttons(list).map((b) => b.label)).toEqual([`${AN_BINH} (3/5)`, `${BINH_MINH} (2/2)`, '⬅️ Toàn tỉnh', '⬅️ Về menu']);
    const commune = await press('off-p', button(list, `${BINH_MINH} (2/2)`));
    expect(texts(commune)).toContain(`🎯 Chỉ tiêu kế hoạch — ${BINH_MINH}, ${PROVINCE}, năm ${YEAR}`);
    expect(texts(commune)).toContain('📥 Đã nộp báo cáo năm: 2/2 (100%)');
    // b1 average, b2 weak.
    expect(texts(commune)).toContain('⚠️ HTX xếp loại tốt, khá: 0% · 0/2 (50%)');
    expect(texts(commune)).toContain('Chỉ tiêu số lượng được đặt cho cả địa bàn của bộ chỉ tiêu (Tỉnh Mẫu), nên không so sánh ở đây.');
    expect(buttons(commune).map((b) => b.label)).toContain('⬅️ Toàn tỉnh');
    // The previous year stays on the commune.
    expect(texts(await press('off-p', button(commune, `◀️ Năm ${PREV}`)))).toContain(`${BINH_MINH}, ${PROVINCE}, năm ${PREV}`);
  });

  it('keeps a commune officer in their commune', async () => {
    const replies = await con('off-c', '/chitieu');
    expect(texts(replies)).toContain(`🎯 Chỉ tiêu kế hoạch — ${AN_BINH}, ${PROVINCE}, năm ${YEAR}`);
    expect(texts(replies)).toContain('📥 Đã nộp báo cáo năm: 3/5 (60%)');
    expect(texts(replies)).toContain('✅ HTX xếp loại tốt, khá: 100% · 2/2 (50%)');
    expect(texts(replies)).not.toContain(BINH_MINH);
    expect(buttons(replies).map((b) => b.label)).not.toContain('🏘 Theo xã');
    // Forged buttons for another commune, or for the commune list, do not widen the area.
    expect(texts(await press('off-c', `tgt:v:${YEAR}::1`))).toContain('nằm ngoài phạm vi quản lý');
    const list = await press('off-c', `tgt:c:${YEAR}:`);
    expect(texts(list)).toContain(`${AN_BINH}, ${PROVINCE}`);
    expect(texts(list)).not.toContain(BINH_MINH);
  });

  it('lists a large province without a button per commune', async () => {
    const list = await press('off-big', button(await con('off-big', '/chitieu'), '🏘 Theo xã'));
    expect(texts(list)).toContain('Xã Số 13: 0/1');
    expect(texts(list)).toContain('Tỉnh có hơn 12 xã nên không hiện nút chọn từng xã');
    expect(buttons(list).map((b) => b.label)).toEqual(['⬅️ Toàn tỉnh', '⬅️ Về menu']);
  });

  it('speaks English to an English-speaking officer, with English number formats', async () => {
    const replies = await con('off-en', '/chitieu');
    expect(texts(replies)).toContain(`🎯 Plan targets — ${PROVINCE}, ${YEAR}`);
    expect(texts(replies)).toContain('📥 Annual reports submitted: 5/8 (62.5%)');
    expect(texts(replies)).toContain('✅ Managers trained: 58.82% · 10/17 (58.82%)');
    expect(texts(replies)).toContain('✅ Cooperatives using high technology: 2 of 6 reports (2)');
  });

  it('ignores a year from the future or a set from elsewhere', async () => {
    const now = texts(await con('off-p', '/chitieu'));
    expect(texts(await press('off-p', `tgt:v:${YEAR + 3}::`))).toBe(now);
    expect(texts(await press('off-p', `tgt:v:${YEAR}:vn:`))).toBe(now);
    expect(texts(await con('off-p', `/chitieu ${PREV}`))).toContain(`năm ${PREV}`);
  });
});
