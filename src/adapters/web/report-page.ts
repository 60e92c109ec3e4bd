import { fieldKey, formatValue } from '../../handlers/reports/field-values.js';
import { reportName } from '../../handlers/reports/report-text.js';
import { tellReviewDecision } from '../../handlers/reports/review-notice.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import type { DashboardReport } from '../../services/dashboard/find-dashboard-report.js';
import { statusLabel } from '../../services/exports/report-table.js';
import { visibleFields, type Answers, type FormDef } from '../../services/reports/form-definition.js';
import { findForm } from '../../services/reports/forms/forms.js';
import { REVIEW_COMMENT_MAX } from '../../services/reports/review-report.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { headerRow, queryString, scrollTable } from './page-parts.js';
import { SESSION_COOKIE, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

/** The shortest comment a return takes (as in the chat). */
const COMMENT_MIN = 3;
/** What `?done=` may say after a decision. */
const DONE = ['accepted', 'returned', 'already_decided'] as const;

const reportPath = (id: number) => `${SECTION_PATHS.reports}/${id}`;

/** The report id of `/dashboard/reports/<id>` (and of its `/review`), or undefined. */
function reportIdOf(path: string): number | undefined {
  const m = /^\/dashboard\/reports\/(\d{1,9})(?:\/review)?$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** The same "not here" page for a report that does not exist and one outside the officer's area. */
function notFound(ctx: WebContext, id: string | number): HttpResponse {
  return ctx.problem(404, 'reports', ctx.t('dashboard.web.report.not_found_title'), ctx.t('dashboard.web.report.not_found', { id }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What one revision changed against the one before it: "Label: before → after". */
function changes(ctx: WebContext, form: FormDef, now: Answers, before: Answers | undefined): SafeHtml | string {
  const { t, locale } = ctx;
  if (!before) return t('dashboard.web.report.first_revision');
  const changed = form.fields.filter((f) => !same(now[f.key], before[f.key]));
  if (!changed.length) return t('dashboard.web.report.no_changes');
  return html`<ul class="plain">${changed.map(
    (f) =>
      html`<li><span class="label">${t(fieldKey(form, f, 'label'))}:</span> ${formatValue(t, locale, form, f, before[f.key])} → ${formatValue(t, locale, form, f, now[f.key])}</li>`,
  )}</ul>`;
}

/** The accept and return forms, while the report waits for review. */
function decisionForms(ctx: WebContext, r: DashboardReport, problem?: { comment: string; message: string }): SafeHtml {
  const { t } = ctx;
  const action = `${reportPath(r.id)}/review`;
  const token = html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
  return html`<section aria-labelledby="report-decide" class="panel decide">
  <h2 id="report-decide">${t('dashboard.web.report.decide_heading')}</h2>
  <p class="muted">${t('dashboard.web.report.decide_intro')}</p>
  <form method="post" action="${action}" id="accept-form">${token}<input type="hidden" name="decision" value="accept">
    <button type="submit" class="primary">${t('review.accept')}</button>
  </form>
  <form method="post" action="${action}" id="return-form">${token}<input type="hidden" name="decision" value="return">
    <label for="return-comment">${t('dashboard.web.report.comment_label')}</label>
    <p class="muted" id="return-comment-hint">${t('dashboard.web.report.comment_hint', { min: COMMENT_MIN, max: REVIEW_COMMENT_MAX })}</p>
    ${problem ? html`<p class="field-error" id="return-comment-error" role="alert">${problem.message}</p>` : ''}
    <textarea id="return-comment" name="comment" rows="4" required minlength="${COMMENT_MIN}" maxlength="${REVIEW_COMMENT_MAX}" aria-describedby="${problem ? 'return-comment-hint return-comment-error' : 'return-comment-hint'}"${problem ? html` aria-invalid="true"` : ''}>${problem?.comment ?? ''}</textarea>
    <button type="submit" class="secondary">${t('review.return')}</button>
  </form>
</section>`;
}

/** The report page's body (also shown again, with the problem, when a return's comment is refused). */
function renderReport(ctx: WebContext, r: DashboardReport, form: FormDef, problem?: { comment: string; message: string }): SafeHtml {
  const { t, locale } = ctx;
  const done = DONE.find((d) => d === ctx.req.query.get('done'));
  const told = Number(ctx.req.query.get('told') ?? '0');
  const place = [r.cooperative.commune, r.cooperative.province].filter(Boolean).join(', ');
  const when = (at: Date | null) => (at ? vnDateTimeText(at) : '—');
  const fact = (label: string, value: string | SafeHtml, id?: string) => html`<div><dt>${label}</dt><dd${id ? html` id="${id}"` : ''}>${value}</dd></div>`;
  const facts = html`<dl class="facts">
    ${fact(t('dashboard.web.columns.cooperative'), r.cooperative.name)}
    ${fact(t('dashboard.web.report.place'), place)}
    ${fact(t('dashboard.web.columns.sector'), t(`announcements.sector.${r.cooperative.sector}`, { defaultValue: r.cooperative.sector }))}
    ${fact(t('dashboard.web.report.report'), reportName(t, form, r.period))}
    ${fact(t('dashboard.web.columns.status'), statusLabel(t, r.status), 'report-status')}
    ${fact(t('dashboard.web.report.revision'), String(r.revision))}
    ${fact(t('dashboard.web.columns.submitted_at'), when(r.submittedAt))}
    ${r.reviewedAt ? fact(t('dashboard.web.report.reviewed'), t('dashboard.web.report.reviewed_by', { at: when(r.reviewedAt), by: r.reviewedBy ?? '—' })) : ''}
  </dl>`;
  const fields = visibleFields(form, r.answers);
  const answers = scrollTable(
    t('dashboard.web.report.answers_caption', { revision: r.revision }),
    headerRow(['#', t('dashboard.web.report.question'), t('dashboard.web.report.answer')]),
    fields.map(
      (f, i) =>
        html`<tr data-field="${f.key}"><td class="num">${i + 1}</td><th scope="row">${t(fieldKey(form, f, 'label'))}</th><td>${formatValue(t, locale, form, f, r.answers[f.key])}</td></tr>`,
    ),
    'table-answers',
  );
  const revisions = scrollTable(
    t('dashboard.web.report.revisions_caption'),
    headerRow([
      { label: t('dashboard.web.report.revision'), num: true },
      t('dashboard.web.columns.submitted_at'),
      t('dashboard.web.report.submitted_by'),
      t('dashboard.web.report.changes'),
    ]),
    r.revisions.length
      ? r.revisions.map(
          (v, i) =>
            html`<tr data-revision="${v.revision}"><td class="num">${v.revision}</td><td>${vnDateTimeText(v.submittedAt)}</td><td>${v.submittedBy ?? '—'}</td><td>${changes(ctx, form, v.answers, r.revisions[i + 1]?.answers)}</td></tr>`,
        )
      : [html`<tr><td colspan="4">${t('dashboard.web.report.no_revisions')}</td></tr>`],
    'table-revisions',
  );
  const reviews = scrollTable(
    t('dashboard.web.report.reviews_caption'),
    headerRow([
      t('dashboard.web.report.reviewed_at'),
      t('dashboard.web.report.officer'),
      t('dashboard.web.report.decision'),
      t('dashboard.web.report.comment'),
    ]),
    r.reviews.length
      ? r.reviews.map(
          (v) =>
            html`<tr data-decision="${v.decision}"><td>${vnDateTimeText(v.at)}</td><td>${v.by ?? '—'}</td><td>${t(`dashboard.web.report.decisions.${v.decision}`)}</td><td class="comment">${v.comment ?? '—'}</td></tr>`,
        )
      : [html`<tr><td colspan="4">${t('dashboard.web.report.no_reviews')}</td></tr>`],
    'table-reviews',
  );
  return html`
  <p><a href="${`${SECTION_PATHS.reports}${queryString({ form: r.form, period: r.period })}`}">${t('dashboard.web.report.back')}</a></p>
  ${done ? html`<div class="notice" role="status" id="report-done"><p>${done === 'already_decided' ? t('review.already_decided', { id: r.id }) : t(`review.${done}`, { id: r.id, count: Number.isFinite(told) ? told : 0 })}</p></div>` : ''}
  ${facts}
  ${r.status === 'submitted' ? decisionForms(ctx, r, problem) : ''}
  <h2>${t('dashboard.web.report.answers_heading')}</h2>
  ${answers}
  <h2>${t('dashboard.web.report.revisions_heading')}</h2>
  ${revisions}
  <h2>${t('dashboard.web.report.reviews_heading')}</h2>
  ${reviews}`;
}

async function load(ctx: WebContext, id: number) {
  const r = await ctx.deps.services.findDashboardReport({ reportId: id, jurisdiction: ctx.officer });
  const form = r && findForm(r.form);
  return r && form ? { r, form } : null;
}

/**
 * GET /dashboard/reports/<id>: one submitted report of the officer's area — every answer with its
 * label, its revisions (what each changed), the officers' decisions with their comments — and,
 * while it waits for review, forms to accept it or return it with a comment. A report of another
 * area is a 404, like one that does not exist.
 */
export async function reportPage(ctx: WebContext): Promise<HttpResponse> {
  const id = reportIdOf(ctx.req.path);
  if (id === undefined) return notFound(ctx, ctx.req.path.split('/').at(-1) ?? '');
  const found = await load(ctx, id);
  if (!found) return notFound(ctx, id);
  return ctx.page('reports', { title: pageTitle(ctx, found.r), body: renderReport(ctx, found.r, found.form) });
}

const pageTitle = (ctx: WebContext, r: DashboardReport) => ctx.t('dashboard.web.report.title', { id: r.id, coop: r.cooperative.name });

/**
 * POST /dashboard/reports/<id>/review (`decision=accept|return`, `comment`, the form's anti-forgery
 * token): the chat's review (reviewReport: the same jurisdiction rule, audit and status change),
 * then the cooperative's directors and reporters are told in the chat, as from /duyetbaocao. Then
 * back to the report (303). A wrong token is a 403; a report outside the area a 404; a comment too
 * short or too long shows the page again with the problem.
 */
export async function reviewReportAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  const id = reportIdOf(ctx.req.path);
  if (id === undefined) return notFound(ctx, '');
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) {
    deps.logger.warn({ personId: officer.personId, reportId: id }, 'dashboard: review form without a valid token refused');
    return ctx.problem(403, 'reports', t('dashboard.web.report.form_expired_title'), t('dashboard.web.report.form_expired'));
  }
  const decision = ctx.form?.get('decision');
  if (decision !== 'accept' && decision !== 'return')
    return ctx.problem(400, 'reports', t('dashboard.web.bad_request_title'), t('dashboard.web.report.bad_decision'));
  const comment = decision === 'return' ? (ctx.form?.get('comment') ?? '').replace(/\r\n?/g, '\n').trim() : undefined;
  if (comment !== undefined && ([...comment].length < COMMENT_MIN || [...comment].length > REVIEW_COMMENT_MAX)) {
    const found = await load(ctx, id);
    if (!found) return notFound(ctx, id);
    const problem = { comment, message: t('review.comment_length', { max: REVIEW_COMMENT_MAX }) };
    return ctx.page('reports', { title: pageTitle(ctx, found.r), body: renderReport(ctx, found.r, found.form, problem) }, 400);
  }
  const result = await deps.services.reviewReport({ reportId: id, reviewer: officer, decision, comment, now: ctx.now });
  if (!result.ok) {
    if (result.reason === 'not_submitted') return redirect(`${reportPath(id)}${queryString({ done: 'already_decided' })}`);
    deps.logger.warn({ personId: officer.personId, reportId: id, reason: result.reason }, 'dashboard: review of a report refused');
    return notFound(ctx, id);
  }
  const told = await tellReviewDecision(
    { services: deps.services, notify: deps.notify, translator: deps.translator, logger: deps.logger },
    result.report,
    decision,
    comment,
  );
  deps.logger.info({ personId: officer.personId, reportId: id, decision, told }, 'report reviewed on the dashboard');
  return redirect(`${reportPath(id)}${queryString({ done: decision === 'accept' ? 'accepted' : 'returned', told })}`);
}
