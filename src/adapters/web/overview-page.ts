import { FORMS } from '../../services/reports/forms/forms.js';
import { currentPeriod, previousPeriod } from '../../services/reports/report-schedule.js';
import { targetSetForPeriod, targetSetsFor } from '../../services/targets/plan-targets.js';
import type { HttpResponse } from '../http/http-server.js';
import { html } from './html.js';
import { filterButton, formatCount, formatPercent, headerRow, scrollTable, selectField } from './page-parts.js';
import { CHART_JS_PATH, DASHBOARD_JS_PATH } from './static-routes.js';
import { areaLabel, type WebContext } from './web-context.js';

const annual = FORMS.find((f) => f.id === 'annual')!;
/** Annual periods offered in the period filter, counting back from the current one. */
const PERIODS_SHOWN = 4;

const rate = (submitted: number, active: number) => (active ? Math.round((submitted / active) * 1000) / 10 : null);

/**
 * GET /dashboard: the officer's area for an annual period — cooperatives and reports submitted,
 * the submission rate by commune, and the plan indicators against their targets, as charts
 * (drawn by /static/dashboard.js from the page's JSON block) and as tables with the same numbers.
 * `?period=` (default: the latest with a submitted report), `?province=`/`?commune=` within the
 * officer's area, `?target=` a target set id.
 */
