import { dayKey, vnDateTimeText, vnDay } from '../../lib/vn-time.js';
import { mayReviewDrafts } from '../../services/access/draft-access.js';
import { draftSkeleton } from '../../services/knowledge/draft-skeleton.js';
import type { KnowledgeDraftRow } from '../../services/knowledge/list-knowledge-drafts.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html } from './html.js';
import { headerRow, queryString, scrollTable } from './page-parts.js';
import { SESSION_COOKIE, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

const SHOWN = 200;
const TEXT_MAX = 200;
export const DRAFTS_PATH = `${SECTION_PATHS.knowledge}/drafts`;
const draftPath = (id: number) => `${DRAFTS_PATH}/${id}`;

/** The draft id of `/dashboard/knowledge/drafts/<id>` (and of its `/reviewed`), or undefined. */
function draftIdOf(path: string): number | undefined {
  const m = /^\/dashboard\/knowledge\/drafts\/(\d{1,9})(?:\/reviewed)?$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

const cut = (s: string) => ([...s].length > TEXT_MAX ? `${[...s].slice(0, TEXT_MAX).join('')}…` : s);
const place = (d: KnowledgeDraftRow) => [d.commune, d.province].filter(Boolean).join(', ') || '—';

/** A commune officer proposes drafts but does not review them (access/draft-access.ts). */
function notReviewer(ctx: WebContext): HttpResponse {
  ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path }, 'dashboard: drafts refused to a non-reviewer');
  return ctx.problem(403, 'knowledge', ctx.t('dashboard.web.forbidden_title'), ctx.t('webadmin.drafts.not_reviewer'));
}

/**
 * GET /dashboard/knowledge/drafts: the drafts officers proposed for the knowledge base (an answered
 * question kept with "save as draft"), not yet reviewed, that this reviewer may see (admins and
 * national officers: all; a province's officers: their province's; commune officers: 403).
 */
export async function draftsPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!mayReviewDrafts(officer)) return notReviewer(ctx);
  const { drafts, total } = await deps.services.listKnowledgeDrafts({ reviewer: officer, limit: SHOWN });
  const reviewed = Number(ctx.req.query.get('reviewed') ?? '');
  const body = html`
  <p><a href="${SECTION_PATHS.knowledge}">${t('webadmin.drafts.back_knowledge')}</a></p>
  ${Number.isInteger(reviewed) && reviewed > 0 ? html`<div class="notice" role="status" id="draft-done"><p>${t('webadmin.drafts.reviewed_done', { id: reviewed })}</p></div>` : ''}
  <p class="muted">${total ? t('webadmin.drafts.intro', { count: total }) : t('webadmin.drafts.none')}</p>
  ${scrollTable(
    t('webadmin.drafts.table'),
    headerRow([
      '#',
      t('webadmin.drafts.columns.created'),
      t('webadmin.drafts.columns.by'),
      t('webadmin.drafts.columns.area'),
      t('webadmin.drafts.columns.question'),
      t('webadmin.drafts.columns.answer'),
    ]),
    drafts.length
      ? drafts.map(
          (d) =>
            html`<tr data-draft="${d.id}">${[
              html`<td class="num"><a href="${draftPath(d.id)}" aria-label="${t('webadmin.drafts.open', { id: d.id })}">${d.id}</a></td>`,
              html`<td>${vnDateTimeText(d.createdAt)}</td>`,
              html`<td>${d.createdBy ?? '—'}</td>`,
              html`<td>${place(d)}</td>`,
              html`<td>${cut(d.question)}</td>`,
              html`<td>${cut(d.answer)}</td>`,
            ]}</tr>`,
        )
      : [html`<tr><td colspan="6">${t('webadmin.drafts.none')}</td></tr>`],
    'table-drafts',
  )}
  ${total > drafts.length ? html`<p class="muted">${t('webadmin.drafts.more', { shown: drafts.length, count: total })}</p>` : ''}`;
  return ctx.page('knowledge', { title: t('webadmin.drafts.title'), body });
}

