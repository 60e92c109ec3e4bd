import { z } from 'zod';
import { vnDateTimeText } from '../../lib/vn-time.js';
import { mayInviteOfficers } from '../../services/access/invite-access.js';
import type { Jurisdiction } from '../../services/access/jurisdiction.js';
import type { AreaScope } from '../../services/access/officer-scope.js';
import { STAFF_INVITE_MAX_DAYS, STAFF_INVITE_MAX_USES, type StaffInviteResult } from '../../services/invites/create-staff-invite.js';
import type { AreaDirectorsSummary } from '../../services/invites/list-area-directors.js';
import type { AreaInvite } from '../../services/invites/list-area-invites.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { filterButton, headerRow, queryString, scrollTable } from './page-parts.js';
import { areaLabel, SESSION_COOKIE, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

/** Invites shown on the page (newest first), and cooperatives in the "who has joined" table. */
const INVITES_SHOWN = 200;
const COOPS_SHOWN = 1000;
const INVITE_ROLES = ['director', 'member', 'officer'] as const;
type InviteRole = (typeof INVITE_ROLES)[number];

const invitesPath = SECTION_PATHS.invites;
const invitePath = (id: number) => `${invitesPath}/${id}`;

/** What the create form was given (kept to show it again with the problems). */
interface CreateInput {
  role: string;
  cooperative: string;
  province: string;
  commune: string;
  uses: string;
  days: string;
}
type FieldErrors = Partial<Record<keyof CreateInput, string>>;

const EMPTY_INPUT: CreateInput = { role: 'director', cooperative: '', province: '', commune: '', uses: '1', days: '14' };

const CreateForm = z.object({
  role: z.enum(INVITE_ROLES),
  cooperative: z.string().trim().max(12),
  province: z.string().trim().max(100),
  commune: z.string().trim().max(100),
  uses: z.coerce.number().int().min(1).max(STAFF_INVITE_MAX_USES),
  days: z.coerce.number().int().min(1).max(STAFF_INVITE_MAX_DAYS),
});

/** The invite id of `/dashboard/invites/<id>/revoke`, or undefined. */
function inviteIdOf(path: string): number | undefined {
  const m = /^\/dashboard\/invites\/(\d{1,9})\/revoke$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

const asJurisdiction = (s: AreaScope): Jurisdiction => ({ province: s.province ?? null, commune: s.commune ?? null });
const areaQuery = (s: AreaScope, officer: Jurisdiction) => ({
  province: s.province && s.province !== officer.province ? s.province : undefined,
  commune: s.commune && s.commune !== officer.commune ? s.commune : undefined,
});

function tokenField(ctx: WebContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
}

function badToken(ctx: WebContext, what: string): HttpResponse {
  ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path }, `dashboard: ${what} form without a valid token refused`);
  return ctx.problem(403, 'invites', ctx.t('webadmin.form_expired_title'), ctx.t('webadmin.form_expired'));
}

const roleLabel = (ctx: WebContext, role: string) => ctx.t(`webadmin.roles.${role}`, { defaultValue: role });

function stateCell(ctx: WebContext, i: AreaInvite): SafeHtml {
  return html`<span class="state-${i.state}" data-state="${i.state}">${ctx.t(`webadmin.invites.state.${i.state}`)}</span>`;
}

function inviteArea(i: AreaInvite): string {
  if (i.cooperative) return [i.cooperative.name, i.cooperative.commune].filter(Boolean).join(' · ');
  return [i.commune, i.province].filter(Boolean).join(', ') || '—';
}