export async function overviewPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps } = ctx;
  const area = ctx.area();
  if (!area.ok) return area.response;
  const scope = area.scope;
  const current = currentPeriod(annual, ctx.now, deps.reportSchedule);
  const periods = [current];
  while (periods.length < PERIODS_SHOWN) periods.push(previousPeriod(periods.at(-1)!));
  const asked = ctx.req.query.get('period')?.trim();
  if (asked && !/^\d{4}$/.test(asked))
    return ctx.problem(400, 'overview', t('dashboard.web.bad_request_title'), t('dashboard.web.bad_period', { example: current }));
  const period = asked || ((await deps.services.latestReportPeriod({ form: annual, scope, upTo: current })) ?? current);
  if (!periods.includes(period)) periods.push(period);
  const sets = targetSetsFor(deps.planTargets, scope.province ?? null);
  const askedTarget = ctx.req.query.get('target')?.trim();
  const targetSet = (askedTarget && sets.find((s) => s.id === askedTarget)) || targetSetForPeriod(sets, period);
  const [summary, choices] = await Promise.all([
    deps.services.computePlanSummary({ period, scope, targetSet }),
    deps.services.listAreaChoices({ province: scope.province ?? null, national: !officer.province }),
  ]);

  const c = summary.cooperatives;
  const cards = [
    { label: t('dashboard.web.overview.active'), value: formatCount(c.active, locale) },
    { label: t('dashboard.web.overview.submitted'), value: formatCount(c.submitted, locale) },
    { label: t('dashboard.web.overview.rate'), value: formatPercent(rate(c.submitted, c.active), locale) },
    { label: t('dashboard.web.overview.groups'), value: formatCount(c.groups, locale) },
    { label: t('dashboard.web.overview.unions'), value: formatCount(c.unions, locale) },
  ];
  const communeName = (x: string | null) => x ?? t('dashboard.web.no_commune');
  const byCommune = summary.byCommune;
  const indicatorName = (key: string) => t(`targets.indicators.${key}`);
  const value = (v: number | null, unit: 'percent' | 'count') => (unit === 'percent' ? formatPercent(v, locale) : formatCount(v, locale));
  const metCell = (met: boolean | null) =>
    met === null
      ? html`<td>—</td>`
      : met
        ? html`<td class="met">${t('dashboard.web.overview.met')}</td>`
        : html`<td class="unmet">${t('dashboard.web.overview.not_met')}</td>`;
  const percentIndicators = summary.indicators.filter((i) => i.unit === 'percent');
  const countIndicators = summary.indicators.filter((i) => i.unit === 'count');
  const actualLabel = t('dashboard.web.overview.actual');
  const targetLabel = t('dashboard.web.overview.target');
  const charts = [
    {
      id: 'chart-communes',
      horizontal: true,
      unit: '%',
      max: 100,
      labels: byCommune.map((b) => communeName(b.commune)),
      series: [{ label: t('dashboard.web.overview.rate'), values: byCommune.map((b) => rate(b.submitted, b.active)) }],
    },
    {
      id: 'chart-targets-percent',
      unit: '%',
      labels: percentIndicators.map((i) => indicatorName(i.key)),
      series: [
        { label: actualLabel, values: percentIndicators.map((i) => i.actual) },
        { label: targetLabel, values: percentIndicators.map((i) => i.target) },
      ],
    },
    {
      id: 'chart-targets-count',
      unit: '',
      labels: countIndicators.map((i) => indicatorName(i.key)),
      series: [
        { label: actualLabel, values: countIndicators.map((i) => i.actual) },
        { label: targetLabel, values: countIndicators.map((i) => i.target) },
      ],
    },
  ];

  const communeOptions = [
    { value: '', label: scope.province ? t('dashboard.web.all_communes') : '—' },
    ...choices.communes.map((x) => ({ value: x, label: x })),
  ];
  const filters = html`<form class="filters" method="get" action="/dashboard">
    ${selectField(
      'period',
      t('dashboard.web.filters.period'),
      periods.map((p) => ({ value: p, label: p })),
      period,
    )}
    ${officer.province ? '' : selectField('province', t('dashboard.web.filters.province'), [{ value: '', label: t('dashboard.web.area_country') }, ...choices.provinces.map((p) => ({ value: p, label: p }))], scope.province)}
    ${officer.commune || !scope.province ? '' : selectField('commune', t('dashboard.web.filters.commune'), communeOptions, scope.commune)}
    ${
      sets.length
        ? selectField(
            'target',
            t('dashboard.web.filters.target'),
            sets.map((s) => ({ value: s.id, label: `${s.name} (${s.year})` })),
            targetSet?.id,
          )
        : ''
    }
    ${filterButton(t)}
  </form>`;

  const body = html`
  ${filters}
  <p class="muted">${t('dashboard.web.overview.scope', { area: areaLabel(t, scope), period })}</p>
  <div class="cards">${cards.map((k) => html`<div class="card"><div class="value">${k.value}</div><div class="label">${k.label}</div></div>`)}</div>

  <h2>${t('dashboard.web.overview.by_commune')}</h2>
  <div class="panel"><div class="chart"><canvas id="chart-communes" role="img" aria-label="${t('dashboard.web.overview.by_commune')}"></canvas></div></div>
  ${scrollTable(
    t('dashboard.web.overview.by_commune_table'),
    headerRow([
      t('dashboard.web.columns.commune'),
      { label: t('dashboard.web.overview.active'), num: true },
      { label: t('dashboard.web.overview.submitted'), num: true },
      { label: t('dashboard.web.overview.rate'), num: true },
    ]),
    byCommune.length
      ? byCommune.map(
          (b) =>
            html`<tr>${[
              html`<th scope="row">${communeName(b.commune)}</th>`,
              html`<td class="num">${formatCount(b.active, locale)}</td>`,
              html`<td class="num">${formatCount(b.submitted, locale)}</td>`,
              html`<td class="num">${formatPercent(rate(b.submitted, b.active), locale)}</td>`,
            ]}</tr>`,
        )
      : [html`<tr><td colspan="4">${t('dashboard.web.overview.no_cooperatives')}</td></tr>`],
    'table-communes',
  )}

  <h2>${t('dashboard.web.overview.targets')}</h2>
  <p class="muted">${summary.targetSet ? t('dashboard.web.overview.target_set', { name: summary.targetSet.name, year: summary.targetSet.year }) : t('dashboard.web.overview.no_target_set')}</p>
  <div class="panel"><p class="chart-title">${t('dashboard.web.overview.targets_percent')}</p><div class="chart"><canvas id="chart-targets-percent" role="img" aria-label="${t('dashboard.web.overview.targets_percent')}"></canvas></div></div>
  <div class="panel"><p class="chart-title">${t('dashboard.web.overview.targets_count')}</p><div class="chart"><canvas id="chart-targets-count" role="img" aria-label="${t('dashboard.web.overview.targets_count')}"></canvas></div></div>
  ${scrollTable(
    t('dashboard.web.overview.targets_table'),
    headerRow([
      t('dashboard.web.overview.indicator'),
      { label: actualLabel, num: true },
      { label: targetLabel, num: true },
      t('dashboard.web.overview.result'),
      { label: t('dashboard.web.overview.basis'), num: true },
    ]),
    summary.indicators.map(
      (i) =>
        html`<tr data-indicator="${i.key}"><th scope="row">${indicatorName(i.key)}</th><td class="num">${value(i.actual, i.unit)}</td><td class="num">${value(i.target, i.unit)}</td>${metCell(i.met)}<td class="num">${
          i.denominator === null ? formatCount(i.numerator, locale) : `${formatCount(i.numerator, locale)} / ${formatCount(i.denominator, locale)}`
        }</td></tr>`,
    ),
    'table-targets',
  )}`;

  return ctx.page('overview', {
    title: t('dashboard.web.overview.title'),
    body,
    data: { locale: locale === 'vi' ? 'vi-VN' : 'en-US', charts },
    scripts: [CHART_JS_PATH, DASHBOARD_JS_PATH],
  });
}
