import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { CooperativeKind, ReportStatus } from '../../generated/prisma/enums.js';
import type { Locale, T } from '../../i18n/i18n.js';
import { isVisible, type AnswerValue, type Answers, type FieldDef, type FormDef } from '../reports/form-definition.js';
import { cooperativesIn } from '../access/report-access.js';
import { readAnswers } from '../reports/load-report-answers.js';
import type { ExportCooperative, ExportScope, ExportStatus, NotSubmittedCooperative, SubmittedReport } from './export-types.js';
import { queryReportsWithCooperative, querySubmittedIds, type ReportRow } from './query-report-rows.js';





export { EXPORT_STATUSES } from './export-types.js';
export type { ExportCooperative, ExportScope, ExportStatus, NotSubmittedCooperative, SubmittedReport } from './export-types.js';

export type Cell = string | number | boolean | null;

export interface ReportTable {
  headers: string[];
  rows: Cell[][];
  /** Active cooperatives in the scope that have not submitted this form for this period. */
  notSubmitted: { id: number; name: string; commune: string | null }[];
}

const PAGE_SIZE = 1000;

/** The columns before the form's fields; titles in `reports.export_columns.<column>`. */
export const FIXED_COLUMNS = ['id', 'name', 'registration_code', 'province', 'commune', 'sector', 'status', 'revision', 'submitted_at'] as const;