async function load(ctx: WebContext): Promise<{ draft: KnowledgeDraftRow } | { response: HttpResponse }> {
  const { t, deps, officer } = ctx;
  const id = draftIdOf(ctx.req.path);
  const found = id === undefined ? 'not_found' : await deps.services.findKnowledgeDraft({ draftId: id, reviewer: officer });
  if (found === 'not_allowed') return { response: notReviewer(ctx) };
  if (found === 'not_found')
    return { response: ctx.problem(404, 'knowledge', t('webadmin.drafts.not_found_title'), t('webadmin.drafts.not_found', { id: id ?? '' })) };
  if (found === 'outside_jurisdiction') {
    deps.logger.warn({ personId: officer.personId, draftId: id }, 'dashboard: draft outside jurisdiction refused');
    return { response: ctx.problem(403, 'knowledge', t('dashboard.web.forbidden_title'), t('webadmin.drafts.outside')) };
  }
  return { draft: found };
}

/**
 * GET /dashboard/knowledge/drafts/<id>: one draft as the Markdown skeleton of an article (the same
 * text as `npm run admin -- drafts`), to copy into knowledge/<topic>/<id>.md and complete, and
 * "mark as reviewed" once it is written up or rejected.
 */
export async function draftPage(ctx: WebContext): Promise<HttpResponse> {
  const { t } = ctx;
  const r = await load(ctx);
  if ('response' in r) return r.response;
  const d = r.draft;
  const body = html`
  <p><a href="${DRAFTS_PATH}">${t('webadmin.drafts.back')}</a></p>
  <dl class="facts">
    <div><dt>${t('webadmin.drafts.columns.created')}</dt><dd>${vnDateTimeText(d.createdAt)}</dd></div>
    <div><dt>${t('webadmin.drafts.columns.by')}</dt><dd>${d.createdBy ?? '—'}</dd></div>
    <div><dt>${t('webadmin.drafts.columns.area')}</dt><dd>${place(d)}</dd></div>
    <div><dt>${t('webadmin.drafts.state')}</dt><dd id="draft-state">${d.reviewedAt ? t('webadmin.drafts.reviewed_at', { at: vnDateTimeText(d.reviewedAt) }) : t('webadmin.drafts.unreviewed')}</dd></div>
  </dl>
  <h2 id="skeleton-heading">${t('webadmin.drafts.skeleton_heading')}</h2>
  <p class="muted">${t('webadmin.drafts.skeleton_hint', { command: 'npm run kb:check' })}</p>
  <div class="table-wrap" role="region" tabindex="0" aria-labelledby="skeleton-heading"><pre id="draft-skeleton"><code>${draftSkeleton(d, dayKey(vnDay(ctx.now)))}</code></pre></div>
  ${
    d.reviewedAt
      ? ''
      : html`<form method="post" action="${`${draftPath(d.id)}/reviewed`}" id="reviewed-form" class="panel decide"><input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
    <p class="muted">${t('webadmin.drafts.reviewed_hint')}</p>
    <button type="submit" class="primary">${t('webadmin.drafts.mark_reviewed')}</button>
  </form>`
  }`;
  return ctx.page('knowledge', { title: t('webadmin.drafts.draft_title', { id: d.id }), body });
}

/**
 * POST /dashboard/knowledge/drafts/<id>/reviewed (the anti-forgery token): marks the draft as done
 * (markDraftReviewed, audited; as `npm run admin -- drafts reviewed <id>`), then back to the list (303).
 */
export async function markDraftReviewedAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) {
    deps.logger.warn({ personId: officer.personId, path: ctx.req.path }, 'dashboard: draft form without a valid token refused');
    return ctx.problem(403, 'knowledge', t('webadmin.form_expired_title'), t('webadmin.form_expired'));
  }
  const r = await load(ctx);
  if ('response' in r) return r.response;
  const result = await deps.services.markDraftReviewed({ draftId: r.draft.id, reviewer: officer, now: ctx.now });
  if (result === 'reviewed' || result === 'already_reviewed') {
    if (result === 'reviewed') deps.logger.info({ personId: officer.personId, draftId: r.draft.id }, 'knowledge draft reviewed on the dashboard');
    return redirect(`${DRAFTS_PATH}${queryString({ reviewed: r.draft.id })}`);
  }
  if (result === 'not_allowed') return notReviewer(ctx);
  if (result === 'outside_jurisdiction') return ctx.problem(403, 'knowledge', t('dashboard.web.forbidden_title'), t('webadmin.drafts.outside'));
  return ctx.problem(404, 'knowledge', t('webadmin.drafts.not_found_title'), t('webadmin.drafts.not_found', { id: r.draft.id }));
}