/** The create form, with what was typed and the problems found. */
function createForm(ctx: WebContext, coops: AreaDirectorsSummary, input: CreateInput, errors: FieldErrors, action: string): SafeHtml {
  const { t, officer } = ctx;
  const roles = INVITE_ROLES.filter((r) => r !== 'officer' || mayInviteOfficers(officer));
  const options = [...coops.cooperatives].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const err = (k: keyof CreateInput) => (errors[k] ? html`<p class="field-error" id="${`invite-${k}-error`}" role="alert">${errors[k]}</p>` : '');
  const aria = (k: keyof CreateInput) => (errors[k] ? html` aria-invalid="true" aria-describedby="${`invite-${k}-error`}"` : '');
  const officerFields = roles.includes('officer')
    ? html`<fieldset><legend>${t('webadmin.invites.officer_fields')}</legend>
      <p class="muted">${officer.role === 'admin' ? t('webadmin.invites.officer_hint_admin') : t('webadmin.invites.officer_hint_province', { province: officer.province ?? '' })}</p>
      ${
        officer.role === 'admin'
          ? html`<label for="invite-province">${t('webadmin.invites.province')}</label>${err('province')}<input id="invite-province" name="province" value="${input.province}" maxlength="100"${aria('province')}>`
          : ''
      }
      <label for="invite-commune">${t('webadmin.invites.commune')}</label>${err('commune')}<input id="invite-commune" name="commune" value="${input.commune}" maxlength="100"${aria('commune')}>
    </fieldset>`
    : '';
  return html`<section aria-labelledby="invite-create" class="panel decide">
  <h2 id="invite-create">${t('webadmin.invites.create_heading')}</h2>
  ${errors.role || Object.keys(errors).length ? html`<div class="notice error" role="alert" id="invite-errors"><p>${t('webadmin.invites.fix_errors')}</p></div>` : ''}
  <form method="post" action="${action}" id="invite-form">${tokenField(ctx)}
    <label for="invite-role">${t('webadmin.invites.role')}</label>${err('role')}
    <select id="invite-role" name="role"${aria('role')}>${roles.map(
      (r) => html`<option value="${r}"${input.role === r ? html` selected` : ''}>${roleLabel(ctx, r)}</option>`,
    )}</select>
    <label for="invite-cooperative">${t('webadmin.invites.cooperative')}</label>
    <p class="muted">${t('webadmin.invites.cooperative_hint')}</p>${err('cooperative')}
    <select id="invite-cooperative" name="cooperative"${aria('cooperative')}>
      <option value="">${t('webadmin.invites.choose_cooperative')}</option>
      ${options.map(
        (c) =>
          html`<option value="${c.cooperativeId}"${input.cooperative === String(c.cooperativeId) ? html` selected` : ''}>${c.name}${c.commune ? ` · ${c.commune}` : ''}</option>`,
      )}
    </select>
    ${officerFields}
    <label for="invite-uses">${t('webadmin.invites.uses', { max: STAFF_INVITE_MAX_USES })}</label>${err('uses')}
    <input id="invite-uses" name="uses" type="number" min="1" max="${STAFF_INVITE_MAX_USES}" value="${input.uses}" required${aria('uses')}>
    <label for="invite-days">${t('webadmin.invites.days', { max: STAFF_INVITE_MAX_DAYS })}</label>${err('days')}
    <input id="invite-days" name="days" type="number" min="1" max="${STAFF_INVITE_MAX_DAYS}" value="${input.days}" required${aria('days')}>
    <p><button type="submit" class="primary">${t('webadmin.invites.create')}</button></p>
  </form>
</section>`;
}

function invitesTable(ctx: WebContext, list: { invites: AreaInvite[]; total: number }): SafeHtml {
  const { t } = ctx;
  const rows = list.invites.map(
    (i) =>
      html`<tr data-invite="${i.id}" data-code="${i.code}">${[
        html`<td><code>${i.code}</code></td>`,
        html`<td>${roleLabel(ctx, i.role)}</td>`,
        html`<td>${inviteArea(i)}</td>`,
        html`<td>${stateCell(ctx, i)}</td>`,
        html`<td class="num">${i.uses}/${i.maxUses}</td>`,
        html`<td>${vnDateTimeText(i.createdAt)}</td>`,
        html`<td>${vnDateTimeText(i.revokedAt ?? i.expiresAt)}</td>`,
        html`<td>${i.joined.length ? html`<ul class="plain">${i.joined.map((j) => html`<li>${j.name ?? t('webadmin.no_name')} · ${vnDateTimeText(j.at)}</li>`)}</ul>` : '—'}</td>`,
        html`<td>${
          i.state === 'open'
            ? html`<form method="get" action="${`${invitePath(i.id)}/revoke`}" class="inline"><button type="submit" class="secondary" aria-label="${t('webadmin.invites.revoke_label', { code: i.code })}">${t('webadmin.invites.revoke')}</button></form>`
            : ''
        }</td>`,
      ]}</tr>`,
  );
  return html`<section aria-labelledby="invite-list">
  <h2 id="invite-list">${t('webadmin.invites.list_heading')}</h2>
  ${scrollTable(
    t('webadmin.invites.list_caption', { count: list.total }),
    headerRow([
      t('webadmin.invites.columns.code'),
      t('webadmin.invites.columns.role'),
      t('webadmin.invites.columns.for'),
      t('webadmin.invites.columns.state'),
      { label: t('webadmin.invites.columns.uses'), num: true },
      t('webadmin.invites.columns.created'),
      t('webadmin.invites.columns.until'),
      t('webadmin.invites.columns.joined'),
      t('webadmin.invites.columns.action'),
    ]),
    rows.length ? rows : [html`<tr><td colspan="9">${t('webadmin.invites.none')}</td></tr>`],
    'table-invites',
  )}
  ${list.total > list.invites.length ? html`<p class="muted">${t('webadmin.invites.more', { shown: list.invites.length, count: list.total })}</p>` : ''}
</section>`;
}

