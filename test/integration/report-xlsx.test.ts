import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/database.js';
import { createI18n, type T } from '../../src/i18n/i18n.js';
import { EXPORT_MIME, exportFilename, writeReportExport, type ReportExportRequest } from '../../src/services/exports/report-export.js';
import { buildReportTable } from '../../src/services/exports/report-table.js';
import { toCsv } from '../../src/services/exports/write-csv.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { quarterlyForm } from '../../src/services/reports/forms/quarterly-form.js';
import type { TargetSet } from '../../src/services/targets/plan-targets.js';
import { ANNUAL_ANSWERS, annualReportSeeder } from '../support/annual-report-fixture.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = (): Db => database.prisma;
let vi: T;
let en: T;
const dir = mkdtempSync(path.join(tmpdir(), 'htx-xlsx-'));

/** A complete, valid annual report, with a formula-like answer. */
const FULL = { ...ANNUAL_ANSWERS, difficulties: '=thiếu vốn' };

const { ids, coop, report } = annualReportSeeder(db, { answers: FULL });

const TARGETS: TargetSet = {
  id: 'tn-2030',
  name: 'Kế hoạch Thái Nguyên 2030',
  province: 'Thái Nguyên',
  year: 2030,
  targets: { good_fair_share: 60, high_tech_count: 60, cooperatives_count: 4 },
};

