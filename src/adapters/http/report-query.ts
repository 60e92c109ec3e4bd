import { z } from 'zod';
import { LOCALES, type Locale } from '../../i18n/i18n.js';
import { INT4_MAX } from '../../lib/int4.js';
import type { ApiOfficer } from '../../services/api-tokens/authenticate-api-token.js';
import { MAX_PAGE_SIZE } from '../../services/exports/list-report-page.js';
import { scopeWithin, type AreaScope } from '../../services/access/officer-scope.js';
import { CSV_LOCALES, type CsvLocale } from '../../services/exports/report-export.js';
import { EXPORT_STATUSES, type ExportStatus } from '../../services/exports/report-table.js';
import type { FormDef } from '../../services/reports/form-definition.js';
import { FORMS, findForm } from '../../services/reports/forms/forms.js';
import { currentPeriod, type ReportSchedule } from '../../services/reports/report-schedule.js';
import { ApiError, refusal } from './api-error.js';
import { apiRegistry } from './api-schemas.js';

/** What the reports API was asked for, within the officer's area. */
export interface ReportQuery {
  form: FormDef;
  period: string;
  scope: AreaScope;
  sector?: string;
  status?: ExportStatus[];
  /** The language of column titles and labels in files (`?lang=`, default vi). */
  locale: Locale;
  /** `?csv_locale=` (CSV, default vi): for Excel in Vietnamese, or `raw` for scripts. */
  csvLocale: CsvLocale;
  /** `?limit=` (JSON pages). */
  limit: number;
  /** `?after=` (JSON pages). */
  after: number;
  /** `?target=`: the id of a target set (summary, XLSX). */
  target?: string;
}

export const DEFAULT_PAGE_SIZE = 100;

const PERIOD = { year: /^\d{4}$/, quarter: /^\d{4}-Q[1-4]$/ } as const;
const EXAMPLE = { year: 'a year, e.g. 2026', quarter: 'a quarter, e.g. 2026-Q3' } as const;
const FORM_IDS = FORMS.map((f) => f.id) as [string, ...string[]];

/** A query parameter given twice is refused (which one would count?); otherwise `what`. */
const once = (what: string) => ({ error: (iss: { input: unknown }) => (Array.isArray(iss.input) ? 'is given more than once' : what) });

/** Text as a query value: no control characters (a NUL could not even be compared with the database's text). */
const text = (what = 'must be text') => z.string(once(what)).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'must not contain control characters' });