function joinedTable(ctx: WebContext, s: AreaDirectorsSummary): SafeHtml {
  const { t } = ctx;
  const rows = s.cooperatives.map(
    (c) =>
      html`<tr data-cooperative="${c.cooperativeId}">${[
        html`<td>${c.name}</td>`,
        html`<td>${c.commune ?? '—'}</td>`,
        html`<td>${
          c.directors.length
            ? html`<ul class="plain">${c.directors.map(
                (d) =>
                  html`<li data-joined="${d.joined ? 'yes' : 'no'}">${d.name ?? t('webadmin.no_name')} · ${
                    d.joined
                      ? d.lastActiveAt
                        ? t('webadmin.invites.joined_active', { at: vnDateTimeText(d.lastActiveAt) })
                        : t('webadmin.invites.joined_yes')
                      : t('webadmin.invites.joined_no')
                  }</li>`,
              )}</ul>`
            : t('webadmin.invites.no_director')
        }</td>`,
        html`<td class="num">${c.openInvites}</td>`,
      ]}</tr>`,
  );
  return html`<section aria-labelledby="invite-joined">
  <h2 id="invite-joined">${t('webadmin.invites.joined_heading')}</h2>
  <p class="muted" id="joined-summary">${t('webadmin.invites.joined_summary', { joined: s.joined, count: s.total })}</p>
  ${scrollTable(
    t('webadmin.invites.joined_heading'),
    headerRow([
      t('webadmin.invites.columns.cooperative'),
      t('webadmin.invites.columns.commune'),
      t('webadmin.invites.columns.directors'),
      { label: t('webadmin.invites.columns.open_invites'), num: true },
    ]),
    rows.length ? rows : [html`<tr><td colspan="4">${t('webadmin.invites.no_cooperatives')}</td></tr>`],
    'table-joined',
  )}
  ${s.total > s.cooperatives.length ? html`<p class="muted">${t('webadmin.invites.more_cooperatives', { shown: s.cooperatives.length, count: s.total })}</p>` : ''}
</section>`;
}

/** The notice after a change: the new invite's code and how to use it, or the one revoked. */
function doneNotice(ctx: WebContext, list: AreaInvite[]): SafeHtml | '' {
  const { t } = ctx;
  const created = Number(ctx.req.query.get('created'));
  const revoked = Number(ctx.req.query.get('revoked'));
  const find = (id: number) => (Number.isInteger(id) && id > 0 ? list.find((i) => i.id === id) : undefined);
  const made = find(created);
  if (made)
    return html`<div class="notice" role="status" id="invite-done"><p>${t('webadmin.invites.created', { code: made.code, role: roleLabel(ctx, made.role), for: inviteArea(made) })}</p>
    <p>${t('webadmin.invites.how_to_use', { code: made.code, until: vnDateTimeText(made.expiresAt) })}</p></div>`;
  const gone = find(revoked);
  if (gone) return html`<div class="notice" role="status" id="invite-done"><p>${t('webadmin.invites.revoked', { code: gone.code })}</p></div>`;
  return '';
}

