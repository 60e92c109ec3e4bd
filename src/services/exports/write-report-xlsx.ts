import ExcelJS from 'exceljs';
import { vnWallClock } from '../../lib/vn-time.js';
import type { Db } from '../../db/database.js';
import type { CooperativeKind } from '../../generated/prisma/enums.js';
import { computePlanSummary, type PlanSummary } from '../targets/compute-plan-summary.js';
import type { ReportExportRequest, ReportStream } from './export-types.js';
import { pageChannel } from './page-channel.js';
import { peopleColumnKinds, peopleTableHeaders, peopleTableRow } from './people-table.js';
import { EXPORT_STATUSES, type Cell, type ExportScope, type ExportStatus, type SubmittedReport } from './report-table.js';
import { sectorLabel } from './sector-label.js';
import { addSummarySheet } from './xlsx-summary-sheet.js';
import { evaluateArea } from '../eligibility/evaluate-area.js';
import { addEligibilitySheets } from './eligibility-sheet.js';
import { cellAddress, COLUMN_WIDTH, HEADER_STYLE, styleOf, type ColumnKind } from './xlsx-styles.js';

/** A table cell as a spreadsheet value: percents as fractions, dates as dates; empty: no cell. */
function sheetValue(kind: ColumnKind, v: Cell): ExcelJS.CellValue | undefined {
  if (v === null || v === '') return undefined;
  switch (kind) {
    case 'percent':
      return (v as number) / 100;
    case 'date':
      // An ISO day: a date at midnight (spreadsheets have no time zones).
      return new Date(`${v as string}T00:00:00Z`);
    case 'datetime':
      return vnWallClock(new Date(v as string));
    default:
      return v;
  }
}

/** A sheet with a styled, frozen header row and an autofilter over its columns. */
function addTableSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headers: string[], kinds: ColumnKind[], frozenColumns: number) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: frozenColumns, ySplit: 1, topLeftCell: cellAddress(2, frozenColumns + 1), activeCell: 'A2' }],
  });
  ws.columns = kinds.map((k) => ({ width: COLUMN_WIDTH[k] }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  const header = ws.addRow(headers);
  header.height = 45;
  header.eachCell((c) => (c.style = HEADER_STYLE));
  header.commit();
  return ws;
}

/** Adds a row of values (undefined: no cell) with each column's style, and writes it out. */
function writeRow(ws: ExcelJS.Worksheet, values: (ExcelJS.CellValue | undefined)[], kinds: readonly ColumnKind[]) {
  const row = ws.addRow(values);
  // One shared style object per kind: ExcelJS then finds its style id without rebuilding it per cell.
  row.eachCell((c, col) => (c.style = styleOf(kinds[col - 1]!)));
  row.commit();
}

/**
 * The reports as an XLSX workbook, streamed to `file` (rows are written as they are read, strings
 * inline): "Báo cáo" (one row per cooperative, by commune then name), "Tổng hợp" (submissions by
 * commune, reports by status, plan indicators against targets), "Chưa nộp" (active cooperatives that
 * have not submitted), and for the annual report "Hỗ trợ đủ điều kiện" and "Đủ ĐK, chưa nhận"
 * (eligibility-sheet.ts). Headers and sheet names in the request's language.
 */
export async function writeReportXlsx(db: Db, req: ReportExportRequest, scope: ExportScope, reports: ReportStream, file: string): Promise<{ rows: number }> {
  const { t, form } = req;
  // The summary's plan indicators (the annual report's) are computed while the rows are written,
  // from the same pages when the export has every report of the area (no sector or status filter).
  const shared = form.id === 'annual' && !scope.sector && !scope.status ? pageChannel<SubmittedReport[]>() : undefined;
  const summary: Promise<PlanSummary | null> =
    form.id === 'annual' ? computePlanSummary(db, { period: req.period, scope: req.scope, targetSet: req.targetSet ?? null, reports: shared }) : Promise.resolve(null);
  summary.catch(() => {});
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = 'Trợ lý HTX';
  wb.created = new Date();

  const kinds = peopleColumnKinds(form);
  const reportSheet = addTableSheet(wb, t('exports.sheets.reports'), peopleTableHeaders(form, t, req.locale), kinds, 2);
  const byStatus = new Map<ExportStatus, number>();
  let rows = 0;
  try {
    for await (const page of reports.pages) {
      shared?.push(page);
      for (const r of page) {
        const cells = peopleTableRow(form, r, reports.index.cooperatives.get(r.cooperative.id)?.kind, t);
        writeRow(
          reportSheet,
          cells.map((v, i) => sheetValue(kinds[i]!, v)),
          kinds,
        );
        byStatus.set(r.status as ExportStatus, (byStatus.get(r.status as ExportStatus) ?? 0) + 1);
      }
      rows += page.length;
    }
  } catch (e) {
    shared?.fail(e);
    throw e;
  }
  shared?.end();
  reportSheet.commit();

  const missing = reports.index.notSubmitted;
  // Active cooperatives by commune and type (HTX, liên hiệp HTX, tổ hợp tác: counted apart, then together).
  const active = new Map<string | null, Record<CooperativeKind, number>>();
  for (const c of reports.index.cooperatives.values()) {
    if (c.status !== 'active') continue;
    const counts = active.get(c.commune) ?? { cooperative: 0, union: 0, group: 0 };
    counts[c.kind]++;
    active.set(c.commune, counts);
  }
  const missingIn = new Map<string | null, number>();
  for (const c of missing) missingIn.set(c.commune, (missingIn.get(c.commune) ?? 0) + 1);
  addSummarySheet(wb, {
    req,
    scope,
    byCommune: [...active].map(([commune, byKind]) => ({
      commune,
      byKind,
      active: byKind.cooperative + byKind.union + byKind.group,
      notSubmitted: missingIn.get(commune) ?? 0,
    })),
    byStatus: EXPORT_STATUSES.filter((s) => !scope.status || scope.status.includes(s)).map((s) => ({ status: s, reports: byStatus.get(s) ?? 0 })),
    plan: await summary,
  });

  const missingKinds: ColumnKind[] = ['id', 'name', 'text', 'text', 'text', 'sector', 'text'];
  const missingSheet = addTableSheet(
    wb,
    t('exports.sheets.not_submitted'),
    [...['id', 'name', 'registration_code', 'province', 'commune', 'sector'].map((c) => t(`reports.export_columns.${c}`)), t('exports.columns.kind')],
    missingKinds,
    2,
  );
  for (const c of missing) {
    writeRow(
      missingSheet,
      [c.id, c.name, c.registrationCode ?? undefined, c.province, c.commune ?? undefined, sectorLabel(t, c.sector), t(`exports.kind.${c.kind}`)],
      missingKinds,
    );
  }
  missingSheet.commit();
  // The annual report's export also says which supports the area's cooperatives qualify for, and
  // who has not received them (evaluated now, from each one's latest annual report).
  if (form.id === 'annual') {
    const area = await evaluateArea(db, { scope: req.scope, sector: scope.sector, now: wb.created });
    addEligibilitySheets(wb, area, { t, locale: req.locale, scope: req.scope, sector: scope.sector });
  }
  await wb.commit();
  return { rows };
}
