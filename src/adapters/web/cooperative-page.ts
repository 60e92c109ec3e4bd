import type { T } from '../../i18n/i18n.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import { listCommunes } from '../../services/areas/list-communes.js';
import {
  COOPERATIVE_KINDS,
  COOPERATIVE_NAME_MAX,
  COOPERATIVE_SECTORS,
  REGISTRATION_CODE_MAX,
  STATUS_REASON_MAX,
  STATUS_REASON_MIN,
} from '../../services/cooperatives/cooperative-fields.js';
import { STATUS_CHANGES, type StatusChange } from '../../services/cooperatives/change-cooperative-status.js';
import type { CooperativeHistoryEntry, HistoryDetails } from '../../services/cooperatives/list-cooperative-history.js';
import type { ManagedCooperative } from '../../services/cooperatives/find-managed-cooperative.js';
import type { CooperativeFieldError, CooperativeForm } from '../../services/cooperatives/update-cooperative.js';
import type { HttpResponse } from '../http/http-server.js';
import {
  channelsLabel,
  csrfField,
  idInPath,
  maskPhone,
  notFoundPage,
  outsideJurisdiction,
  refuseForgedForm,
  roleLabel,
  selectBox,
  textField,
} from './directory-parts.js';
import { html, type SafeHtml } from './html.js';
import { headerRow, queryString, scrollTable } from './page-parts.js';
import { areaLabel, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

const PATH = SECTION_PATHS.cooperatives;
const coopPath = (id: number) => `${PATH}/${id}`;
/** What `?done=` may say after a change. */
const DONE = ['updated', 'unchanged', 'suspended', 'dissolved', 'reactivated'] as const;
/** Which changes a status allows (the service has the same rule and decides). */
const CHANGES_FROM: Record<string, StatusChange[]> = { active: ['suspend', 'dissolve'], suspended: ['reactivate', 'dissolve'], dissolved: ['reactivate'] };

/** The edit form as shown again after a refusal: what was typed and why each field was refused. */
interface EditState {
  values: CooperativeForm;
  errors: CooperativeFieldError[];
}
/** The status form as shown again after a refusal. */
interface StatusState {
  change?: string;
  reason: string;
  error: string;
}

const sectorLabel = (t: T, s: string) => t(`announcements.sector.${s}`, { defaultValue: s });

function fieldErrorText(t: T, e: CooperativeFieldError, typed: CooperativeForm, province: string, ctx: WebContext): string {
  switch (e.field) {
    case 'name':
      return t(`directory.coop.errors.name_${e.code}`, { max: COOPERATIVE_NAME_MAX });
    case 'registrationCode':
      return t(`directory.coop.errors.code_${e.code}`, { max: REGISTRATION_CODE_MAX });
    case 'commune':
      if (e.code === 'required') return t('directory.coop.errors.commune_required');
      if (e.code === 'ambiguous') return t('directory.coop.errors.commune_ambiguous', { typed: typed.commune, list: e.candidates.join(', ') });
      if (e.code === 'outside_jurisdiction') return t('directory.coop.errors.commune_outside', { area: areaLabel(t, ctx.officer) });
      return e.suggestions.length
        ? t('directory.coop.errors.commune_unknown_suggest', { typed: typed.commune, province, list: e.suggestions.join(', ') })
        : t('directory.coop.errors.commune_unknown', { typed: typed.commune, province });
    case 'sector':
      return t('directory.coop.errors.sector_unknown');
    case 'kind':
      return t('directory.coop.errors.kind_unknown');
  }
}

function editForm(ctx: WebContext, c: ManagedCooperative, state?: EditState): SafeHtml {
  const { t } = ctx;
  const v: CooperativeForm = state?.values ?? {
    name: c.name,
    registrationCode: c.registrationCode ?? '',
    commune: c.commune ?? '',
    sector: c.sector,
    kind: c.kind,
  };
  const errorOf = (field: CooperativeFieldError['field']) => {
    const e = state?.errors.find((x) => x.field === field);
    return e ? fieldErrorText(t, e, v, c.province, ctx) : undefined;
  };
  const communes = listCommunes(c.province);
  const sectors = (COOPERATIVE_SECTORS as readonly string[]).includes(v.sector) ? [...COOPERATIVE_SECTORS] : [v.sector, ...COOPERATIVE_SECTORS];
  return html`<section class="panel" aria-labelledby="coop-edit-heading">
  <h2 id="coop-edit-heading">${t('directory.coop.edit_heading')}</h2>
  ${state?.errors.length ? html`<div class="notice error" role="alert" id="coop-edit-errors"><p>${t('directory.coop.errors.summary', { count: state.errors.length })}</p></div>` : ''}
  <form method="post" action="${`${coopPath(c.id)}/edit`}" id="coop-edit-form" class="edit-form" novalidate>${csrfField(ctx)}
    ${textField({ id: 'coop-name', name: 'name', label: t('directory.fields.name'), value: v.name, error: errorOf('name'), required: true, maxlength: COOPERATIVE_NAME_MAX })}
    ${textField({ id: 'coop-code', name: 'registrationCode', label: t('directory.fields.registrationCode'), value: v.registrationCode, error: errorOf('registrationCode'), hint: t('directory.coop.code_hint'), maxlength: REGISTRATION_CODE_MAX })}
    ${textField({ id: 'coop-commune', name: 'commune', label: t('directory.fields.commune'), value: v.commune, error: errorOf('commune'), hint: t('directory.coop.commune_hint', { province: c.province }), required: true, list: communes.length ? 'communes-of-province' : undefined })}
    ${communes.length ? html`<datalist id="communes-of-province">${communes.map((x) => html`<option value="${x.name}"></option>`)}</datalist>` : ''}
    ${selectBox({ id: 'coop-sector', name: 'sector', label: t('directory.fields.sector'), value: v.sector, error: errorOf('sector'), options: sectors.map((s) => ({ value: s, label: sectorLabel(t, s) })) })}
    ${selectBox({ id: 'coop-kind', name: 'kind', label: t('directory.fields.kind'), value: v.kind, error: errorOf('kind'), options: COOPERATIVE_KINDS.map((k) => ({ value: k, label: t(`directory.kind.${k}`) })) })}
    <p><button type="submit" class="primary">${t('directory.coop.save')}</button></p>
  </form>
</section>`;
}

function statusForm(ctx: WebContext, c: ManagedCooperative, state?: StatusState): SafeHtml {
  const { t } = ctx;
  const changes = CHANGES_FROM[c.status] ?? [];
  if (!changes.length) return html``;
  const chosen = state?.change ?? (changes.length === 1 ? changes[0] : undefined);
  return html`<section class="panel" aria-labelledby="coop-status-heading">
  <h2 id="coop-status-heading">${t('directory.coop.status_heading')}</h2>
  <p class="muted">${t('directory.coop.status_intro')}</p>
  <form method="post" action="${`${coopPath(c.id)}/status`}" id="coop-status-form" class="edit-form">${csrfField(ctx)}
    ${state ? html`<p class="field-error" id="coop-status-error" role="alert">${state.error}</p>` : ''}
    <fieldset><legend>${t('directory.coop.status_choose')}</legend>
    ${changes.map(
      (ch) =>
        html`<label class="choice"><input type="radio" name="change" value="${ch}"${ch === chosen ? html` checked` : ''} required> ${t(`directory.coop.change.${ch}`)}</label>`,
    )}
    </fieldset>
    <div class="field">
      <label for="coop-status-reason">${t('directory.coop.reason_label')}</label>
      <p class="muted" id="coop-status-reason-hint">${t('directory.coop.reason_hint', { min: STATUS_REASON_MIN, max: STATUS_REASON_MAX })}</p>
      <textarea id="coop-status-reason" name="reason" rows="3" required minlength="${STATUS_REASON_MIN}" maxlength="${STATUS_REASON_MAX}" aria-describedby="${state ? 'coop-status-reason-hint coop-status-error' : 'coop-status-reason-hint'}"${state ? html` aria-invalid="true"` : ''}>${state?.reason ?? ''}</textarea>
    </div>
    <p><button type="submit" class="secondary">${t('directory.coop.status_submit')}</button></p>
  </form>
</section>`;
}

/** "Field: before → after" for each field an audit line's details name. */
function historyChanges(t: T, details: HistoryDetails | null): SafeHtml | string {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return '—';
  const d = details as Record<string, HistoryDetails>;
  const before = (d.before && typeof d.before === 'object' && !Array.isArray(d.before) ? d.before : {}) as Record<string, HistoryDetails>;
  const after = (d.after && typeof d.after === 'object' && !Array.isArray(d.after) ? d.after : {}) as Record<string, HistoryDetails>;
  const show = (field: string, v: HistoryDetails | undefined): string => {
    if (v === null || v === undefined || v === '') return '—';
    const s = String(v);
    if (field === 'sector') return sectorLabel(t, s);
    if (field === 'kind') return t(`directory.kind.${s}`, { defaultValue: s });
    if (field === 'status') return t(`directory.status.${s}`, { defaultValue: s });
    if (field === 'role') return roleLabel(t, s);
    return s;
  };
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines = fields.map(
    (f) => html`<li><span class="label">${t(`directory.fields.${f}`, { defaultValue: f })}:</span> ${show(f, before[f])} → ${show(f, after[f])}</li>`,
  );
  if (Array.isArray(d.fields) && d.fields.length)
    lines.push(
      html`<li>${t('directory.coop.history_fields', { list: d.fields.map((f) => t(`directory.fields.${String(f)}`, { defaultValue: String(f) })).join(', ') })}</li>`,
    );
  if (d.import === true) lines.push(html`<li>${t('directory.coop.history_import', { row: typeof d.row === 'number' ? d.row : '—' })}</li>`);
  if (typeof d.reason === 'string') lines.push(html`<li><span class="label">${t('directory.coop.reason')}:</span> ${d.reason}</li>`);
  if (typeof d.role === 'string' && !fields.length) lines.push(html`<li>${roleLabel(t, d.role)}</li>`);
  return lines.length ? html`<ul class="plain">${lines}</ul>` : '—';
}

function renderCooperative(ctx: WebContext, c: ManagedCooperative, history: CooperativeHistoryEntry[], edit?: EditState, status?: StatusState): SafeHtml {
  const { t } = ctx;
  const done = DONE.find((d) => d === ctx.req.query.get('done'));
  const fact = (label: string, value: string | SafeHtml, id?: string) => html`<div><dt>${label}</dt><dd${id ? html` id="${id}"` : ''}>${value}</dd></div>`;
  const facts = html`<dl class="facts" id="coop-facts">
    ${fact(t('directory.fields.name'), c.name, 'coop-fact-name')}
    ${fact(t('directory.fields.registrationCode'), c.registrationCode ?? '—', 'coop-fact-code')}
    ${fact(t('directory.fields.commune'), c.commune ?? t('dashboard.web.no_commune'), 'coop-fact-commune')}
    ${fact(t('directory.fields.province'), c.province)}
    ${fact(t('directory.fields.sector'), sectorLabel(t, c.sector), 'coop-fact-sector')}
    ${fact(t('directory.fields.kind'), t(`directory.kind.${c.kind}`), 'coop-fact-kind')}
    ${fact(t('directory.fields.status'), t(`directory.status.${c.status}`), 'coop-fact-status')}
  </dl>`;
  const people = scrollTable(
    t('directory.coop.people_caption'),
    headerRow([
      t('directory.people.name'),
      t('directory.people.role'),
      t('directory.people.channels'),
      t('directory.people.last_active'),
      t('directory.people.phone'),
      t('directory.people.actions'),
    ]),
    c.people.length
      ? c.people.map(
          (p) =>
            html`<tr data-person="${p.id}"><th scope="row">${p.name ?? t('directory.people.no_name')}</th><td>${roleLabel(t, p.role)}${p.canReport ? html` <span class="muted">(${t('directory.people.can_report')})</span>` : ''}</td><td>${channelsLabel(t, p.channels)}</td><td>${p.lastActiveAt ? vnDateTimeText(p.lastActiveAt) : '—'}</td><td>${maskPhone(p.phone)}</td><td><a href="${`${SECTION_PATHS.people}/${p.id}/revoke`}">${t('directory.people.revoke_link')}</a></td></tr>`,
        )
      : [html`<tr><td colspan="6">${t('directory.coop.no_people')}</td></tr>`],
    'table-coop-people',
  );
  const historyTable = scrollTable(
    t('directory.coop.history_caption'),
    headerRow([t('directory.coop.history_at'), t('directory.coop.history_who'), t('directory.coop.history_action'), t('directory.coop.history_changes')]),
    history.length
      ? history.map(
          (h) =>
            html`<tr data-action="${h.action}"><td>${vnDateTimeText(h.at)}</td><td>${h.actorId === null ? t('directory.coop.history_system') : (h.actorName ?? `#${h.actorId}`)}</td><td>${t(`directory.actions.${h.action.replace(/\./g, '_')}`, { defaultValue: h.action })}</td><td>${historyChanges(t, h.details)}</td></tr>`,
        )
      : [html`<tr><td colspan="4">${t('directory.coop.no_history')}</td></tr>`],
    'table-coop-history',
  );
  return html`<p><a href="${PATH}">${t('directory.coop.back')}</a></p>
  ${done ? html`<div class="notice" role="status" id="coop-done"><p>${t(`directory.coop.done.${done}`)}</p></div>` : ''}
  ${facts}
  ${editForm(ctx, c, edit)}
  ${statusForm(ctx, c, status)}
  <h2>${t('directory.coop.people_heading')}</h2>
  ${people}
  <h2>${t('directory.coop.history_heading')}</h2>
  ${historyTable}`;
}

/** The cooperative of the path, within the officer's jurisdiction, or the answer to give (404, 403). */
async function load(ctx: WebContext): Promise<{ ok: true; c: ManagedCooperative } | { ok: false; response: HttpResponse }> {
  const id = idInPath(ctx.req.path, PATH);
  if (id === undefined) return { ok: false, response: notFoundPage(ctx, 'cooperatives', ctx.req.path.split('/').at(-1) ?? '') };
  const found = await ctx.deps.services.findManagedCooperative({ cooperativeId: id, actor: ctx.officer });
  if (found.ok) return { ok: true, c: found.cooperative };
  if (found.reason === 'outside_jurisdiction') return { ok: false, response: outsideJurisdiction(ctx, 'cooperatives', `cooperative:${id}`) };
  return { ok: false, response: notFoundPage(ctx, 'cooperatives', id) };
}

async function show(ctx: WebContext, c: ManagedCooperative, statusCode = 200, edit?: EditState, status?: StatusState): Promise<HttpResponse> {
  const history = await ctx.deps.services.listCooperativeHistory({ cooperativeId: c.id });
  return ctx.page('cooperatives', { title: c.name, body: renderCooperative(ctx, c, history, edit, status) }, statusCode);
}

/**
 * GET /dashboard/cooperatives/<id>: a cooperative of the officer's jurisdiction — its fields, the
 * form to edit them, the suspend / dissolve / reactivate form, its directors and members (joined
 * or pending; phones masked), and its history from the audit log. Another area's is a 403; none a 404.
 */
export async function cooperativePage(ctx: WebContext): Promise<HttpResponse> {
  const found = await load(ctx);
  if (!found.ok) return found.response;
  return show(ctx, found.c);
}

/**
 * POST /dashboard/cooperatives/<id>/edit (name, registrationCode, commune, sector, kind, csrf):
 * updateCooperative (jurisdiction, validation against the official units, audit). Refused fields
 * show the page again (400) with what was typed and each field's reason; done: back to the page (303).
 */
export async function editCooperativeAction(ctx: WebContext): Promise<HttpResponse> {
  const forged = refuseForgedForm(ctx, 'cooperatives', 'cooperative.edit');
  if (forged) return forged;
  const found = await load(ctx);
  if (!found.ok) return found.response;
  const f = ctx.form!;
  const values: CooperativeForm = {
    name: f.get('name') ?? '',
    registrationCode: f.get('registrationCode') ?? '',
    commune: f.get('commune') ?? '',
    sector: f.get('sector') ?? '',
    kind: f.get('kind') ?? '',
  };
  const result = await ctx.deps.services.updateCooperative({ cooperativeId: found.c.id, actor: ctx.officer, form: values });
  if (result.ok) {
    ctx.deps.logger.info({ personId: ctx.officer.personId, cooperativeId: found.c.id, changed: result.changed }, 'cooperative edited on the dashboard');
    return redirect(`${coopPath(found.c.id)}${queryString({ done: result.changed.length ? 'updated' : 'unchanged' })}`);
  }
  if (result.reason === 'outside_jurisdiction') return outsideJurisdiction(ctx, 'cooperatives', `cooperative:${found.c.id}`);
  if (result.reason === 'invalid') return show(ctx, found.c, 400, { values, errors: result.errors });
  return notFoundPage(ctx, 'cooperatives', found.c.id);
}

/**
 * POST /dashboard/cooperatives/<id>/status (change=suspend|dissolve|reactivate, reason, csrf):
 * changeCooperativeStatus (jurisdiction, audit with the reason). A missing or bad reason shows the
 * page again (400) with what was typed; done: back to the page (303).
 */
export async function cooperativeStatusAction(ctx: WebContext): Promise<HttpResponse> {
  const { t } = ctx;
  const forged = refuseForgedForm(ctx, 'cooperatives', 'cooperative.status');
  if (forged) return forged;
  const found = await load(ctx);
  if (!found.ok) return found.response;
  const f = ctx.form!;
  const reason = f.get('reason') ?? '';
  const change = STATUS_CHANGES.find((c) => c === f.get('change'));
  const again = (error: string) => show(ctx, found.c, 400, undefined, { change, reason, error });
  if (!change) return again(t('directory.coop.errors.change_required'));
  const result = await ctx.deps.services.changeCooperativeStatus({ cooperativeId: found.c.id, actor: ctx.officer, change, reason });
  if (result.ok) {
    ctx.deps.logger.info(
      { personId: ctx.officer.personId, cooperativeId: found.c.id, from: result.from, to: result.to },
      'cooperative status changed on the dashboard',
    );
    const done = { suspend: 'suspended', dissolve: 'dissolved', reactivate: 'reactivated' }[change];
    return redirect(`${coopPath(found.c.id)}${queryString({ done })}`);
  }
  if (result.reason === 'outside_jurisdiction') return outsideJurisdiction(ctx, 'cooperatives', `cooperative:${found.c.id}`);
  if (result.reason === 'not_found') return notFoundPage(ctx, 'cooperatives', found.c.id);
  if (result.reason !== 'not_allowed_from') return again(t('directory.coop.errors.reason_length', { min: STATUS_REASON_MIN, max: STATUS_REASON_MAX }));
  return again(t('directory.coop.errors.change_not_allowed', { status: t(`directory.status.${result.status}`) }));
}
