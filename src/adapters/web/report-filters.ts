import type { AreaScope } from '../../services/access/officer-scope.js';
import { EXPORT_STATUSES, type ExportStatus } from '../../services/exports/report-table.js';
import type { FormDef } from '../../services/reports/form-definition.js';
import { findForm } from '../../services/reports/forms/forms.js';
import { currentPeriod, previousPeriod } from '../../services/reports/report-schedule.js';
import type { HttpResponse } from '../http/http-server.js';
import type { WebContext } from './web-context.js';

/** What the reports page and its downloads were asked for, within the officer's area. */
export interface ReportFilters {
  form: FormDef;
  period: string;
  /** The periods the period filter offers (the current one and the three before). */
  periods: string[];
  scope: AreaScope;
  sector?: string;
  status?: ExportStatus;
}

const PERIOD = { year: /^\d{4}$/, quarter: /^\d{4}-Q[1-4]$/ } as const;
const PERIODS_SHOWN = 4;

/**
 * Reads `?form=&period=&province=&commune=&sector=&status=` (the same for the page and its
 * downloads). A bad value is a 400 page naming it; an area outside the officer's a 403.
 */
export async function readReportFilters(ctx: WebContext): Promise<{ ok: true; filters: ReportFilters } | { ok: false; response: HttpResponse }> {
  const { t, deps } = ctx;
  const get = (k: string) => ctx.req.query.get(k)?.trim() || undefined;
  const bad = (message: string) => ({ ok: false as const, response: ctx.problem(400, 'reports', t('dashboard.web.bad_request_title'), message) });
  const area = ctx.area();
  if (!area.ok) return { ok: false, response: area.response };
  const form = findForm(get('form') ?? 'annual');
  if (!form) return bad(t('dashboard.web.bad_form'));
  const current = currentPeriod(form, ctx.now, deps.reportSchedule);
  const asked = get('period');
  if (asked && !PERIOD[form.periodKind].test(asked)) return bad(t('dashboard.web.bad_period', { example: current }));
  const period = asked ?? (await deps.services.latestReportPeriod({ form, scope: area.scope, upTo: current })) ?? current;
  const periods = [current];
  while (periods.length < PERIODS_SHOWN) periods.push(previousPeriod(periods.at(-1)!));
  if (!periods.includes(period)) periods.push(period);
  const status = get('status');
  if (status && !(EXPORT_STATUSES as readonly string[]).includes(status)) return bad(t('dashboard.web.bad_status'));
  const sector = get('sector');
  return {
    ok: true,
    filters: { form, period, periods, scope: area.scope, ...(sector ? { sector } : {}), ...(status ? { status: status as ExportStatus } : {}) },
  };
}

/** The filters as query parameters (for links: paging, downloads). */
export function filterParams(f: ReportFilters): Record<string, string | undefined> {
  return { form: f.form.id, period: f.period, province: f.scope.province, commune: f.scope.commune, sector: f.sector, status: f.status };
}
