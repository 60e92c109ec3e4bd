import type ExcelJS from 'exceljs';
import type { CooperativeKind } from '../../generated/prisma/enums.js';
import { vnWallClock } from '../../lib/vn-time.js';
import { parsePeriodId } from '../reports/report-schedule.js';
import type { PlanSummary } from '../targets/compute-plan-summary.js';
import type { ReportExportRequest } from './export-types.js';
import { byCommuneThenName, statusLabel, type ExportScope, type ExportStatus } from './report-table.js';
import { sectorLabel } from './sector-label.js';
import { BOLD_STYLE, HEADER_STYLE, NOTE_STYLE, NUMBER_FORMAT, SECTION_STYLE, TITLE_STYLE } from './xlsx-styles.js';

export interface ExportSummary {
  req: ReportExportRequest;
  scope: ExportScope;
  /**
   * Active cooperatives of the area (and sector) by commune: by type, all types together (`active`),
   * and how many of them (of any type) have not submitted.
   */
  byCommune: { commune: string | null; byKind: Record<CooperativeKind, number>; active: number; notSubmitted: number }[];
  /** Reports written to the file, by status. */
  byStatus: { status: ExportStatus; reports: number }[];
  /** Plan indicators against targets (the annual report only). */
  plan: PlanSummary | null;
}

type Value = ExcelJS.CellValue | undefined;
/** A cell: a value, or a value and its style. */
type Put = Value | [Value, Partial<ExcelJS.Style>];

const COUNT: Partial<ExcelJS.Style> = { numFmt: NUMBER_FORMAT.count };
const PERCENT: Partial<ExcelJS.Style> = { numFmt: NUMBER_FORMAT.percent };
const DATETIME: Partial<ExcelJS.Style> = { numFmt: NUMBER_FORMAT.datetime, alignment: { horizontal: 'left' } };
const TOTAL_COUNT: Partial<ExcelJS.Style> = { ...COUNT, font: { bold: true } };
const TOTAL_PERCENT: Partial<ExcelJS.Style> = { ...PERCENT, font: { bold: true } };

function put(ws: ExcelJS.Worksheet, cells: Put[] = []) {
  const row = ws.addRow(cells.map((c) => (Array.isArray(c) ? c[0] : c)));
  cells.forEach((c, i) => {
    if (Array.isArray(c) && c[0] !== undefined) row.getCell(i + 1).style = c[1];
  });
  row.commit();
}

/** The types of cooperative, in the order the summary shows them. */
const KINDS: readonly CooperativeKind[] = ['cooperative', 'union', 'group'];

const share = (part: number, whole: number) => (whole ? part / whole : undefined);

/**
 * The "Tổng hợp" sheet: what the file holds (area, sector, statuses, when), submissions by commune,
 * the reports by status, and the plan indicators against their targets.
 */
