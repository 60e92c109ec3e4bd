import { rm, stat } from 'node:fs/promises';
import type { Db } from '../../db/database.js';
import type { Locale, T } from '../../i18n/i18n.js';
import { foldText } from '../../lib/vietnamese-text.js';
import type { FormDef } from '../reports/form-definition.js';
import type { TargetSet } from '../targets/plan-targets.js';
import type { AreaScope } from '../access/officer-scope.js';
import { cachedTranslator } from './cached-translator.js';
import type { ExportFormat, ExportScope, ReportExportRequest, ReportStream, SubmittedReport } from './export-types.js';
import { exportReportPages, loadExportIndex } from './load-export-index.js';
import { writeReportCsv } from './write-report-csv.js';
import { writeReportJson } from './write-report-json.js';
import { writeReportXlsx } from './write-report-xlsx.js';


export { CSV_LOCALES, EXPORT_FORMATS } from './export-types.js';
export type { CsvLocale, ExportFormat, ReportExportRequest, ReportStream } from './export-types.js';

export const EXPORT_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};


export interface ReportExportResult {
  file: string;
  /** A name for the person who downloads it (ASCII), e.g. `bao-cao-annual-2026-xa-an-binh.xlsx`. */
  filename: string;
  mimeType: string;
  /** Reports written (one row per cooperative). */
  rows: number;
  /** Active cooperatives of the area (and sector) that have not submitted. */
  notSubmitted: number;
  bytes: number;
}

/** Reports read from the database per query while writing. */
const PAGE_SIZE = 1000;

const slug = (text: string) =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The file name offered for an export: `bao-cao-<form>-<period>[-<area>][-<sector>][-<statuses>].<format>`,
 * ASCII only (diacritics folded), e.g. `bao-cao-annual-2026-xa-an-binh.xlsx`.
 */
export function exportFilename(req: Pick<ReportExportRequest, 'form' | 'period' | 'scope' | 'sector' | 'status' | 'format'>): string {
  const area = req.scope.commune ?? req.scope.province;
  const parts = ['bao-cao', req.form.id, req.period, area ?? 'toan-quoc', req.sector ?? '', ...(req.status ?? [])];
  return `${parts.map(slug).filter(Boolean).join('-')}.${req.format}`;
}


async function* withProgress(pages: AsyncIterable<SubmittedReport[]>, total: number, onProgress?: (done: number, total: number) => void) {
  let done = 0;
  onProgress?.(0, total);
  for await (const page of pages) {
    yield page;
    done += page.length;
    onProgress?.(done, total);
  }
}

/**
 * Writes the submitted reports of a form and period to `o.file` as CSV (UTF-8 with a byte order
 * mark; `req.csvLocale` `vi` for Excel in Vietnamese, `raw` for scripts), JSON (raw stored values)
 * or XLSX (sheets: the reports, a summary with targets, the cooperatives that have not submitted). One row per cooperative, by commune then name. Reports
 * are read and written a page at a time, so a large export holds little in memory. `onProgress`
 * hears how many reports are written. Writes no audit entry: the caller does (who, scope, rows,
 * format). On failure the partial file is removed.
 */
export async function writeReportExport(
  db: Db,
  req: ReportExportRequest,
  o: { file: string; onProgress?: (done: number, total: number) => void },
): Promise<ReportExportResult> {
  if (req.scope.commune && !req.scope.province) throw new Error('A commune needs its province');
  const scope: ExportScope = {
    form: req.form,
    period: req.period,
    ...(req.scope.province ? { province: req.scope.province } : {}),
    ...(req.scope.commune ? { commune: req.scope.commune } : {}),
    ...(req.sector ? { sector: req.sector } : {}),
    ...(req.status?.length ? { status: req.status } : {}),
    pageSize: PAGE_SIZE,
  };
  req = { ...req, t: cachedTranslator(req.t) };
  const index = await loadExportIndex(db, scope);
  const total = index.reportIds.length;
  const reports: ReportStream = { index, pages: withProgress(exportReportPages(db, scope, index), total, o.onProgress) };
  let written: { rows: number };
  try {
    switch (req.format) {
      case 'csv':
        written = await writeReportCsv(req, reports, o.file);
        break;
      case 'json':
        written = await writeReportJson(req, scope, reports, o.file);
        break;
      case 'xlsx':
        written = await writeReportXlsx(db, req, scope, reports, o.file);
        break;
    }
  } catch (e) {
    await rm(o.file, { force: true });
    throw e;
  }
  return {
    file: o.file,
    filename: exportFilename(req),
    mimeType: EXPORT_MIME[req.format],
    rows: written.rows,
    notSubmitted: index.notSubmitted.length,
    bytes: (await stat(o.file)).size,
  };
}