/** A whole number in [min, max] from a query value, or undefined. */
function whole(raw: string, min: number, max: number): number | undefined {
  if (!/^\d{1,12}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}
const wholeParam = (min: number, max: number, message: string, doc: { description: string; default: number }) =>
  z
    .string(once(message))
    .refine((s) => whole(s, min, max) !== undefined, { error: message })
    // Documented before the transform: zod leaves a transform's default out of its input schema.
    .register(apiRegistry, { type: 'integer', minimum: min, ...(max < Number.MAX_SAFE_INTEGER ? { maximum: max } : {}), ...doc })
    .transform(Number);

/**
 * Every parameter of the reports API, with its documentation: the OpenAPI description is generated
 * from these (api-routes.ts). Values are trimmed and an empty one counts as absent (see
 * normalizeQuery); a parameter given twice is refused.
 */
const PARAMS = {
  form: z
    .enum(FORM_IDS, once(`must be one of ${FORM_IDS.join(', ')}`))
    .register(apiRegistry, { description: 'The report form (default annual).', default: 'annual' }),
  period: z.string(once('must be a year (2026) or a quarter (2026-Q3)')).register(apiRegistry, {
    description: "A year (`2026`) for the annual form, a quarter (`2026-Q3`) for the quarterly one. Default: the form's current period by the report schedule.",
    pattern: '^\\d{4}(-Q[1-4])?$',
  }),
  province: text().register(apiRegistry, {
    description: "Narrow to a province. Default: the officer's jurisdiction. Another province than the officer's is a 403.",
  }),
  commune: text().register(apiRegistry, {
    description: 'Narrow to one commune of the province. A commune officer reads only their own commune (another is a 403).',
  }),
  sector: text().register(apiRegistry, { description: 'Only cooperatives of this sector (e.g. `agriculture`).' }),
  status: z
    .string(once('must be text'))
    .refine(
      (s) => {
        const list = s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        return list.length > 0 && list.every((x) => (EXPORT_STATUSES as readonly string[]).includes(x));
      },
      { error: `must be one or more of ${EXPORT_STATUSES.join(', ')}, comma-separated` },
    )
    .register(apiRegistry, {
      description: `Only reports in these statuses, comma-separated (${EXPORT_STATUSES.join(', ')}). Default: every submitted report.`,
      examples: ['submitted,accepted'],
    })
    .transform(
      (s) =>
        [
          ...new Set(
            s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
          ),
        ] as ExportStatus[],
    ),
  lang: z
    .enum(LOCALES, once(`must be one of ${LOCALES.join(', ')}`))
    .register(apiRegistry, { description: 'Language of column titles and labels in the file.', default: 'vi' }),
  csv_locale: z.enum(CSV_LOCALES, once(`must be one of ${CSV_LOCALES.join(', ')}`)).register(apiRegistry, {
    description:
      '`vi`: for Excel under Vietnamese settings — `;` separators, decimal comma, Việt Nam time `dd/MM/yyyy HH:mm`, dates `dd/MM/yyyy`, labels, type and size-class columns. `raw`: for scripts — `,` separators, dot decimals, ISO times and dates, sector codes. Both UTF-8 with a byte order mark.',
    default: 'vi',
  }),
  limit: wholeParam(1, MAX_PAGE_SIZE, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`, { description: 'Reports per page.', default: DEFAULT_PAGE_SIZE }),
  after: wholeParam(0, INT4_MAX, 'must be the "next" value of the page before (a whole number)', {
    description: 'The `next` value of the page before (0 or absent: the first page).',
    default: 0,
  }),
  target: text().register(apiRegistry, {
    description: "A target set id (PLAN_TARGETS_FILE) of the area. Default: the area's set for the period's year (the nearest target year at or after it).",
  }),
};

/** The parameters each kind of call takes; any other is refused (a misspelt one would silently widen the answer). */
export const QUERY_PARAMS = {
  page: ['form', 'period', 'province', 'commune', 'sector', 'status', 'limit', 'after'],
  csv: ['form', 'period', 'province', 'commune', 'sector', 'status', 'lang', 'csv_locale'],
  xlsx: ['form', 'period', 'province', 'commune', 'sector', 'status', 'lang', 'target'],
  /** Plan targets are measured on the annual report: always the annual form. */
  summary: ['period', 'province', 'commune', 'target'],
} as const satisfies Record<string, readonly (keyof typeof PARAMS)[]>;
export type QueryKind = keyof typeof QUERY_PARAMS;

/**
 * The query schema of one kind of call: validates the query (400 `invalid_query` naming each bad
 * parameter) and documents it. The period is checked against the form (a year for the annual form,
 * a quarter for the quarterly one).
 */
export function reportQuerySchema(kind: QueryKind) {
  const names: readonly (keyof typeof PARAMS)[] = QUERY_PARAMS[kind];
  const shape = Object.fromEntries(names.map((n) => [n, PARAMS[n].optional()])) as { [K in keyof typeof PARAMS]: z.ZodOptional<(typeof PARAMS)[K]> };
  const schema = z.strictObject(shape).check(
    z.superRefine(
      (q, ctx) => {
        if (typeof q.period !== 'string') return;
        const form = findForm(typeof q.form === 'string' ? q.form : 'annual');
        if (form && !PERIOD[form.periodKind].test(q.period))
          ctx.addIssue({ code: 'custom', path: ['period'], message: `for the ${form.id} form must be ${EXAMPLE[form.periodKind]}` });
      },
      // Also when another parameter failed: every problem is named at once.
      { when: () => true },
    ),
  );
  return refusal(schema, { code: 'invalid_query', short: true, unknownKey: `is not a parameter of this call (known: ${names.join(', ')})` });
}
export type ReportQueryInput = z.output<ReturnType<typeof reportQuerySchema>>;

/** Query values are trimmed, and an empty one counts as absent (`?sector=` is no filter). */
export function normalizeQuery(query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const value = typeof v === 'string' ? v.trim() || undefined : v;
    out[k] = value;
  }
  return out;
}

/**
 * The validated query within the officer's area: `form` (default annual), `period` (default the
 * form's current period by the report schedule), `province`/`commune` narrowed within the officer's
 * jurisdiction (another area is a 403, never silently replaced; a commune without a province a 400).
 */
export function readReportQuery(kind: QueryKind, q: ReportQueryInput, officer: ApiOfficer, now: Date, schedule: ReportSchedule): ReportQuery {
  const form = findForm((kind === 'summary' ? undefined : q.form) ?? 'annual')!;
  const area = scopeWithin(officer, { province: q.province, commune: q.commune });
  if (!area.ok) {
    if (area.reason === 'commune_needs_province')
      throw new ApiError(400, 'invalid_query', undefined, { issues: [{ at: 'commune', message: 'needs province' }] });
    const yours = [officer.commune, officer.province].filter(Boolean).join(', ');
    throw new ApiError(403, 'outside_jurisdiction', `this token reads reports of ${yours} only`, {
      fields: { jurisdiction: { province: officer.province, commune: officer.commune } },
    });
  }
  return {
    form,
    period: q.period ?? currentPeriod(form, now, schedule),
    scope: area.scope,
    ...(q.sector ? { sector: q.sector } : {}),
    ...(q.status ? { status: q.status } : {}),
    locale: q.lang ?? 'vi',
    csvLocale: q.csv_locale ?? 'vi',
    limit: q.limit ?? DEFAULT_PAGE_SIZE,
    after: q.after ?? 0,
    ...(q.target ? { target: q.target } : {}),
  };
}

/** The area as the audit log and the answers show it. */
export const scopeDetails = (s: AreaScope) => ({ province: s.province ?? null, commune: s.commune ?? null });