beforeAll(async () => {
  database = await createTestDatabase();
  const { translator } = await createI18n();
  vi = translator('vi');
  en = translator('en');

  // Thái Nguyên, Xã Tân Lập
  await coop('tanLap', { name: 'HTX Nông nghiệp Tân Lập', registrationCode: '4601234567', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  await report(ids.tanLap!, {});
  await coop('che', { name: 'HTX Chè Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
  await report(ids.che!, { status: 'accepted', answers: { ...FULL, members: 120, revenue: 3_000_000_000, rating: 'average', value_chain: false } });
  await coop('det', { name: 'HTX Dệt Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập', sector: 'industry', registrationCode: '4609999999' });
  await report(ids.det!, { status: 'draft', revision: 0, submittedAt: null, answers: {}, draft: FULL, draftVersion: 1 });
  // Thái Nguyên, Xã Đồng Hỷ
  await coop('dongHy', { name: 'HTX Dịch vụ Đồng Hỷ', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ', sector: 'industry' });
  await report(ids.dongHy!, { status: 'returned', revision: 2 });
  await coop('rau', { name: 'HTX Rau an toàn Đồng Hỷ', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ', kind: 'group' });
  await coop('giaiThe', { name: 'HTX Đã giải thể', province: 'Thái Nguyên', commune: 'Xã Đồng Hỷ', status: 'dissolved' });
  // Another province
  await coop('bacKan', { name: 'HTX Bằng Vân', province: 'Bắc Kạn', commune: 'Xã Bằng Vân' });
  await report(ids.bacKan!, {});
  await report(ids.rau!, { form: 'quarterly', period: '2026-Q3', answers: { members: 10, quarter_revenue: 1, support_needed: ['none'] } });
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function exportTo(o: Partial<ReportExportRequest> = {}, onProgress?: (done: number, total: number) => void) {
  const req: ReportExportRequest = { form: annualForm, period: '2026', scope: {}, format: 'xlsx', locale: 'vi', t: vi, ...o };
  const file = path.join(dir, `export-${++n}.${req.format}`);
  const result = await writeReportExport(db(), req, { file, onProgress });
  return { req, file, result };
}

async function readXlsx(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The values of a sheet's rows (1-based cells dropped to 0-based arrays). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, i) => (out[i - 1] = (row.values as unknown[]).slice(1)));
  return out;
}

/** The cell of a cooperative's row under a header. */
function cellOf(ws: ExcelJS.Worksheet, coopKey: string, header: string): ExcelJS.Cell {
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  const col = headers.indexOf(header);
  expect(col, `column ${header}`).toBeGreaterThanOrEqual(0);
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === ids[coopKey]) return ws.getRow(r).getCell(col + 1);
  throw new Error(`no row for ${coopKey}`);
}

describe('writeReportExport as XLSX', () => {
  it('has five sheets: the reports, a summary, the cooperatives that have not submitted, the supports they qualify for and who has not received them', async () => {
    const { file, result } = await exportTo();
    expect(result).toMatchObject({ file, filename: 'bao-cao-annual-2026-toan-quoc.xlsx', mimeType: EXPORT_MIME.xlsx, rows: 4, notSubmitted: 2 });
    expect(result.bytes).toBe(readFileSync(file).length);
    const wb = await readXlsx(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Tổng hợp', 'Chưa nộp', 'Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
  });

  it('writes Vietnamese headers, one row per cooperative by commune then name, a frozen and filtered header row', async () => {
    const ws = (await readXlsx((await exportTo()).file)).getWorksheet('Báo cáo')!;
    const [header, ...rows] = rowsOf(ws);
    expect(header!.slice(0, 11)).toEqual([
      'ID',
      'Tên HTX',
      'Mã số HTX',
      'Tỉnh/Thành phố',
      'Xã/Phường',
      'Lĩnh vực',
      'Loại hình',
      'Quy mô',
      'Trạng thái',
      'Lần gửi',
      'Thời điểm gửi',
    ]);
    expect(header).toHaveLength(11 + annualForm.fields.length);
    expect(header).toContain('Doanh thu (đồng)');
    expect(rows.map((r) => r[0])).toEqual([ids.bacKan, ids.dongHy, ids.che, ids.tanLap]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
  });

  it('writes numbers as numbers with formats: VND, counts, percents, real dates', async () => {
    const ws = (await readXlsx((await exportTo()).file)).getWorksheet('Báo cáo')!;
    const revenue = cellOf(ws, 'tanLap', 'Doanh thu (đồng)');
    expect(revenue.value).toBe(1_500_000_000);
    expect(revenue.numFmt).toBe('#,##0');
    const profit = cellOf(ws, 'tanLap', 'Lợi nhuận trước thuế (đồng)');
    expect(profit.value).toBe(-50_000_000);
    expect(profit.numFmt).toBe('#,##0');
    expect(cellOf(ws, 'che', 'Thành viên chính thức')).toMatchObject({ value: 120, numFmt: '#,##0' });
    const share = ws.getRow(5).getCell(11 + annualForm.fields.findIndex((f) => f.key === 'member_service_share') + 1);
    expect(share.value).toBeCloseTo(0.405);
    expect(share.numFmt).toBe('0.0%');
    const meeting = ws.getRow(5).getCell(11 + annualForm.fields.findIndex((f) => f.key === 'general_meeting_date') + 1);
    expect(meeting.value).toEqual(new Date('2026-03-15T00:00:00Z'));
    expect(meeting.numFmt).toBe('dd/mm/yyyy');
    // Submitted at 03:00 UTC: 10:00 in Vietnam.
    const submitted = cellOf(ws, 'tanLap', 'Thời điểm gửi');
    expect(submitted.value).toEqual(new Date('2026-11-20T10:00:00Z'));
    expect(submitted.numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(cellOf(ws, 'tanLap', 'Lĩnh vực').value).toBe('Nông nghiệp');
    expect(cellOf(ws, 'tanLap', 'Loại hình').value).toBe('Hợp tác xã');
    // Decree 113/2024's thresholds are not verified (policy-facts 6.4b): never guessed.
    expect(cellOf(ws, 'tanLap', 'Quy mô').value).toBe('chưa xác định');
    expect(cellOf(ws, 'tanLap', 'Trạng thái').value).toBe('đã gửi, chờ cán bộ xem');
    expect(cellOf(ws, 'tanLap', 'Xếp loại HTX (tự đánh giá)').value).toBe('Tốt');
    expect(cellOf(ws, 'tanLap', 'Hỗ trợ đã nhận').value).toBe('Tín dụng – vay vốn; Đào tạo – tập huấn');
    // Text is text (never a formula), and a question hidden by skip logic is an empty cell.
    expect(cellOf(ws, 'tanLap', 'Khó khăn, kiến nghị').value).toBe('=thiếu vốn');
    expect(cellOf(ws, 'che', 'Doanh nghiệp liên kết').value).toBeNull();
  });

  it('lists the active cooperatives that have not submitted', async () => {
    const ws = (await readXlsx((await exportTo()).file)).getWorksheet('Chưa nộp')!;
    expect(rowsOf(ws)).toEqual(
      [
        ['ID', 'Tên HTX', 'Mã số HTX', 'Tỉnh/Thành phố', 'Xã/Phường', 'Lĩnh vực', 'Loại hình'],
        [ids.rau, 'HTX Rau an toàn Đồng Hỷ', null, 'Thái Nguyên', 'Xã Đồng Hỷ', 'Nông nghiệp', 'Tổ hợp tác'],
        [ids.det, 'HTX Dệt Tân Lập', '4609999999', 'Thái Nguyên', 'Xã Tân Lập', 'Công nghiệp, tiểu thủ công nghiệp', 'Hợp tác xã'],
      ].map((r) => r.map((v) => v ?? undefined)),
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('sums up submissions by commune, reports by status, and the plan indicators against targets', async () => {
    const { file } = await exportTo({ scope: { province: 'Thái Nguyên' }, targetSet: TARGETS });
    const ws = (await readXlsx(file)).getWorksheet('Tổng hợp')!;
    const rows = rowsOf(ws);
    const row = (first: string) => rows.find((r) => r[0] === first);
    expect(rows[0]![0]).toBe('Báo cáo năm 2026');
    expect(row('Địa bàn')![1]).toBe('Thái Nguyên');
    expect(row('Lĩnh vực')![1]).toBe('Tất cả lĩnh vực');
    expect(row('Thời điểm xuất')![1]).toBeInstanceOf(Date);
    // HTX, unions and groups apart, then all active ones (whom the submission columns count).
    expect(row('Xã/Phường')).toEqual([
      'Xã/Phường',
      'HTX đang hoạt động',
      'Liên hiệp HTX đang hoạt động',
      'Tổ hợp tác đang hoạt động',
      'Tổng số đang hoạt động (HTX, liên hiệp HTX, tổ hợp tác)',
      'Đã nộp',
      'Chưa nộp',
      'Tỷ lệ đã nộp',
    ]);
    expect(row('Xã Đồng Hỷ')).toEqual(['Xã Đồng Hỷ', 1, 0, 1, 2, 1, 1, 0.5]);
    expect(row('Xã Tân Lập')!.slice(0, 7)).toEqual(['Xã Tân Lập', 3, 0, 0, 3, 2, 1]);
    expect(row('Xã Tân Lập')![7]).toBeCloseTo(2 / 3);
    expect(rows.findIndex((r) => r[0] === 'Xã Đồng Hỷ')).toBeLessThan(rows.findIndex((r) => r[0] === 'Xã Tân Lập'));
    const totals = rows.filter((r) => r[0] === 'Tổng cộng');
    expect(totals[0]!.slice(0, 7)).toEqual(['Tổng cộng', 4, 0, 1, 5, 3, 2]);
    // The counts agree: the plan's "active HTX" is the HTX column, its groups the groups column, and
    // the kinds add up to the total that the submission rate is taken over.
    expect(row('Số HTX đang hoạt động')![1]).toBe(totals[0]![1]);
    expect(row('Số tổ hợp tác')![1]).toBe(totals[0]![3]);
    expect((totals[0]![1] as number) + (totals[0]![2] as number) + (totals[0]![3] as number)).toBe(totals[0]![4]);
    expect((totals[0]![5] as number) + (totals[0]![6] as number)).toBe(totals[0]![4]);
    expect(row('đã gửi, chờ cán bộ xem')).toEqual(['đã gửi, chờ cán bộ xem', 1]);
    expect(row('đã được chấp nhận')).toEqual(['đã được chấp nhận', 1]);
    expect(row('cán bộ trả lại để sửa')).toEqual(['cán bộ trả lại để sửa', 1]);
    expect(totals[1]).toEqual(['Tổng cộng', 3]);

    expect(row('Chỉ tiêu kế hoạch: Kế hoạch Thái Nguyên 2030')).toBeDefined();
    // Good or fair: 2 of the 3 Thái Nguyên reports (one is "average").
    const goodFair = row('HTX xếp loại tốt, khá')!;
    expect(goodFair[1]).toBeCloseTo(0.6667, 3);
    expect(goodFair.slice(2)).toEqual([0.6, 'Đạt', 2, 3]);
    expect(ws.getCell(`B${rows.indexOf(goodFair) + 1}`).numFmt).toBe('0.0%');
    expect(row('HTX ứng dụng công nghệ cao')!.slice(1, 4)).toEqual([0, 60, 'Chưa đạt']);
    expect(row('Số tổ hợp tác')![3]).toBe('Không đặt mục tiêu');
  });

  it('filters by sector and status; the not-submitted sheet follows the sector', async () => {
    const industry = await exportTo({ sector: 'industry' });
    expect(industry.result).toMatchObject({ rows: 1, notSubmitted: 1, filename: 'bao-cao-annual-2026-toan-quoc-industry.xlsx' });
    const wb = await readXlsx(industry.file);
    expect(
      rowsOf(wb.getWorksheet('Báo cáo')!)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([ids.dongHy]);
    expect(
      rowsOf(wb.getWorksheet('Chưa nộp')!)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([ids.det]);
    const summary = rowsOf(wb.getWorksheet('Tổng hợp')!);
    expect(summary.find((r) => r[0] === 'Lĩnh vực')![1]).toBe('Công nghiệp, tiểu thủ công nghiệp');
    expect(summary.find((r) => r[0] === 'Tổng cộng')!.slice(0, 7)).toEqual(['Tổng cộng', 2, 0, 0, 2, 1, 1]);
    expect(summary.some((r) => String(r[0]).startsWith('Các chỉ tiêu tính trên mọi báo cáo'))).toBe(true);

    const accepted = await exportTo({ status: ['accepted', 'returned'], scope: { province: 'Thái Nguyên' } });
    expect(accepted.result).toMatchObject({ rows: 2, notSubmitted: 2, filename: 'bao-cao-annual-2026-thai-nguyen-accepted-returned.xlsx' });
    const sheet = (await readXlsx(accepted.file)).getWorksheet('Báo cáo')!;
    expect(
      rowsOf(sheet)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([ids.dongHy, ids.che]);
    const byStatus = rowsOf((await readXlsx(accepted.file)).getWorksheet('Tổng hợp')!);
    expect(byStatus.find((r) => r[0] === 'Trạng thái báo cáo')![1]).toBe('đã được chấp nhận; cán bộ trả lại để sửa');
    expect(byStatus.find((r) => r[0] === 'đã gửi, chờ cán bộ xem')).toBeUndefined();
  });

  it('scopes to one commune; a commune without its province is refused', async () => {
    const { result, file } = await exportTo({ scope: { province: 'Thái Nguyên', commune: 'Xã Tân Lập' } });
    expect(result).toMatchObject({ rows: 2, notSubmitted: 1, filename: 'bao-cao-annual-2026-xa-tan-lap.xlsx' });
    const wb = await readXlsx(file);
    expect(
      rowsOf(wb.getWorksheet('Báo cáo')!)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([ids.che, ids.tanLap]);
    expect(
      rowsOf(wb.getWorksheet('Chưa nộp')!)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([ids.det]);
    const summary = rowsOf(wb.getWorksheet('Tổng hợp')!);
    expect(summary.find((r) => r[0] === 'Địa bàn')![1]).toBe('Xã Tân Lập, Thái Nguyên');
    expect(summary.filter((r) => String(r[0]).startsWith('Xã ')).map((r) => r[0])).toEqual(['Xã Tân Lập']);
    expect(summary.find((r) => r[0] === 'Chỉ tiêu kế hoạch: chưa có bộ chỉ tiêu cho địa bàn này, chỉ có số thực hiện')).toBeDefined();

    await expect(exportTo({ scope: { commune: 'Xã Tân Lập' } })).rejects.toThrow(/province/);
  });

  it('reports progress, and writes an empty workbook when nothing was submitted', async () => {
    const seen: [number, number][] = [];
    await exportTo({}, (done, total) => seen.push([done, total]));
    expect(seen[0]).toEqual([0, 4]);
    expect(seen.at(-1)).toEqual([4, 4]);

    const empty = await exportTo({ period: '2024' });
    expect(empty.result).toMatchObject({ rows: 0, notSubmitted: 6 });
    const wb = await readXlsx(empty.file);
    expect(rowsOf(wb.getWorksheet('Báo cáo')!)).toHaveLength(1);
    expect(rowsOf(wb.getWorksheet('Chưa nộp')!)).toHaveLength(7);
  });

  it('exports the quarterly form without plan indicators', async () => {
    const { result, file } = await exportTo({ form: quarterlyForm, period: '2026-Q3' });
    expect(result).toMatchObject({ rows: 1, filename: 'bao-cao-quarterly-2026-q3-toan-quoc.xlsx' });
    const summary = rowsOf((await readXlsx(file)).getWorksheet('Tổng hợp')!);
    expect(summary[0]![0]).toBe('Báo cáo nhanh quý 3/2026');
    expect(summary.some((r) => String(r[0]).startsWith('Chỉ tiêu kế hoạch'))).toBe(false);
  });

  it('speaks English when asked', async () => {
    const { file } = await exportTo({ locale: 'en', t: en, targetSet: TARGETS, scope: { province: 'Thái Nguyên' } });
    const wb = await readXlsx(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Reports', 'Summary', 'Not submitted', 'Eligible supports', 'Eligible, not received']);
    expect((wb.getWorksheet('Reports')!.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['ID', 'Cooperative']);
    expect(rowsOf(wb.getWorksheet('Summary')!).some((r) => r[0] === 'Plan targets: Kế hoạch Thái Nguyên 2030')).toBe(true);
  });
});

describe('writeReportExport as CSV and JSON', () => {
  it('writes the raw CSV as the report table has always been written, row by row', async () => {
    for (const scope of [{}, { province: 'Thái Nguyên' }, { province: 'Thái Nguyên', commune: 'Xã Tân Lập' }]) {
      const { file, result } = await exportTo({ format: 'csv', csvLocale: 'raw', scope });
      const table = await buildReportTable(db(), { form: annualForm, period: '2026', ...scope, t: vi, locale: 'vi' });
      expect(readFileSync(file, 'utf8')).toBe(toCsv(table.headers, table.rows));
      expect(result).toMatchObject({ rows: table.rows.length, notSubmitted: table.notSubmitted.length, mimeType: 'text/csv; charset=utf-8' });
      expect(result.filename).toMatch(/^bao-cao-annual-2026-[a-z-]+\.csv$/);
    }
    const industry = await exportTo({ format: 'csv', csvLocale: 'raw', sector: 'industry' });
    const raw = readFileSync(industry.file, 'utf8');
    expect(raw.split('\r\n').filter(Boolean)).toHaveLength(2);
    // Machine format: commas, sector codes, ISO times, dot decimals.
    expect(raw).toContain(`\r\n${ids.dongHy},HTX Dịch vụ Đồng Hỷ,,Thái Nguyên,Xã Đồng Hỷ,industry,cán bộ trả lại để sửa,2,2026-11-20T03:00:00.000Z,45,`);
    expect(raw).toContain(',40.5,2026-03-15,');
  });

  it('writes the Vietnamese CSV by default: semicolons, decimal comma, labels, Việt Nam time, type and size class', async () => {
    const { file, result } = await exportTo({ format: 'csv', scope: { province: 'Thái Nguyên' } });
    expect(result).toMatchObject({ rows: 3, mimeType: 'text/csv; charset=utf-8' });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: Record<string, string>[] = parseCsv(bytes, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' });
    const columns = Object.keys(records[0]!);
    expect(columns.slice(0, 11)).toEqual([
      'ID',
      'Tên HTX',
      'Mã số HTX',
      'Tỉnh/Thành phố',
      'Xã/Phường',
      'Lĩnh vực',
      'Loại hình',
      'Quy mô',
      'Trạng thái',
      'Lần gửi',
      'Thời điểm gửi',
    ]);
    expect(columns).toHaveLength(11 + annualForm.fields.length);
    expect(records.map((r) => Number(r.ID))).toEqual([ids.dongHy, ids.che, ids.tanLap]);
    const tanLap = records.find((r) => Number(r.ID) === ids.tanLap)!;
    expect(tanLap).toMatchObject({
      'Lĩnh vực': 'Nông nghiệp',
      'Loại hình': 'Hợp tác xã',
      'Quy mô': 'chưa xác định',
      'Trạng thái': 'đã gửi, chờ cán bộ xem',
      // 03:00 UTC is 10:00 in Việt Nam.
      'Thời điểm gửi': '20/11/2026 10:00',
      'Ngày Đại hội thành viên gần nhất': '15/03/2026',
      'Thành viên sử dụng dịch vụ (%)': '40,5',
      'Doanh thu (đồng)': '1500000000',
      'Lợi nhuận trước thuế (đồng)': '-50000000',
      'Xếp loại HTX (tự đánh giá)': 'Tốt',
      'Hỗ trợ đã nhận': 'Tín dụng – vay vốn; Đào tạo – tập huấn',
      'Khó khăn, kiến nghị': "'=thiếu vốn",
    });
    // A decimal comma reads back as the stored number.
    expect(Number(tanLap['Thành viên sử dụng dịch vụ (%)']!.replace(',', '.'))).toBe(40.5);
    expect(records.find((r) => Number(r.ID) === ids.dongHy)!['Lĩnh vực']).toBe('Công nghiệp, tiểu thủ công nghiệp');

    const english = await exportTo({ format: 'csv', locale: 'en', t: en });
    const enRecords: Record<string, string>[] = parseCsv(readFileSync(english.file), { bom: true, delimiter: ';', columns: true });
    expect(enRecords[0]).toMatchObject({ Type: 'Cooperative', 'Size class': 'not determined' });
  });

  it('writes raw stored values as JSON, formatted as JSON.stringify would', async () => {
    const { file, result } = await exportTo({ format: 'json', scope: { province: 'Thái Nguyên' }, status: ['submitted', 'returned'] });
    expect(result).toMatchObject({ rows: 2, notSubmitted: 2, mimeType: EXPORT_MIME.json });
    const text = readFileSync(file, 'utf8');
    const data = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(data).toMatchObject({
      form: 'annual',
      formVersion: 1,
      period: '2026',
      filters: { province: 'Thái Nguyên', commune: null, sector: null, status: ['submitted', 'returned'] },
    });
    expect(data.rows.map((r: { cooperative: { id: number } }) => r.cooperative.id)).toEqual([ids.dongHy, ids.tanLap]);
    expect(data.rows[1]).toMatchObject({
      cooperative: { name: 'HTX Nông nghiệp Tân Lập', registrationCode: '4601234567', sector: 'agriculture' },
      status: 'submitted',
      submittedAt: '2026-11-20T03:00:00.000Z',
      answers: { revenue: 1_500_000_000, member_service_share: 40.5, support_received: ['credit', 'training'] },
    });
    expect(data.notSubmitted).toEqual([
      { id: ids.rau, name: 'HTX Rau an toàn Đồng Hỷ', commune: 'Xã Đồng Hỷ' },
      { id: ids.det, name: 'HTX Dệt Tân Lập', commune: 'Xã Tân Lập' },
    ]);

    const none = await exportTo({ format: 'json', period: '2024', scope: { province: 'Bắc Kạn' } });
    const noneText = readFileSync(none.file, 'utf8');
    expect(noneText).toBe(`${JSON.stringify(JSON.parse(noneText), null, 2)}\n`);
    expect(JSON.parse(noneText)).toMatchObject({ rows: [], notSubmitted: [{ id: ids.bacKan }] });
  });
});

describe('exportFilename', () => {
  it('is ASCII: form, period, area, sector, statuses', () => {
    const base = { form: annualForm, period: '2026', format: 'xlsx' as const };
    expect(exportFilename({ ...base, scope: { province: 'An Giang', commune: 'Xã An Bình' } })).toBe('bao-cao-annual-2026-xa-an-binh.xlsx');
    expect(exportFilename({ ...base, scope: { province: 'Đắk Lắk' }, format: 'csv' as never })).toBe('bao-cao-annual-2026-dak-lak.csv');
    expect(exportFilename({ ...base, form: quarterlyForm, period: '2026-Q3', scope: {}, sector: 'agriculture', status: ['accepted'] })).toBe(
      'bao-cao-quarterly-2026-q3-toan-quoc-agriculture-accepted.xlsx',
    );
  });
});
