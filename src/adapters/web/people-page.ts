import type { Role } from '../../services/people/identity.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import type { RevocablePerson } from '../../services/people/find-revocable-person.js';
import { LISTED_ROLES, type PeopleState } from '../../services/people/list-people.js';
import type { HttpResponse } from '../http/http-server.js';
import {
  channelsLabel,
  csrfField,
  DIRECTORY_PAGE_SIZE,
  idInPath,
  maskPhone,
  notFoundPage,
  outsideJurisdiction,
  pageNumber,
  pagerLinks,
  refuseForgedForm,
  roleLabel,
} from './directory-parts.js';
import { html, type SafeHtml } from './html.js';
import { filterButton, headerRow, queryString, scrollTable, selectField } from './page-parts.js';
import { areaLabel, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

const PATH = SECTION_PATHS.people;
const STATES: readonly PeopleState[] = ['joined', 'pending'];
const SEARCH_MAX = 100;

/**
 * GET /dashboard/people: the people of the officer's jurisdiction — `?state=joined` (default):
 * who has joined, their role, cooperative, channels and when they last wrote; `?state=pending`:
 * people on record (imported from a register) who have not joined yet — with a search (name,
 * cooperative, or digits of the phone), a role filter and paging. Phones are masked.
 */
export async function peoplePage(ctx: WebContext): Promise<HttpResponse> {
  const { t, officer, deps } = ctx;
  const get = (k: string) => ctx.req.query.get(k)?.trim() || undefined;
  const state = STATES.find((s) => s === get('state')) ?? 'joined';
  const role = LISTED_ROLES.find((r) => r === get('role')) as Role | undefined;
  const search = get('q')?.slice(0, SEARCH_MAX);
  const page = pageNumber(ctx);
  const { rows, total } = await deps.services.listPeople({ actor: officer, state, search, role, page, pageSize: DIRECTORY_PAGE_SIZE });
  const params = { state, q: search, role };
  const done = get('done') === 'revoked';

  const tabs = html`<nav class="tabs" aria-label="${t('directory.people.tabs_label')}">${STATES.map(
    (s) =>
      html`<a href="${`${PATH}${queryString({ state: s })}`}"${s === state ? html` aria-current="page" class="active"` : ''}>${t(`directory.people.state.${s}`)}</a>`,
  )}</nav>`;
  const filters = html`<form class="filters" method="get" action="${PATH}" role="search">
    <input type="hidden" name="state" value="${state}">
    <label>${t('directory.people.search_label')}<input type="search" name="q" value="${search ?? ''}" maxlength="${SEARCH_MAX}" placeholder="${t('directory.people.search_placeholder')}"></label>
    ${selectField('role', t('directory.people.role'), [{ value: '', label: t('directory.people.all_roles') }, ...LISTED_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))], role)}
    ${filterButton(t)}
  </form>`;
  const place = (r: (typeof rows)[number]) =>
    r.cooperative
      ? html`<a href="${`${SECTION_PATHS.cooperatives}/${r.cooperative.id}`}">${r.cooperative.name}</a>${r.cooperative.commune ? html` <span class="muted">(${r.cooperative.commune})</span>` : ''}`
      : r.role === 'officer' || r.role === 'admin'
        ? areaLabel(t, r)
        : '—';
  const revocable = (r: (typeof rows)[number]) =>
    r.id !== officer.personId && (r.role === 'director' || r.role === 'member' || (r.role === 'officer' && officer.role === 'admin'));
  const columns =
    state === 'joined'
      ? [
          t('directory.people.name'),
          t('directory.people.role'),
          t('directory.people.place'),
          t('directory.people.channels'),
          t('directory.people.last_active'),
          t('directory.people.phone'),
          t('directory.people.actions'),
        ]
      : [
          t('directory.people.name'),
          t('directory.people.role'),
          t('directory.people.place'),
          t('directory.people.added'),
          t('directory.people.phone'),
          t('directory.people.actions'),
        ];
  const table = scrollTable(
    t(`directory.people.table_${state}`, { area: areaLabel(t, officer) }),
    headerRow(columns),
    rows.length
      ? rows.map(
          (r) =>
            html`<tr data-person="${r.id}"><th scope="row">${r.name ?? t('directory.people.no_name')}</th><td>${roleLabel(t, r.role)}</td><td>${place(r)}</td>${
              state === 'joined'
                ? html`<td>${channelsLabel(t, r.channels)}</td><td>${r.lastActiveAt ? vnDateTimeText(r.lastActiveAt) : '—'}</td>`
                : html`<td>${vnDateTimeText(r.joinedAt)}</td>`
            }<td>${maskPhone(r.phone)}</td><td>${revocable(r) ? html`<a href="${`${PATH}/${r.id}/revoke`}">${t('directory.people.revoke_link')}</a>` : '—'}</td></tr>`,
        )
      : [html`<tr><td colspan="${columns.length}">${search ? t('directory.people.none_found', { search }) : t(`directory.people.none_${state}`)}</td></tr>`],
    'table-people',
  );
  const body = html`${done ? html`<div class="notice" role="status" id="people-done"><p>${t('directory.people.revoked')}</p></div>` : ''}
  ${tabs}
  ${filters}
  <p class="muted" id="people-count" role="status">${t(`directory.people.count_${state}`, { count: total, area: areaLabel(t, officer) })}</p>
  ${table}
  ${pagerLinks(t, PATH, params, page, total)}`;
  return ctx.page('people', { title: t('directory.people.title'), body });
}

/** The person of the path, visible to the officer, or the answer to give (404, 403). */
async function load(ctx: WebContext): Promise<{ ok: true; p: RevocablePerson } | { ok: false; response: HttpResponse }> {
  const id = idInPath(ctx.req.path, PATH);
  if (id === undefined) return { ok: false, response: notFoundPage(ctx, 'people', ctx.req.path.split('/').at(-1) ?? '') };
  const found = await ctx.deps.services.findRevocablePerson({ personId: id, actor: ctx.officer });
  if (found.ok) return { ok: true, p: found.person };
  if (found.reason === 'outside_jurisdiction') return { ok: false, response: outsideJurisdiction(ctx, 'people', `person:${id}`) };
  return { ok: false, response: notFoundPage(ctx, 'people', id) };
}

function confirmBody(ctx: WebContext, p: RevocablePerson): SafeHtml {
  const { t } = ctx;
  const fact = (label: string, value: string | SafeHtml) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const facts = html`<dl class="facts" id="person-facts">
    ${fact(t('directory.people.name'), p.name ?? t('directory.people.no_name'))}
    ${fact(t('directory.people.role'), roleLabel(t, p.role))}
    ${fact(t('directory.people.place'), p.cooperative ? p.cooperative.name : p.province ? areaLabel(t, p) : '—')}
    ${fact(t('directory.people.channels'), channelsLabel(t, p.channels))}
    ${fact(t('directory.people.phone'), maskPhone(p.phone))}
  </dl>`;
  const back = p.cooperative ? `${SECTION_PATHS.cooperatives}/${p.cooperative.id}` : PATH;
  if (p.revocable !== 'ok')
    return html`${facts}<div class="notice error" role="alert" id="revoke-refused"><p>${t(`directory.people.cannot_revoke_${p.role === 'officer' ? 'officer' : p.role === 'guest' ? 'guest' : 'this'}`)}</p><p><a href="${back}">${t('directory.people.back')}</a></p></div>`;
  const consequence =
    p.role === 'officer' ? t('directory.people.revoke_officer_effect') : t('directory.people.revoke_effect', { cooperative: p.cooperative?.name ?? '' });
  return html`${facts}
  <section class="panel decide" aria-labelledby="revoke-heading">
    <h2 id="revoke-heading">${t('directory.people.revoke_heading', { role: roleLabel(t, p.role) })}</h2>
    <p>${consequence}</p>
    <form method="post" action="${`${PATH}/${p.id}/revoke`}" id="revoke-form">${csrfField(ctx)}
      <button type="submit" class="secondary">${t('directory.people.revoke_confirm')}</button>
      <a href="${back}">${t('directory.people.cancel')}</a>
    </form>
  </section>`;
}

/**
 * GET /dashboard/people/<id>/revoke: who the person is (phone masked) and what withdrawing their
 * role does, with the confirming form — or why it cannot be done (an admin, oneself, an officer for
 * a non-admin). Someone outside the officer's area is a 403; no one a 404.
 */
export async function revokeRolePage(ctx: WebContext): Promise<HttpResponse> {
  const found = await load(ctx);
  if (!found.ok) return found.response;
  return ctx.page('people', { title: ctx.t('directory.people.revoke_title'), body: confirmBody(ctx, found.p) });
}

/**
 * POST /dashboard/people/<id>/revoke (csrf): revokeRole (jurisdiction, audit; open invites for the
 * person revoked too), then to the people list (303) with a notice.
 */
export async function revokeRoleAction(ctx: WebContext): Promise<HttpResponse> {
  const forged = refuseForgedForm(ctx, 'people', 'person.revoke');
  if (forged) return forged;
  const found = await load(ctx);
  if (!found.ok) return found.response;
  const result = await ctx.deps.services.revokeRole({ personId: found.p.id, actor: ctx.officer, now: ctx.now });
  if (!result.ok) {
    if (result.reason === 'outside_jurisdiction') return outsideJurisdiction(ctx, 'people', `person:${found.p.id}`);
    if (result.reason === 'not_found') return notFoundPage(ctx, 'people', found.p.id);
    return ctx.page('people', { title: ctx.t('directory.people.revoke_title'), body: confirmBody(ctx, { ...found.p, revocable: 'not_allowed' }) }, 409);
  }
  ctx.deps.logger.info(
    { personId: ctx.officer.personId, target: found.p.id, from: result.from, invitesRevoked: result.invitesRevoked },
    'role revoked on the dashboard',
  );
  return redirect(`${PATH}${queryString({ done: 'revoked', state: found.p.channels.length ? 'joined' : 'pending' })}`);
}
