import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/database.js';
import { createI18n, type Locale, type T } from '../../src/i18n/i18n.js';
import { buildReportTable, type Cell, type ReportTable } from '../../src/services/exports/report-table.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { ANNUAL_ANSWERS, annualReportSeeder } from '../support/annual-report-fixture.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = (): Db => database.prisma;
let vi: T;
let en: T;

const { ids, coop, report } = annualReportSeeder(db);

beforeAll(async () => {
  database = await createTestDatabase();
  const { translator } = await createI18n();
  vi = translator('vi');
  en = translator('en');

  // Thái Nguyên, Xã Tân Lập
  await coop('tanLap', { name: 'HTX Nông nghiệp Tân Lập', registrationCode: '4601234567', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  await report(ids.tanLap!, {});
  await coop('che', { name: 'HTX Chè Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  await report(ids.che!, {
    status: 'accepted',
    answers: {
      ...ANNUAL_ANSWERS,
      members: 120,
      revenue: 3_000_000_000,
      profit: 250_000_000,
      rating: 'fair',
      value_chain: false,
      value_chain_partner: 'stale',
      support_received: ['none'],
    },
  });
  await coop('det', { name: 'HTX Dệt Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  await report(ids.det!, { status: 'draft', revision: 0, submittedAt: null, answers: {}, draft: ANNUAL_ANSWERS, draftVersion: 1 });
  // Thái Nguyên, Xã Đồng Hỷ
  await coop('dongHy', { name: 'HTX Dịch vụ Đồng Hỷ', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ' });
  await report(ids.dongHy!, { status: 'returned', revision: 2, answers: { ...ANNUAL_ANSWERS, members: 'bốn mươi', difficulties: 'Thiếu vốn, "khó" vay' } });
  await coop('rau', { name: 'HTX Rau an toàn Đồng Hỷ', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ' });
  await coop('giaiThe', { name: 'HTX Đã giải thể', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ', status: 'dissolved' });
  // Another province
  await coop('bacKan', { name: 'HTX Bằng Vân', province: 'Bắc Kạn', commune: 'Xã Bằng Vân' });
  await report(ids.bacKan!, {});
  // Other forms and periods of the same cooperatives: never in the 2026 annual export.
  await report(ids.rau!, { period: '2025' });
  await report(ids.rau!, { form: 'quarterly', period: '2026-Q3', answers: { members: 10, quarter_revenue: 1, support_needed: ['none'] } });
});
afterAll(async () => {
  await database?.close();
});

const table = (o: { province?: string; commune?: string; status?: ('submitted' | 'accepted' | 'returned')[]; locale?: Locale; pageSize?: number } = {}) =>
  buildReportTable(db(), { form: annualForm, period: '2026', t: o.locale === 'en' ? en : vi, locale: o.locale ?? 'vi', ...o });

/** A cell of the row of a cooperative, by column title. */
function cell(tbl: ReportTable, coopKey: string, header: string): Cell {
  const col = tbl.headers.indexOf(header);
  expect(col, `column ${header}`).toBeGreaterThanOrEqual(0);
  const row = tbl.rows.find((r) => r[0] === ids[coopKey]);
  expect(row, `row of ${coopKey}`).toBeDefined();
  return row![col]!;
}

/** A cell of the row of a cooperative, by field key. */
const field = (tbl: ReportTable, coopKey: string, key: string) =>
  tbl.rows.find((r) => r[0] === ids[coopKey])![9 + annualForm.fields.findIndex((f) => f.key === key)];

describe('buildReportTable', () => {
  it('has the cooperative columns, then one column per field titled with its Vietnamese label', async () => {
    const tbl = await table();
    expect(tbl.headers.slice(0, 9)).toEqual([
      'ID',
      'Tên HTX',
      'Mã số HTX',
      'Tỉnh/Thành phố',
      'Xã/Phường',
      'Lĩnh vực',
      'Trạng thái',
      'Lần gửi',
      'Thời điểm gửi',
    ]);
    expect(tbl.headers).toHaveLength(9 + annualForm.fields.length);
    expect(tbl.headers.slice(9, 11)).toEqual(['Thành viên chính thức', 'Thành viên liên kết']);
    expect(tbl.headers).toContain('Doanh thu (đồng)');
    expect(tbl.headers).toContain('Hỗ trợ đã nhận');
    expect(tbl.rows.every((r) => r.length === tbl.headers.length)).toBe(true);
  });

  it('has one row per submitted report, by commune then name; drafts and other periods/forms left out', async () => {
    const tbl = await table();
    expect(tbl.rows.map((r) => r[0])).toEqual([ids.bacKan, ids.dongHy, ids.che, ids.tanLap]);
    expect(tbl.rows.map((r) => r[4])).toEqual(['Xã Bằng Vân', 'Xã Đồng Hỷ', 'Xã Tân Lập', 'Xã Tân Lập']);
  });

  it('writes numbers raw, options and yes/no as labels, dates as ISO, skipped answers empty', async () => {
    const tbl = await table();
    expect(tbl.rows.find((r) => r[0] === ids.tanLap)!.slice(0, 9)).toEqual([
      ids.tanLap,
      'HTX Nông nghiệp Tân Lập',
      '4601234567',
      'Thái Nguyên',
      'Xã Tân Lập',
      'agriculture',
      'đã gửi, chờ cán bộ xem',
      1,
      '2026-11-20T03:00:00.000Z',
    ]);
    expect(cell(tbl, 'tanLap', 'Thành viên chính thức')).toBe(45);
    expect(cell(tbl, 'tanLap', 'Doanh thu (đồng)')).toBe(1_500_000_000);
    expect(cell(tbl, 'tanLap', 'Lợi nhuận trước thuế (đồng)')).toBe(-50_000_000);
    expect(cell(tbl, 'tanLap', 'Xếp loại HTX (tự đánh giá)')).toBe('Tốt');
    expect(cell(tbl, 'tanLap', 'Liên kết chuỗi giá trị')).toBe('Có');
    expect(cell(tbl, 'tanLap', 'Doanh nghiệp liên kết')).toBe('Công ty ABC');
    expect(cell(tbl, 'tanLap', 'Ứng dụng công nghệ cao')).toBe('Không');
    expect(cell(tbl, 'tanLap', 'Công nghệ cao áp dụng')).toBeNull();
    expect(cell(tbl, 'tanLap', 'Hỗ trợ đã nhận')).toBe('Tín dụng – vay vốn; Đào tạo – tập huấn');
    expect(field(tbl, 'tanLap', 'support_needed')).toBe('Đất đai');
    expect(field(tbl, 'tanLap', 'member_service_share')).toBe(40.5);
    expect(field(tbl, 'tanLap', 'general_meeting_date')).toBe('2026-03-15');
    expect(field(tbl, 'tanLap', 'difficulties')).toBeNull();
  });

  it('shows the status and the last submitted values of accepted and returned reports', async () => {
    const tbl = await table();
    expect(cell(tbl, 'che', 'Trạng thái')).toBe('đã được chấp nhận');
    expect(cell(tbl, 'che', 'Thành viên chính thức')).toBe(120);
    expect(cell(tbl, 'che', 'Xếp loại HTX (tự đánh giá)')).toBe('Khá');
    expect(cell(tbl, 'che', 'Liên kết chuỗi giá trị')).toBe('Không');
    // A value left from before value_chain was answered "no" is not part of the report.
    expect(cell(tbl, 'che', 'Doanh nghiệp liên kết')).toBeNull();
    expect(cell(tbl, 'che', 'Hỗ trợ đã nhận')).toBe('Không có');
    expect(cell(tbl, 'dongHy', 'Trạng thái')).toBe('cán bộ trả lại để sửa');
    expect(cell(tbl, 'dongHy', 'Lần gửi')).toBe(2);
    // A stored value that does not fit the form is left out rather than trusted.
    expect(cell(tbl, 'dongHy', 'Thành viên chính thức')).toBeNull();
    expect(field(tbl, 'dongHy', 'difficulties')).toBe('Thiếu vốn, "khó" vay');
  });

  it('lists the active cooperatives that have not submitted (drafts included, dissolved ones not)', async () => {
    const tbl = await table();
    expect(tbl.notSubmitted).toEqual([
      { id: ids.rau, name: 'HTX Rau an toàn Đồng Hỷ', commune: 'Xã Đồng Hỷ' },
      { id: ids.det, name: 'HTX Dệt Tân Lập', commune: 'Xã Tân Lập' },
    ]);
  });

  it('scopes to a province, or one commune of it', async () => {
    const province = await table({ province: 'Thái Nguyên' });
    expect(province.rows.map((r) => r[0])).toEqual([ids.dongHy, ids.che, ids.tanLap]);
    expect(province.notSubmitted.map((c) => c.id)).toEqual([ids.rau, ids.det]);

    const commune = await table({ province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
    expect(commune.rows.map((r) => r[0])).toEqual([ids.che, ids.tanLap]);
    expect(commune.notSubmitted.map((c) => c.id)).toEqual([ids.det]);

    const other = await table({ province: 'Bắc Kạn' });
    expect(other.rows.map((r) => r[0])).toEqual([ids.bacKan]);
    expect(other.notSubmitted).toEqual([]);

    await expect(table({ commune: 'Xã Tân Lập' })).rejects.toThrow(/province/);
  });

  it('filters by status; a cooperative whose report is filtered out still counts as submitted', async () => {
    const accepted = await table({ status: ['accepted'] });
    expect(accepted.rows.map((r) => r[0])).toEqual([ids.che]);
    expect(accepted.notSubmitted.map((c) => c.id)).toEqual([ids.rau, ids.det]);
    const open = await table({ status: ['submitted', 'returned'], province: 'Thái Nguyên' });
    expect(open.rows.map((r) => r[0])).toEqual([ids.dongHy, ids.tanLap]);
  });

  it('reads the reports page by page with the same result', async () => {
    expect(await table({ pageSize: 1 })).toEqual(await table());
    expect(await table({ pageSize: 2, province: 'Thái Nguyên' })).toEqual(await table({ province: 'Thái Nguyên' }));
  });

  it('speaks English when asked', async () => {
    const tbl = await table({ locale: 'en' });
    expect(tbl.headers.slice(0, 2)).toEqual(['ID', 'Cooperative']);
    expect(tbl.headers[9]).not.toBe('Thành viên chính thức');
    expect(field(tbl, 'tanLap', 'value_chain')).toBe('Yes');
    expect(field(tbl, 'tanLap', 'revenue')).toBe(1_500_000_000);
  });
});
