import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { ANNUAL_ANSWERS, annualReport } from '../support/annual-report-fixture.js';
import { runEntry } from '../support/chat-process.js';
import { createCooperative } from '../support/factories.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-export-'));
const dataDir = path.join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A formula-like answer and a partner's name with a comma and quotes, for the CSV escaping. */
const ANSWERS = { ...ANNUAL_ANSWERS, value_chain_partner: 'Công ty ABC, chi nhánh "Miền Bắc"', difficulties: '=thiếu vốn lưu động' };

/** The PGlite folder is seeded and closed before any process opens it (one process at a time). */
beforeAll(async () => {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await db.migrate();
    const p = db.prisma;
    const a = await createCooperative(p, { name: 'HTX Nông nghiệp Tân Lập', registrationCode: '4601234567', province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
    await p.report.create({ data: annualReport(a.id, { answers: ANSWERS }) });
    const b = await createCooperative(p, { name: 'HTX Dệt Tân Lập', province: 'Thái Nguyên', commune: 'Xã Tân Lập', sector: 'industry' });
    await p.report.create({ data: { cooperativeId: b.id, form: 'annual', period: '2026', status: 'draft', draft: ANSWERS, draftVersion: 1 } });
    const c = await createCooperative(p, { name: 'HTX Bằng Vân', province: 'Bắc Kạn', commune: 'Xã Bằng Vân' });
    await p.report.create({
      data: annualReport(c.id, { status: 'accepted', submittedAt: new Date('2026-11-21T03:00:00Z'), answers: { ...ANSWERS, profit: 10 } }),
    });
  } finally {
    await db.close();
  }
});

const run = (args: string[]) => runEntry('scripts/export.ts', args, { DATA_DIR: dataDir });

/** Splits CSV text into records (enough for these files: quoted fields hold no line breaks). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const cells: string[] = [];
      for (const m of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
        const v = m[1]!;
        cells.push(v.startsWith('"') ? v.slice(1, -1).replace(/""/g, '"') : v);
      }
      return cells;
    });
}

describe('npm run export (a real process on an embedded database folder)', () => {
  it('writes the submitted annual reports of a province as raw CSV for scripts (--csv-locale raw)', { timeout: 90_000 }, async () => {
    const out = path.join(root, 'out', 'annual.csv');
    const r = await run(['--form', 'annual', '--period', '2026', '--format', 'csv', '--csv-locale', 'raw', '--out', out, '--province', 'Thái Nguyên']);
    expect(r.stderr).toContain(`Exported 1 reports (1 cooperatives have not submitted) to ${out}`);
    expect(r.code).toBe(0);

    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header!.slice(0, 9)).toEqual(['ID', 'Tên HTX', 'Mã số HTX', 'Tỉnh/Thành phố', 'Xã/Phường', 'Lĩnh vực', 'Trạng thái', 'Lần gửi', 'Thời điểm gửi']);
    expect(header).toContain('Doanh thu (đồng)');
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(row).toMatchObject({
      'Tên HTX': 'HTX Nông nghiệp Tân Lập',
      'Mã số HTX': '4601234567',
      'Xã/Phường': 'Xã Tân Lập',
      'Trạng thái': 'đã gửi, chờ cán bộ xem',
      'Lần gửi': '1',
      'Thời điểm gửi': '2026-11-20T03:00:00.000Z',
      'Thành viên chính thức': '45',
      'Doanh thu (đồng)': '1500000000',
      'Lợi nhuận trước thuế (đồng)': '-50000000',
      'Xếp loại HTX (tự đánh giá)': 'Tốt',
      'Liên kết chuỗi giá trị': 'Có',
      'Doanh nghiệp liên kết': 'Công ty ABC, chi nhánh "Miền Bắc"',
      'Ứng dụng công nghệ cao': 'Không',
      'Công nghệ cao áp dụng': '',
      'Hỗ trợ đã nhận': 'Tín dụng – vay vốn; Đào tạo – tập huấn',
    });
    // Raw text of the file: negative money is a plain number, a formula-like answer is defused.
    expect(text).toContain(',1500000000,');
    expect(text).toContain(',-50000000,');
    expect(text).toContain('"Công ty ABC, chi nhánh ""Miền Bắc"""');
    expect(text).toContain(",'=thiếu vốn lưu động\r\n");
  });

  it('writes CSV for Excel in Vietnamese by default: semicolons, decimal comma, labels, Việt Nam time', { timeout: 90_000 }, async () => {
    const out = path.join(root, 'out', 'annual-vi.csv');
    const r = await run(['--form', 'annual', '--period', '2026', '--out', out, '--province', 'Thái Nguyên']);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: Record<string, string>[] = parse(bytes, { bom: true, delimiter: ';', columns: true });
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0]!).slice(5, 11)).toEqual(['Lĩnh vực', 'Loại hình', 'Quy mô', 'Trạng thái', 'Lần gửi', 'Thời điểm gửi']);
    expect(records[0]).toMatchObject({
      'Lĩnh vực': 'Nông nghiệp',
      'Loại hình': 'Hợp tác xã',
      'Quy mô': 'chưa xác định',
      'Thời điểm gửi': '20/11/2026 10:00',
      'Thành viên sử dụng dịch vụ (%)': '40,5',
      'Doanh thu (đồng)': '1500000000',
      'Doanh nghiệp liên kết': 'Công ty ABC, chi nhánh "Miền Bắc"',
    });
  });

  it('writes raw stored values as JSON, and records each export in the audit log', { timeout: 90_000 }, async () => {
    const out = path.join(root, 'annual.json');
    const r = await run(['--form', 'annual', '--period', '2026', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Exported 2 reports (1 cooperatives have not submitted) to ${out}`);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data).toMatchObject({ form: 'annual', formVersion: 1, period: '2026' });
    expect(Date.parse(data.generatedAt)).not.toBeNaN();
    expect(data.rows.map((x: { cooperative: { name: string } }) => x.cooperative.name)).toEqual(['HTX Bằng Vân', 'HTX Nông nghiệp Tân Lập']);
    expect(data.rows[1]).toMatchObject({
      cooperative: { name: 'HTX Nông nghiệp Tân Lập', registrationCode: '4601234567', province: 'Thái Nguyên', commune: 'Xã Tân Lập', sector: 'agriculture' },
      status: 'submitted',
      revision: 1,
      submittedAt: '2026-11-20T03:00:00.000Z',
      answers: { revenue: 1_500_000_000, profit: -50_000_000, rating: 'good', value_chain: true, support_received: ['credit', 'training'] },
    });
    expect(data.rows[0]).toMatchObject({ status: 'accepted', answers: { profit: 10 } });
    expect(data.notSubmitted).toEqual([{ id: expect.any(Number), name: 'HTX Dệt Tân Lập', commune: 'Xã Tân Lập' }]);

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const audit = await db.prisma.auditLog.findMany({ where: { action: 'export.cli' }, orderBy: { id: 'asc' } });
      expect(audit.map((a) => [a.subject, a.details])).toEqual([
        ['reports:annual:2026', { format: 'csv', csvLocale: 'raw', rows: 1, province: 'Thái Nguyên', commune: null }],
        ['reports:annual:2026', { format: 'csv', csvLocale: 'vi', rows: 1, province: 'Thái Nguyên', commune: null }],
        ['reports:annual:2026', { format: 'json', rows: 2, province: null, commune: null }],
      ]);
      expect(audit.every((a) => a.actorId === null)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('writes an XLSX workbook that opens, with the filters in the audit log', { timeout: 90_000 }, async () => {
    const out = path.join(root, 'annual.xlsx');
    const r = await run([
      '--form',
      'annual',
      '--period',
      '2026',
      '--format',
      'xlsx',
      '--out',
      out,
      '--province',
      'Thái Nguyên',
      '--sector',
      'agriculture',
      '--status',
      'submitted',
    ]);
    expect(r.stderr).toContain(`Exported 1 reports (0 cooperatives have not submitted) to ${out}`);
    expect(r.code).toBe(0);
    // Not a terminal: no bar drawn with carriage returns.
    expect(r.stderr).not.toContain('\r');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Tổng hợp', 'Chưa nộp', 'Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
    const sheet = wb.getWorksheet('Báo cáo')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 2)).toEqual(['ID', 'Tên HTX']);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('HTX Nông nghiệp Tân Lập');
    const revenue = sheet.getRow(2).getCell(header.indexOf('Doanh thu (đồng)') + 1);
    expect(revenue.value).toBe(1_500_000_000);
    expect(revenue.numFmt).toBe('#,##0');
    expect(wb.getWorksheet('Chưa nộp')!.rowCount).toBe(1);

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const audit = await db.prisma.auditLog.findFirst({ where: { action: 'export.cli' }, orderBy: { id: 'desc' } });
      expect(audit!.details).toEqual({ format: 'xlsx', rows: 1, province: 'Thái Nguyên', commune: null, sector: 'agriculture', status: ['submitted'] });
    } finally {
      await db.close();
    }
  });

  it('exits 2 with the usage on bad arguments', { timeout: 60_000 }, async () => {
    const [unknownForm, quarterAsYear, yearAsQuarter, badFormat, communeOnly, unknownOption, badStatus, emptySector, badCsvLocale, csvLocaleOfXlsx] =
      await Promise.all([
        run(['--form', 'monthly', '--period', '2026']),
        run(['--form', 'annual', '--period', '2026-Q3']),
        run(['--form', 'quarterly', '--period', '2026']),
        run(['--form', 'annual', '--period', '2026', '--format', 'pdf']),
        run(['--form', 'annual', '--period', '2026', '--commune', 'Xã Tân Lập']),
        run(['--form', 'annual', '--period', '2026', '--bogus']),
        run(['--form', 'annual', '--period', '2026', '--status', 'accepted,draft']),
        run(['--form', 'annual', '--period', '2026', '--sector', ' ']),
        run(['--form', 'annual', '--period', '2026', '--csv-locale', 'en']),
        run(['--form', 'annual', '--period', '2026', '--format', 'xlsx', '--csv-locale', 'raw']),
      ]);
    expect(unknownForm.code).toBe(2);
    expect(unknownForm.stderr).toContain('Unknown form "monthly": one of annual, quarterly');
    expect(unknownForm.stderr).toContain('usage: npm run export');
    expect(quarterAsYear.code).toBe(2);
    expect(quarterAsYear.stderr).toContain('YYYY');
    expect(yearAsQuarter.code).toBe(2);
    expect(yearAsQuarter.stderr).toContain('YYYY-Qn');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of csv, xlsx, json');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status takes one or more of submitted, accepted, returned, separated by commas; got "draft"');
    expect(emptySector.code).toBe(2);
    expect(emptySector.stderr).toContain('--sector needs a sector');
    expect(communeOnly.code).toBe(2);
    expect(communeOnly.stderr).toContain('--commune needs --province');
    expect(badCsvLocale.code).toBe(2);
    expect(badCsvLocale.stderr).toContain('--csv-locale must be one of vi, raw');
    expect(csvLocaleOfXlsx.code).toBe(2);
    expect(csvLocaleOfXlsx.stderr).toContain('--csv-locale applies to --format csv only');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('usage: npm run export');
  });
});