export function addSummarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: ExportSummary): void {
  const { t, form } = s.req;
  const ws = wb.addWorksheet(t('exports.sheets.summary'));
  ws.columns = [{ width: 46 }, { width: 18 }, { width: 16 }, { width: 18 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];

  const p = parsePeriodId(s.req.period);
  put(ws, [[t(`forms.${form.id}.named`, { year: p?.year, quarter: p?.quarter }), TITLE_STYLE]]);
  const area = s.scope.commune
    ? t('exports.summary.scope_commune', { commune: s.scope.commune, province: s.scope.province })
    : s.scope.province
      ? t('exports.summary.scope_province', { province: s.scope.province })
      : t('exports.summary.scope_country');
  put(ws, [[t('exports.summary.scope'), BOLD_STYLE], area]);
  put(ws, [[t('exports.summary.sector'), BOLD_STYLE], s.scope.sector ? sectorLabel(t, s.scope.sector) : t('exports.summary.sector_all')]);
  put(ws, [[t('exports.summary.status'), BOLD_STYLE], s.scope.status ? s.scope.status.map((x) => statusLabel(t, x)).join('; ') : t('exports.summary.status_all')]);
  put(ws, [[t('exports.summary.generated_at'), BOLD_STYLE], [vnWallClock(new Date()), DATETIME]]);
  put(ws);

  // Submissions by commune: HTX, unions and groups apart, then all active ones (whom "submitted" counts).
  put(ws, [[t('exports.summary.by_commune'), SECTION_STYLE]]);
  put(
    ws,
    [
      t('exports.summary.commune'),
      ...KINDS.map((k) => t(`exports.summary.active_kind.${k}`)),
      t('exports.summary.active'),
      t('exports.summary.submitted'),
      t('exports.summary.not_submitted'),
      t('exports.summary.rate'),
    ].map((h): Put => [h, HEADER_STYLE]),
  );
  const communes = [...s.byCommune].sort((a, b) => byCommuneThenName({ id: 0, name: '', commune: a.commune }, { id: 0, name: '', commune: b.commune }));
  const byKind: Record<CooperativeKind, number> = { cooperative: 0, union: 0, group: 0 };
  let active = 0;
  let missing = 0;
  for (const c of communes) {
    for (const k of KINDS) byKind[k] += c.byKind[k];
    active += c.active;
    missing += c.notSubmitted;
    const done = c.active - c.notSubmitted;
    put(ws, [
      c.commune ?? t('exports.summary.no_commune'),
      ...KINDS.map((k): Put => [c.byKind[k], COUNT]),
      [c.active, COUNT],
      [done, COUNT],
      [c.notSubmitted, COUNT],
      [share(done, c.active), PERCENT],
    ]);
  }
  put(ws, [
    [t('exports.summary.total'), BOLD_STYLE],
    ...KINDS.map((k): Put => [byKind[k], TOTAL_COUNT]),
    [active, TOTAL_COUNT],
    [active - missing, TOTAL_COUNT],
    [missing, TOTAL_COUNT],
    [share(active - missing, active), TOTAL_PERCENT],
  ]);
  put(ws);

  // Reports in the file by status.
  put(ws, [[t('exports.summary.by_status'), SECTION_STYLE]]);
  put(ws, [
    [t('exports.summary.status'), HEADER_STYLE],
    [t('exports.summary.reports'), HEADER_STYLE],
  ]);
  for (const x of s.byStatus) put(ws, [statusLabel(t, x.status), [x.reports, COUNT]]);
  put(ws, [
    [t('exports.summary.total'), BOLD_STYLE],
    [s.byStatus.reduce((n, x) => n + x.reports, 0), TOTAL_COUNT],
  ]);

  // Plan indicators against targets.
  if (s.plan) {
    put(ws);
    const set = s.plan.targetSet;
    put(ws, [[set ? t('exports.summary.targets', { name: set.name }) : t('exports.summary.targets_none'), SECTION_STYLE]]);
    if (s.scope.sector || s.scope.status) put(ws, [[t('exports.summary.targets_filtered'), NOTE_STYLE]]);
    put(
      ws,
      [
        t('exports.summary.indicator'),
        t('exports.summary.actual'),
        t('exports.summary.target'),
        t('exports.summary.met'),
        t('exports.summary.numerator'),
        t('exports.summary.denominator'),
      ].map((h): Put => [h, HEADER_STYLE]),
    );
    for (const i of s.plan.indicators) {
      const percent = i.unit === 'percent';
      const figure = (v: number | null): Put => (v === null ? undefined : percent ? [v / 100, PERCENT] : [v, COUNT]);
      const met = i.target === null ? t('exports.summary.no_target') : i.met === null ? t('exports.summary.met_unknown') : t(i.met ? 'exports.summary.met_yes' : 'exports.summary.met_no');
      put(ws, [
        t(`targets.indicators.${i.key}`),
        figure(i.actual),
        figure(i.target),
        met,
        i.numerator === null ? undefined : [i.numerator, COUNT],
        i.denominator === null ? undefined : [i.denominator, COUNT],
      ]);
    }
  }
  ws.commit();
}