async function renderInvites(ctx: WebContext, scope: AreaScope, form?: { input: CreateInput; errors: FieldErrors }): Promise<SafeHtml> {
  const { t, deps, now, officer } = ctx;
  const area = asJurisdiction(scope);
  const [list, coops] = await Promise.all([
    deps.services.listAreaInvites({ area, now, limit: INVITES_SHOWN }),
    deps.services.listAreaDirectors({ area, now, limit: COOPS_SHOWN }),
  ]);
  const q = queryString(areaQuery(scope, officer));
  const sheet = scope.province
    ? html`<p><a class="button" id="invite-sheet" href="${`${invitesPath}/phieu-moi.pdf${q}`}" download>${t('webadmin.invites.sheet')}</a> <span class="muted">${t('webadmin.invites.sheet_hint')}</span></p>`
    : html`<p class="muted">${t('webadmin.invites.sheet_needs_province')}</p>`;
  // Officers of a whole province (or the country) may narrow the page to a commune (or a province).
  const areaForm = officer.commune
    ? ''
    : html`<form method="get" action="${invitesPath}" class="filters" id="invite-area">${
        officer.province ? '' : html`<label>${t('webadmin.invites.province')}<input name="province" value="${scope.province ?? ''}" maxlength="100"></label>`
      }<label>${t('webadmin.invites.commune')}<input name="commune" value="${scope.commune ?? ''}" maxlength="100"></label>${filterButton(t)}</form>`;
  return html`<p class="muted">${t('webadmin.invites.intro', { area: areaLabel(t, { province: scope.province, commune: scope.commune }) })}</p>
  ${doneNotice(ctx, list.invites)}
  ${areaForm}
  ${sheet}
  ${createForm(ctx, coops, form?.input ?? EMPTY_INPUT, form?.errors ?? {}, `${invitesPath}${q}`)}
  ${invitesTable(ctx, list)}
  ${joinedTable(ctx, coops)}`;
}

/**
 * GET /dashboard/invites[?province=&commune=]: the invites of the officer's area (or a narrower
 * area within it) with their state and who joined with each, a form to make one, "Thu hồi" on each
 * open one, the invitation sheet to print (PDF), and who has joined: the area's cooperatives with
 * their directors, joined or not yet.
 */
export async function invitesPage(ctx: WebContext): Promise<HttpResponse> {
  const area = ctx.area();
  if (!area.ok) return area.response;
  return ctx.page('invites', { title: ctx.t('webadmin.invites.title'), body: await renderInvites(ctx, area.scope) });
}

/** Why a create was refused, as the form field it belongs to and the message. */
function refusalError(ctx: WebContext, refused: Exclude<StaffInviteResult, { ok: true }>): FieldErrors {
  const r = refused.reason;
  const suggestions = 'suggestions' in refused && refused.suggestions.length ? refused.suggestions.slice(0, 5).join('; ') : '';
  const m = `${ctx.t(`webadmin.invites.errors.${r}`)}${suggestions ? ` ${ctx.t('webadmin.invites.errors.did_you_mean', { names: suggestions })}` : ''}`;
  if (r === 'province_required' || r === 'unknown_province') return { province: m };
  if (r === 'unknown_commune' || r === 'officer_invite_needs_commune') return { commune: m };
  if (r === 'officer_invites_admins_only' || r === 'not_staff') return { role: m };
  return { cooperative: m };
}

/**
 * POST /dashboard/invites (role, cooperative or commune, uses, days, the anti-forgery token): makes
 * an invite within the officer's rights (createStaffInvite: access/invite-access.ts), audited, then
 * back to the list showing its code (303). Problems show the form again with what was typed (400);
 * a cooperative outside the area is a 403.
 */
export async function createInviteAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) return badToken(ctx, 'invite');
  const area = ctx.area();
  if (!area.ok) return area.response;
  const field = (k: keyof CreateInput) => (ctx.form?.get(k) ?? '').slice(0, 200);
  const input: CreateInput = {
    role: field('role'),
    cooperative: field('cooperative'),
    province: field('province'),
    commune: field('commune'),
    uses: field('uses'),
    days: field('days'),
  };
  const again = async (errors: FieldErrors, status: number) =>
    ctx.page('invites', { title: t('webadmin.invites.title'), body: await renderInvites(ctx, area.scope, { input, errors }) }, status);
  const parsed = CreateForm.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const k = issue.path[0] as keyof CreateInput;
      errors[k] ??= t(`webadmin.invites.errors.bad_${k}`, { max: k === 'uses' ? STAFF_INVITE_MAX_USES : STAFF_INVITE_MAX_DAYS });
    }
    return again(errors, 400);
  }
  const f = parsed.data;
  const role: InviteRole = f.role;
  if (role !== 'officer' && !/^\d{1,9}$/.test(f.cooperative)) return again({ cooperative: t('webadmin.invites.errors.choose_cooperative') }, 400);
  const result = await deps.services.createStaffInvite({
    by: officer,
    role,
    cooperativeId: role === 'officer' ? undefined : Number(f.cooperative),
    province: f.province || undefined,
    commune: f.commune || undefined,
    maxUses: f.uses,
    validDays: f.days,
    now: ctx.now,
  });
  if (!result.ok) {
    if (result.reason === 'outside_jurisdiction') {
      deps.logger.warn({ personId: officer.personId, cooperativeId: f.cooperative, commune: f.commune }, 'dashboard: invite outside jurisdiction refused');
      return ctx.problem(403, 'invites', t('dashboard.web.forbidden_title'), t('webadmin.invites.errors.outside_jurisdiction'));
    }
    return again(refusalError(ctx, result), 400);
  }
  deps.logger.info({ personId: officer.personId, inviteId: result.invite.id, role }, 'invite created on the dashboard');
  return redirect(`${invitesPath}${queryString({ ...areaQuery(area.scope, officer), created: result.invite.id })}`);
}

