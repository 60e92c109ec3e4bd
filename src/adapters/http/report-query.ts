import { LOCALES, type Locale } from '../../i18n/i18n.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import { MAX_PAGE_SIZE } from '../../services/exports/list-report-page.js';
import { scopeWithin, type AreaScope } from '../../services/exports/officer-scope.js';
import { EXPORT_STATUSES, type ExportStatus } from '../../services/exports/report-table.js';
import type { FormDef } from '../../services/reports/form-definition.js';
import { FORMS, findForm } from '../../services/reports/forms/forms.js';
import { currentPeriod, type ReportSchedule } from '../../services/reports/report-schedule.js';
import type { HttpResponse } from './http-server.js';
import { json } from './officer-call.js';

/** What the reports API was asked for, within the officer's area. */
export interface ReportQuery {
  form: FormDef;
  period: string;
  scope: AreaScope;
  sector?: string;
  status?: ExportStatus[];
  /** The language of column titles and labels in files (`?lang=`, default vi). */
  locale: Locale;
  /** `?limit=` (JSON pages). */
  limit: number;
  /** `?after=` (JSON pages). */
  after: number;
  /** `?target=`: the id of a target set (summary, XLSX). */
  target?: string;
}

export type QueryResult = { ok: true; query: ReportQuery } | { ok: false; response: HttpResponse; error: string };

export const DEFAULT_PAGE_SIZE = 100;

/** The parameters each kind of call takes; any other is refused (a misspelt one would silently widen the answer). */
export const QUERY_PARAMS = {
  page: ['form', 'period', 'province', 'commune', 'sector', 'status', 'limit', 'after'],
  csv: ['form', 'period', 'province', 'commune', 'sector', 'status', 'lang'],
  xlsx: ['form', 'period', 'province', 'commune', 'sector', 'status', 'lang', 'target'],
  /** Plan targets are measured on the annual report: always the annual form. */
  summary: ['period', 'province', 'commune', 'target'],
} as const;
export type QueryKind = keyof typeof QUERY_PARAMS;

const PERIOD = { year: /^\d{4}$/, quarter: /^\d{4}-Q[1-4]$/ } as const;
const EXAMPLE = { year: 'a year, e.g. 2026', quarter: 'a quarter, e.g. 2026-Q3' } as const;

/** A whole number in [min, max] from a query value, or undefined. */
function whole(raw: string, min: number, max: number): number | undefined {
  if (!/^\d{1,12}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/**
 * Reads a reports API query: `form` (default annual), `period` (default the form's current period
 * by the report schedule), `province`/`commune` (narrowed within the officer's jurisdiction: another
 * area is a 403, never silently replaced), `sector`, `status` (comma-separated), `lang`, and for
 * pages `limit` (1–1000, default 100) and `after`. Problems are a 400 naming each parameter.
 */
export function readReportQuery(kind: QueryKind, params: URLSearchParams, officer: ApiOfficer, now: Date, schedule: ReportSchedule): QueryResult {
  const issues: { at: string; message: string }[] = [];
  const allowed: readonly string[] = QUERY_PARAMS[kind];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!allowed.includes(key)) issues.push({ at: key, message: `is not a parameter of this call (known: ${allowed.join(', ')})` });
    else if (seen.has(key)) issues.push({ at: key, message: 'is given more than once' });
    seen.add(key);
  }
  const get = (key: string) => params.get(key)?.trim() || undefined;

  const formId = (kind === 'summary' ? undefined : get('form')) ?? 'annual';
  const form = findForm(formId);
  if (!form) issues.push({ at: 'form', message: `must be one of ${FORMS.map((f) => f.id).join(', ')}` });
  let period = get('period');
  if (form) {
    if (period === undefined) period = currentPeriod(form, now, schedule);
    else if (!PERIOD[form.periodKind].test(period)) issues.push({ at: 'period', message: `for the ${form.id} form must be ${EXAMPLE[form.periodKind]}` });
  }
  const lang = get('lang') ?? 'vi';
  const locale = LOCALES.find((l) => l === lang);
  if (!locale) issues.push({ at: 'lang', message: `must be one of ${LOCALES.join(', ')}` });
  let status: ExportStatus[] | undefined;
  const statusRaw = get('status');
  if (statusRaw !== undefined) {
    const list = statusRaw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((s) => !(EXPORT_STATUSES as readonly string[]).includes(s));
    if (bad.length || !list.length) issues.push({ at: 'status', message: `must be one or more of ${EXPORT_STATUSES.join(', ')}, comma-separated` });
    else status = [...new Set(list)] as ExportStatus[];
  }
  const limitRaw = get('limit');
  const limit = limitRaw === undefined ? DEFAULT_PAGE_SIZE : whole(limitRaw, 1, MAX_PAGE_SIZE);
  if (limit === undefined) issues.push({ at: 'limit', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
  const afterRaw = get('after');
  const after = afterRaw === undefined ? 0 : whole(afterRaw, 0, Number.MAX_SAFE_INTEGER);
  if (after === undefined) issues.push({ at: 'after', message: 'must be the "next" value of the page before (a whole number)' });

  if (issues.length) return { ok: false, error: 'invalid_query', response: json(400, { error: 'invalid_query', issues }) };

  const area = scopeWithin(officer, { province: get('province'), commune: get('commune') });
  if (!area.ok) {
    if (area.reason === 'commune_needs_province') {
      return { ok: false, error: 'invalid_query', response: json(400, { error: 'invalid_query', issues: [{ at: 'commune', message: 'needs province' }] }) };
    }
    const yours = [officer.commune, officer.province].filter(Boolean).join(', ');
    return {
      ok: false,
      error: 'outside_jurisdiction',
      response: json(403, { error: 'outside_jurisdiction', message: `this token reads reports of ${yours} only`, jurisdiction: { province: officer.province, commune: officer.commune } }),
    };
  }
  const sector = get('sector');
  const target = get('target');
  return {
    ok: true,
    query: {
      form: form!,
      period: period!,
      scope: area.scope,
      ...(sector ? { sector } : {}),
      ...(status ? { status } : {}),
      locale: locale!,
      limit: limit!,
      after: after!,
      ...(target ? { target } : {}),
    },
  };
}

/** The area as the audit log and the answers show it. */
export const scopeDetails = (s: AreaScope) => ({ province: s.province ?? null, commune: s.commune ?? null });
