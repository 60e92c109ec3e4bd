import type { CooperativeKind, CooperativeStatus, ReportStatus } from '../../generated/prisma/enums.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { AreaScope } from '../access/officer-scope.js';
import type { Answers, FormDef } from '../reports/form-definition.js';
import type { TargetSet } from '../targets/plan-targets.js';

// The shapes an export is made of, shared by the query, the index and the three writers (so that
// none of them imports another's module for a type).

/** The statuses of a report that was submitted at least once (`revision > 0`). */
export const EXPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** Which reports to export: one form and period, in a province (or one commune of it; none: all). */
export interface ExportScope {
  form: FormDef;
  period: string;
  province?: string;
  commune?: string;
  /** Only cooperatives of this sector (e.g. `agriculture`; none: every sector). */
  sector?: string;
  /** Only reports in these statuses (default: every submitted one). */
  status?: ExportStatus[];
  /** Reports read per query (default 1,000), so a large export never loads in one query. */
  pageSize?: number;
}

export interface ExportCooperative {
  id: number;
  name: string;
  registrationCode: string | null;
  province: string;
  commune: string | null;
  sector: string;
}

/** A submitted report with its cooperative; `answers` are the last submitted values, read through the form. */
export interface SubmittedReport {
  id: number;
  cooperative: ExportCooperative;
  status: ReportStatus;
  revision: number;
  submittedAt: Date | null;
  formVersion: number | null;
  answers: Answers;
}

/** A cooperative that has not submitted, with what a spreadsheet of them shows. */
export type NotSubmittedCooperative = ExportCooperative & { kind: CooperativeKind };

/** A cooperative of an export's area. */
export interface CooperativeRow extends ExportCooperative {
  kind: CooperativeKind;
  status: CooperativeStatus;
}

/** What an export needs to know before it writes a row. */
export interface ExportIndex {
  /** The ids of the reports to write, by commune then cooperative name. */
  reportIds: number[];
  /** The cooperatives of the area (and sector), by id. */
  cooperatives: Map<number, CooperativeRow>;
  /** Active cooperatives of the area (and sector) with no submitted report, by commune then name (whatever the status filter). */
  notSubmitted: NotSubmittedCooperative[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * How a CSV is written. `vi` (the default): for Excel under Vietnamese settings — semicolons, a
 * decimal comma, Vietnam-local `dd/MM/yyyy HH:mm` times and `dd/MM/yyyy` dates, labels (sector,
 * type, status, options) and the type and size-class columns. `raw`: for scripts — the report
 * table as it has always been written (commas, dot decimals, ISO times and days, sector codes).
 * Both start with a UTF-8 byte order mark.
 */
export const CSV_LOCALES = ['vi', 'raw'] as const;
export type CsvLocale = (typeof CSV_LOCALES)[number];

/** What to export: one form and period in an area, optionally one sector and some statuses. */
export interface ReportExportRequest {
  form: FormDef;
  period: string;
  /** Already narrowed to what the officer may read (see scopeWithin). A commune needs its province. */
  scope: AreaScope;
  /** Only cooperatives of this sector (e.g. `agriculture`). */
  sector?: string;
  /** Only reports in these statuses (default: every submitted one). */
  status?: ExportStatus[];
  format: ExportFormat;
  /** How a CSV is written (default `vi`); other formats ignore it. */
  csvLocale?: CsvLocale;
  locale: Locale;
  t: T;
  /** The plan targets the XLSX summary compares with (null or absent: actual figures only). */
  targetSet?: TargetSet | null;
}

/** The reports of an export, read page by page in the order they are written (commune, then name). */
export interface ReportStream {
  index: ExportIndex;
  pages: AsyncIterable<SubmittedReport[]>;
}
