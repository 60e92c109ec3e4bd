import { COOPERATIVE_KINDS, COOPERATIVE_STATUSES, type CooperativeKind, type CooperativeStatus } from '../../services/cooperatives/cooperative-fields.js';
import type { HttpResponse } from '../http/http-server.js';
import { DIRECTORY_PAGE_SIZE, pageNumber, pagerLinks } from './directory-parts.js';
import { html } from './html.js';
import { filterButton, headerRow, scrollTable, selectField } from './page-parts.js';
import { areaLabel, type WebContext } from './web-context.js';
import { SECTION_PATHS } from './web-page.js';

const SEARCH_MAX = 100;

/**
 * GET /dashboard/cooperatives: the cooperatives of the officer's jurisdiction, with a search (name
 * or registration code, typed with or without diacritics), filters (province for a national
 * officer, commune, status, kind) and paging. `?province=&commune=` outside the jurisdiction is a 403.
 */
export async function cooperativesPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, officer, deps } = ctx;
  const area = ctx.area();
  if (!area.ok) return area.response;
  const scope = area.scope;
  const get = (k: string) => ctx.req.query.get(k)?.trim() || undefined;
  const search = get('q')?.slice(0, SEARCH_MAX);
  const status = COOPERATIVE_STATUSES.find((s) => s === get('status')) as CooperativeStatus | undefined;
  const kind = COOPERATIVE_KINDS.find((k) => k === get('kind')) as CooperativeKind | undefined;
  const page = pageNumber(ctx);
  const [{ rows, total }, choices] = await Promise.all([
    deps.services.listCooperatives({
      jurisdiction: { province: scope.province ?? null, commune: scope.commune ?? null },
      search,
      status,
      kind,
      page,
      pageSize: DIRECTORY_PAGE_SIZE,
    }),
    deps.services.listAreaChoices({ province: scope.province ?? null, national: !officer.province }),
  ]);
  const params = { q: search, province: officer.province ? undefined : scope.province, commune: officer.commune ? undefined : scope.commune, status, kind };
  const path = SECTION_PATHS.cooperatives;
  const filters = html`<form class="filters" method="get" action="${path}" role="search">
    <label>${t('directory.coops.search_label')}<input type="search" name="q" value="${search ?? ''}" maxlength="${SEARCH_MAX}" placeholder="${t('directory.coops.search_placeholder')}"></label>
    ${officer.province ? '' : selectField('province', t('dashboard.web.filters.province'), [{ value: '', label: t('dashboard.web.area_country') }, ...choices.provinces.map((p) => ({ value: p, label: p }))], scope.province)}
    ${officer.commune || !scope.province ? '' : selectField('commune', t('dashboard.web.filters.commune'), [{ value: '', label: t('dashboard.web.all_communes') }, ...choices.communes.map((c) => ({ value: c, label: c }))], scope.commune)}
    ${selectField('status', t('dashboard.web.filters.status'), [{ value: '', label: t('dashboard.web.all_statuses') }, ...COOPERATIVE_STATUSES.map((s) => ({ value: s, label: t(`directory.status.${s}`) }))], status)}
    ${selectField('kind', t('directory.coops.kind'), [{ value: '', label: t('directory.coops.all_kinds') }, ...COOPERATIVE_KINDS.map((k) => ({ value: k, label: t(`directory.kind.${k}`) }))], kind)}
    ${filterButton(t)}
  </form>`;
  const table = scrollTable(
    t('directory.coops.table', { area: areaLabel(t, scope) }),
    headerRow([
      t('dashboard.web.columns.cooperative'),
      t('directory.coops.code'),
      t('dashboard.web.columns.commune'),
      t('dashboard.web.columns.sector'),
      t('directory.coops.kind'),
      t('dashboard.web.columns.status'),
      { label: t('directory.coops.joined'), num: true },
      { label: t('directory.coops.pending'), num: true },
    ]),
    rows.length
      ? rows.map(
          (c) =>
            html`<tr data-cooperative="${c.id}"><th scope="row"><a href="${`${path}/${c.id}`}">${c.name}</a></th><td>${c.registrationCode ?? '—'}</td><td>${c.commune ?? t('dashboard.web.no_commune')}</td><td>${t(`announcements.sector.${c.sector}`, { defaultValue: c.sector })}</td><td>${t(`directory.kind.${c.kind}`)}</td><td><span class="${`status status-${c.status}`}">${t(`directory.status.${c.status}`)}</span></td><td class="num">${c.joined}</td><td class="num">${c.pending}</td></tr>`,
        )
      : [html`<tr><td colspan="8">${search ? t('directory.coops.none_found', { search }) : t('directory.coops.none')}</td></tr>`],
    'table-cooperatives',
  );
  const body = html`${filters}
  <p class="muted" id="cooperative-count" role="status">${t('directory.coops.count', { count: total, area: areaLabel(t, scope) })}</p>
  ${table}
  ${pagerLinks(t, path, params, page, total)}`;
  return ctx.page('cooperatives', { title: t('directory.coops.title'), body });
}
