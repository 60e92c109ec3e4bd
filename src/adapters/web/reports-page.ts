import { formatMoney } from '../../lib/format-number.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import type { DashboardReportRow } from '../../services/dashboard/list-dashboard-reports.js';
import { answerCell, EXPORT_STATUSES, statusLabel } from '../../services/exports/report-table.js';
import type { FieldDef, FormDef } from '../../services/reports/form-definition.js';
import { FORMS } from '../../services/reports/forms/forms.js';
import type { HttpResponse } from '../http/http-server.js';
import { html } from './html.js';
import { filterButton, formatCount, queryString, scrollTable, selectField } from './page-parts.js';
import { filterParams, readReportFilters } from './report-filters.js';
import { areaLabel, type WebContext } from './web-context.js';

export const PAGE_SIZE = 25;

/** A few figures per form shown in the table (the downloads have every field). */
const KEY_FIGURES: Record<FormDef['id'], string[]> = {
  annual: ['members', 'revenue', 'profit', 'rating'],
  quarterly: ['members', 'quarter_revenue'],
};

/**
 * GET /dashboard/reports: the submitted reports of a form and period in the officer's area, with
 * filters (a GET form), paging (`?page=`) and download links for the same selection.
 */
export async function reportsPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps } = ctx;
  const read = await readReportFilters(ctx);
  if (!read.ok) return read.response;
  const f = read.filters;
  const pageRaw = ctx.req.query.get('page') ?? '1';
  const page = /^\d{1,6}$/.test(pageRaw) && Number(pageRaw) >= 1 ? Number(pageRaw) : 1;
  const [{ rows, total }, choices] = await Promise.all([
    deps.services.listDashboardReports({
      form: f.form,
      period: f.period,
      scope: f.scope,
      sector: f.sector,
      status: f.status ? [f.status] : undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    deps.services.listAreaChoices({ province: f.scope.province ?? null, national: !officer.province }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const fields = KEY_FIGURES[f.form.id].map((k) => f.form.fields.find((x) => x.key === k)).filter((x): x is FieldDef => !!x);
  const sectorName = (s: string) => t(`announcements.sector.${s}`, { defaultValue: s });
  const cell = (r: DashboardReportRow, field: FieldDef) => {
    const v = r.answers[field.key];
    if (field.type === 'money' && typeof v === 'number') return html`<td class="num">${formatMoney(v, locale)}</td>`;
    if ((field.type === 'integer' || field.type === 'percent') && typeof v === 'number') return html`<td class="num">${formatCount(v, locale)}</td>`;
    const shown = answerCell(t, f.form, field, v);
    return html`<td>${shown === null ? '—' : String(shown)}</td>`;
  };

  const filters = html`<form class="filters" method="get" action="/dashboard/reports">
    ${selectField(
      'form',
      t('dashboard.web.filters.form'),
      FORMS.map((x) => ({ value: x.id, label: t(`dashboard.web.forms.${x.id}`) })),
      f.form.id,
    )}
    ${selectField(
      'period',
      t('dashboard.web.filters.period'),
      f.periods.map((p) => ({ value: p, label: p })),
      f.period,
    )}
    ${officer.province ? '' : selectField('province', t('dashboard.web.filters.province'), [{ value: '', label: t('dashboard.web.area_country') }, ...choices.provinces.map((p) => ({ value: p, label: p }))], f.scope.province)}
    ${officer.commune || !f.scope.province ? '' : selectField('commune', t('dashboard.web.filters.commune'), [{ value: '', label: t('dashboard.web.all_communes') }, ...choices.communes.map((x) => ({ value: x, label: x }))], f.scope.commune)}
    ${selectField('sector', t('dashboard.web.filters.sector'), [{ value: '', label: t('dashboard.web.all_sectors') }, ...choices.sectors.map((s) => ({ value: s, label: sectorName(s) }))], f.sector)}
    ${selectField('status', t('dashboard.web.filters.status'), [{ value: '', label: t('dashboard.web.all_statuses') }, ...EXPORT_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))], f.status)}
    ${filterButton(t)}
  </form>`;
  const params = filterParams(f);
  const pager =
    pages > 1
      ? html`<div class="pager">${page > 1 ? html`<a href="${`/dashboard/reports${queryString({ ...params, page: page - 1 })}`}" rel="prev">${t('dashboard.web.reports.prev')}</a>` : ''}
        <span>${t('dashboard.web.reports.page', { page, pages })}</span>
        ${page < pages ? html`<a href="${`/dashboard/reports${queryString({ ...params, page: page + 1 })}`}" rel="next">${t('dashboard.web.reports.next')}</a>` : ''}</div>`
      : '';
  const body = html`
  ${filters}
  <p class="muted" id="report-count">${t('dashboard.web.reports.count', { count: total, area: areaLabel(t, f.scope), period: f.period })}</p>
  <div class="downloads">
    <a class="button" id="download-xlsx" href="${`/dashboard/reports.xlsx${queryString(params)}`}" download>${t('dashboard.web.reports.download_xlsx')}</a>
    <a class="button" id="download-csv" href="${`/dashboard/reports.csv${queryString(params)}`}" download>${t('dashboard.web.reports.download_csv')}</a>
  </div>
  ${scrollTable(
    t('dashboard.web.reports.table', { form: t(`dashboard.web.forms.${f.form.id}`), period: f.period }),
    html`<tr><th scope="col">${t('dashboard.web.columns.cooperative')}</th><th scope="col">${t('dashboard.web.columns.commune')}</th><th scope="col">${t('dashboard.web.columns.sector')}</th><th scope="col">${t('dashboard.web.columns.status')}</th><th scope="col">${t('dashboard.web.columns.submitted_at')}</th>${fields.map(
      (x) => html`<th scope="col"${x.type === 'choice' ? '' : html` class="num"`}>${t(`forms.${f.form.id}.fields.${x.key}.label`)}</th>`,
    )}</tr>`,
    rows.length
      ? rows.map(
          (r) =>
            html`<tr data-report="${r.id}"><th scope="row"><a href="${`/dashboard/reports/${r.id}`}">${r.cooperative.name}</a></th><td>${r.cooperative.commune ?? t('dashboard.web.no_commune')}</td><td>${sectorName(r.cooperative.sector)}</td><td>${statusLabel(t, r.status)}</td><td>${
              r.submittedAt ? vnDateTimeText(r.submittedAt) : '—'
            }</td>${fields.map((x) => cell(r, x))}</tr>`,
        )
      : [html`<tr><td colspan="${5 + fields.length}">${t('dashboard.web.reports.none')}</td></tr>`],
    'table-reports',
  )}
  ${pager}`;
  return ctx.page('reports', { title: t('dashboard.web.reports.title'), body });
}