function scopeFilter(s: ExportScope): Prisma.CooperativeWhereInput {
  // cooperativesIn ignores a commune without its province: refuse rather than export the country.
  if (s.commune && !s.province) throw new Error('A commune needs its province');
  return { ...cooperativesIn({ province: s.province ?? null, commune: s.commune ?? null }), ...(s.sector ? { sector: s.sector } : {}) };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Commune (cooperatives without one last), then name, then id. */
export function byCommuneThenName(a: { id: number; name: string; commune: string | null }, b: { id: number; name: string; commune: string | null }): number {
  if (a.commune !== b.commune) {
    if (a.commune === null) return 1;
    if (b.commune === null) return -1;
    const c = collator.compare(a.commune, b.commune);
    if (c) return c;
  }
  return collator.compare(a.name, b.name) || a.id - b.id;
}

/** A stored report with its cooperative, its answers read through the form. */
export function submittedReport(form: FormDef, r: ReportRow, cooperative: ExportCooperative): SubmittedReport {
  return { id: r.id, cooperative, status: r.status, revision: r.revision, submittedAt: r.submittedAt, formVersion: r.formVersion, answers: readAnswers(form, r.answers) };
}

/**
 * Submitted reports of the scope, one page (by ascending id) at a time: the ids first (one light
 * query), then each page by its ids, the next page read while this one is used.
 */
export async function* submittedReportPages(db: Db, s: ExportScope): AsyncGenerator<SubmittedReport[]> {
  const take = s.pageSize ?? PAGE_SIZE;
  const ids = await querySubmittedIds(db, s);
  let next = ids.length ? queryReportsWithCooperative(db, ids.slice(0, take)) : null;
  for (let i = 0; i < ids.length; i += take) {
    const found = await next!;
    next = i + take < ids.length ? queryReportsWithCooperative(db, ids.slice(i + take, i + 2 * take)) : null;
    next?.catch(() => {});
    found.sort((a, b) => a.id - b.id);
    yield found.map((r) => submittedReport(s.form, r, r.cooperative));
  }
}

/** Every submitted report of the scope, by commune then cooperative name. */
export async function loadSubmittedReports(db: Db, s: ExportScope): Promise<SubmittedReport[]> {
  const all: SubmittedReport[] = [];
  for await (const page of submittedReportPages(db, s)) all.push(...page);
  return all.sort((a, b) => byCommuneThenName(a.cooperative, b.cooperative));
}

/**
 * Active cooperatives of the scope with no submitted report on the form for the period (whatever
 * the `status` filter: a cooperative whose report was accepted has submitted), by commune then name.
 */
export async function listNotSubmitted(db: Db, s: ExportScope): Promise<ReportTable['notSubmitted']> {
  return (await listNotSubmittedCooperatives(db, s)).map(({ id, name, commune }) => ({ id, name, commune }));
}


/**
 * {@link listNotSubmitted}, with each cooperative's registration code, province, sector and kind.
 * Two plain queries (the active cooperatives, the ids of those that submitted) compared here: a
 * "has no such report" filter in SQL took minutes on 10,000 cooperatives.
 */
export async function listNotSubmittedCooperatives(db: Db, s: ExportScope): Promise<NotSubmittedCooperative[]> {
  const take = s.pageSize ?? PAGE_SIZE;
  const submitted = db.report.findMany({
    where: { form: s.form.id, period: s.period, revision: { gt: 0 }, cooperative: scopeFilter(s) },
    select: { cooperativeId: true },
  });
  submitted.catch(() => {});
  const active: Prisma.CooperativeWhereInput = { ...scopeFilter(s), status: 'active' };
  const all: NotSubmittedCooperative[] = [];
  let after = 0;
  for (;;) {
    const page = await db.cooperative.findMany({
      where: { ...active, id: { gt: after } },
      orderBy: { id: 'asc' },
      take,
      select: { id: true, name: true, registrationCode: true, province: true, commune: true, sector: true, kind: true },
    });
    all.push(...page);
    if (page.length < take) break;
    after = page[page.length - 1]!.id;
  }
  const done = new Set((await submitted).map((r) => r.cooperativeId));
  return all.filter((c) => !done.has(c.id)).sort(byCommuneThenName);
}

/** A status as a person reads it, without the decoration the chat shows (✅, ↩️). */
export function statusLabel(t: T, status: ReportStatus): string {
  return t(`reports.status.${status}`).replace(/^[\p{Extended_Pictographic}\uFE0F\u200D\s]+/u, '');
}

function optionLabel(t: T, form: FormDef, f: FieldDef, value: string): string {
  return t(`forms.${form.id}.fields.${f.key}.options.${value}`);
}

/**
 * One answer as a spreadsheet cell: numbers raw (whole VND, counts, percents) so they can be summed,
 * option labels, "; "-joined labels for several options, Có/Không, ISO dates, text as typed; null
 * for a skipped or absent answer, and for a text answered "none" ('': nothing to report, so a
 * spreadsheet counts only the cooperatives that wrote something).
 */
export function answerCell(t: T, form: FormDef, f: FieldDef, v: AnswerValue | null | undefined): Cell {
  if (v === undefined || v === null || v === '') return null;
  switch (f.type) {
    case 'integer':
    case 'money':
    case 'percent':
      return v as number;
    case 'choice':
      return optionLabel(t, form, f, String(v));
    case 'multi': {
      // A loop rather than map(): exports call this for every answer of thousands of reports.
      let text = '';
      for (const value of v as string[]) text += (text ? '; ' : '') + optionLabel(t, form, f, value);
      return text;
    }
    case 'yesno':
      return t(v ? 'reports.yes' : 'reports.no');
    case 'date':
    case 'text':
      return String(v);
  }
}

/** The column titles: the cooperative and report columns, then each field's label. */
export function reportTableHeaders(form: FormDef, t: T, locale: Locale): string[] {
  return [...FIXED_COLUMNS.map((c) => t(`reports.export_columns.${c}`)), ...form.fields.map((f) => t(`forms.${form.id}.fields.${f.key}.label`))];
}

/** One report as a table row (a field hidden by the form's skip logic is left empty). */
export function reportTableRow(form: FormDef, r: SubmittedReport, t: T): Cell[] {
  const c = r.cooperative;
  const row: Cell[] = [c.id, c.name, c.registrationCode, c.province, c.commune, c.sector, statusLabel(t, r.status), r.revision, r.submittedAt?.toISOString() ?? null];
  for (const f of form.fields) row.push(isVisible(f, r.answers) ? answerCell(t, form, f, r.answers[f.key]) : null);
  return row;
}

/**
 * The submitted reports of one form and period as a table (one row per cooperative, by commune then
 * name), for officers' spreadsheets; plus the active cooperatives that have not submitted.
 */
export async function buildReportTable(db: Db, o: ExportScope & { t: T; locale: Locale }): Promise<ReportTable> {
  const reports = await loadSubmittedReports(db, o);
  return {
    headers: reportTableHeaders(o.form, o.t, o.locale),
    rows: reports.map((r) => reportTableRow(o.form, r, o.t)),
    notSubmitted: await listNotSubmitted(db, o),
  };
}