/** The invite of a revoke URL, or the page that says why not (404 unknown, 403 another area's). */
async function revocable(ctx: WebContext): Promise<{ invite: AreaInvite } | { response: HttpResponse }> {
  const { t, deps, officer } = ctx;
  const id = inviteIdOf(ctx.req.path);
  const found = id === undefined ? 'not_found' : await deps.services.findAreaInvite({ inviteId: id, area: officer, now: ctx.now });
  if (found === 'not_found') return { response: ctx.problem(404, 'invites', t('webadmin.invites.not_found_title'), t('webadmin.invites.not_found')) };
  if (found === 'outside_jurisdiction') {
    deps.logger.warn({ personId: officer.personId, inviteId: id }, 'dashboard: invite outside jurisdiction refused');
    return { response: ctx.problem(403, 'invites', t('dashboard.web.forbidden_title'), t('webadmin.invites.errors.outside_jurisdiction')) };
  }
  return { invite: found };
}

/** GET /dashboard/invites/<id>/revoke: "revoke this invite?" with the confirming button. */
export async function revokeInvitePage(ctx: WebContext): Promise<HttpResponse> {
  const { t } = ctx;
  const r = await revocable(ctx);
  if ('response' in r) return r.response;
  const i = r.invite;
  const body =
    i.state === 'open'
      ? html`<section class="panel decide" aria-labelledby="revoke-heading">
  <h2 id="revoke-heading">${t('webadmin.invites.confirm_heading', { code: i.code })}</h2>
  <p>${t('webadmin.invites.confirm_text', { code: i.code, role: roleLabel(ctx, i.role), for: inviteArea(i) })}</p>
  <form method="post" action="${`${invitePath(i.id)}/revoke`}" id="revoke-form">${tokenField(ctx)}
    <button type="submit" class="primary">${t('webadmin.invites.confirm_revoke')}</button>
    <a href="${invitesPath}">${t('webadmin.cancel')}</a>
  </form>
</section>`
      : html`<div class="notice" role="status"><p>${t('webadmin.invites.not_open', { code: i.code, state: t(`webadmin.invites.state.${i.state}`) })}</p><p><a href="${invitesPath}">${t('webadmin.invites.back')}</a></p></div>`;
  return ctx.page('invites', { title: t('webadmin.invites.confirm_title', { code: i.code }), body });
}

/**
 * POST /dashboard/invites/<id>/revoke (the anti-forgery token): withdraws an open invite of the
 * officer's area (revokeInvite, audited), then back to the list (303). Another area's invite is a
 * 403, an unknown one a 404; one already revoked, used or expired says so.
 */
export async function revokeInviteAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) return badToken(ctx, 'invite revoke');
  const r = await revocable(ctx);
  if ('response' in r) return r.response;
  const result = await deps.services.revokeInvite({ inviteId: r.invite.id, by: officer, now: ctx.now });
  if (!result.ok) {
    if (result.reason === 'not_open')
      return ctx.problem(
        409,
        'invites',
        t('webadmin.invites.not_open_title'),
        t('webadmin.invites.not_open', { code: result.code, state: t(`webadmin.invites.state.${result.state}`) }),
      );
    if (result.reason === 'outside_jurisdiction')
      return ctx.problem(403, 'invites', t('dashboard.web.forbidden_title'), t('webadmin.invites.errors.outside_jurisdiction'));
    return ctx.problem(404, 'invites', t('webadmin.invites.not_found_title'), t('webadmin.invites.not_found'));
  }
  deps.logger.info({ personId: officer.personId, inviteId: result.invite.id }, 'invite revoked on the dashboard');
  return redirect(`${invitesPath}${queryString({ revoked: result.invite.id })}`);
}
