import type { T } from '../../i18n/i18n.js';
import { parseVietnamesePhone } from '../../lib/phone.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { queryString } from './page-parts.js';
import { SESSION_COOKIE, type WebContext } from './web-context.js';
import type { Section } from './web-page.js';

/** Rows per page of the cooperatives' and people's lists. */
export const DIRECTORY_PAGE_SIZE = 25;

/**
 * A phone number for a list: the first three and last three digits of its national form, the rest
 * hidden ("+84912345678" → "091••••678"), so a screen or a printout does not hand out people's numbers.
 */
export function maskPhone(phone: string | null): string {
  if (!phone) return '—';
  // Stored as +84… (the register import) or as typed: shown in the national form people know.
  const digits = (parseVietnamesePhone(phone) ?? phone).replace(/\D/g, '');
  if (digits.length < 7) return '•••';
  return `${digits.slice(0, 3)}${'•'.repeat(digits.length - 6)}${digits.slice(-3)}`;
}

/** `?page=` as a number from 1 (anything else: 1). */
export function pageNumber(ctx: WebContext): number {
  const raw = ctx.req.query.get('page') ?? '1';
  return /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;
}

/** The id in a path such as `/dashboard/cooperatives/12/edit` (the number after `prefix/`). */
export function idInPath(path: string, prefix: string): number | undefined {
  const rest = path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : '';
  const m = /^(\d{1,9})(?:\/[a-z-]+)?$/.exec(rest);
  return m ? Number(m[1]) : undefined;
}

/** Previous / next links of a paged list (nothing when it fits one page). */
export function pagerLinks(t: T, path: string, params: Record<string, string | undefined>, page: number, total: number): SafeHtml | '' {
  const pages = Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE));
  if (pages <= 1) return '';
  return html`<nav class="pager" aria-label="${t('directory.pager_label')}">${page > 1 ? html`<a href="${`${path}${queryString({ ...params, page: page - 1 })}`}" rel="prev">${t('dashboard.web.reports.prev')}</a>` : ''}
    <span>${t('dashboard.web.reports.page', { page, pages })}</span>
    ${page < pages ? html`<a href="${`${path}${queryString({ ...params, page: page + 1 })}`}" rel="next">${t('dashboard.web.reports.next')}</a>` : ''}</nav>`;
}

/** The hidden anti-forgery field of a POST form. */
export const csrfField = (ctx: WebContext): SafeHtml => html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;

/** A POST without this session's anti-forgery token: a 403 page (logged); null when the token is right. */
export function refuseForgedForm(ctx: WebContext, section: Section, what: string): HttpResponse | null {
  if (csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) return null;
  ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path, what }, 'dashboard: form without a valid token refused');
  return ctx.problem(403, section, ctx.t('dashboard.web.report.form_expired_title'), ctx.t('dashboard.web.report.form_expired'));
}

/** A 403 page for a cooperative or person outside the officer's jurisdiction (logged). */
export function outsideJurisdiction(ctx: WebContext, section: Section, what: string): HttpResponse {
  ctx.deps.logger.warn(
    { personId: ctx.officer.personId, path: ctx.req.path, method: ctx.form ? 'POST' : 'GET', what },
    'dashboard: outside the jurisdiction refused',
  );
  return ctx.problem(403, section, ctx.t('dashboard.web.forbidden_title'), ctx.t('directory.outside_jurisdiction'));
}

/** A 404 page for a cooperative or person that does not exist. */
export const notFoundPage = (ctx: WebContext, section: Section, id: string | number): HttpResponse =>
  ctx.problem(404, section, ctx.t('directory.not_found_title'), ctx.t(`directory.not_found_${section === 'people' ? 'person' : 'cooperative'}`, { id }));

/** A role as people read it. */
export const roleLabel = (t: T, role: string): string => t(`directory.roles.${role}`, { defaultValue: role });

/** The channels of a person ("Telegram, Zalo OA"), or "not joined yet". */
export function channelsLabel(t: T, channels: readonly string[]): string {
  return channels.length ? channels.map((c) => t(`channels.${c}`, { defaultValue: c })).join(', ') : t('directory.people.not_joined');
}

/** A labelled text field of a form that changes something: its error (if any) next to it, the value as typed kept. */
export function textField(o: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | SafeHtml;
  hint?: string;
  required?: boolean;
  maxlength?: number;
  list?: string;
}): SafeHtml {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for="${o.id}">${o.label}</label>
    ${o.hint ? html`<p class="muted" id="${`${o.id}-hint`}">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="field-error" id="${`${o.id}-error`}">${o.error}</p>` : ''}
    <input type="text" id="${o.id}" name="${o.name}" value="${o.value}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.list ? html` list="${o.list}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}>
  </div>`;
}

/** A labelled `<select>` of a form that changes something, with its error. */
export function selectBox(o: {
  id: string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  error?: string;
}): SafeHtml {
  return html`<div class="field">
    <label for="${o.id}">${o.label}</label>
    ${o.error ? html`<p class="field-error" id="${`${o.id}-error`}">${o.error}</p>` : ''}
    <select id="${o.id}" name="${o.name}"${o.error ? html` aria-invalid="true" aria-describedby="${`${o.id}-error`}"` : ''}>${o.options.map(
      (x) => html`<option value="${x.value}"${x.value === o.value ? html` selected` : ''}>${x.label}</option>`,
    )}</select>
  </div>`;
}
