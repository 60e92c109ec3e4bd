import { ANSWER_MAX, ANSWER_MIN } from '../../handlers/questions/answer-flow.js';
import { keepAsDraft } from '../../handlers/questions/keep-as-draft.js';
import { charCount, questionOrigin } from '../../handlers/questions/question-text.js';
import { answerAndRelay } from '../../handlers/questions/relay-answer.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import { coversArea } from '../../services/access/jurisdiction.js';
import type { Services } from '../../services/services.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { queryString } from './page-parts.js';
import { SESSION_COOKIE, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS } from './web-page.js';

type OneQuestion = NonNullable<Awaited<ReturnType<Services['findQuestion']>>>;

/** What `?done=` may say after an action. */
const DONE = ['answer_sent', 'answer_stored', 'kb_saved', 'kb_exists'] as const;

const questionPath = (id: number) => `${SECTION_PATHS.questions}/${id}`;

/** The question id of `/dashboard/questions/<id>` (and of its `/answer`, `/draft`), or undefined. */
function questionIdOf(path: string): number | undefined {
  const m = /^\/dashboard\/questions\/(\d{1,9})(?:\/(?:answer|draft))?$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/**
 * The question of the URL if the officer answers its area (access/jurisdiction.ts, the chat's rule:
 * admins any), else the page that says why not: 404 unknown, 403 another area's.
 */
async function load(ctx: WebContext): Promise<{ q: OneQuestion } | { response: HttpResponse }> {
  const { t, deps, officer } = ctx;
  const id = questionIdOf(ctx.req.path);
  const q = id === undefined ? null : await deps.services.findQuestion(id);
  if (!q) return { response: ctx.problem(404, 'questions', t('webadmin.questions.not_found_title'), t('handoff.not_found', { id: id ?? '' })) };
  if (officer.role !== 'admin' && !coversArea(officer, q)) {
    deps.logger.warn({ personId: officer.personId, questionId: q.id }, 'dashboard: question outside jurisdiction refused');
    return { response: ctx.problem(403, 'questions', ctx.t('dashboard.web.forbidden_title'), t('handoff.not_yours', { id: q.id })) };
  }
  return { q };
}

const tokenField = (ctx: WebContext) => html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;

/** The answer form (with what was typed and the problem, when it was refused). */
function answerForm(ctx: WebContext, q: OneQuestion, problem?: { text: string; message: string }): SafeHtml {
  const { t } = ctx;
  const described = problem ? 'answer-hint answer-error' : 'answer-hint';
  return html`<section aria-labelledby="answer-heading" class="panel decide">
  <h2 id="answer-heading">${t('webadmin.questions.answer_heading')}</h2>
  <form method="post" action="${`${questionPath(q.id)}/answer`}" id="answer-form">${tokenField(ctx)}
    <label for="answer-text">${t('webadmin.questions.answer_label')}</label>
    <p class="muted" id="answer-hint">${t('webadmin.questions.answer_hint', { min: ANSWER_MIN, max: ANSWER_MAX })}</p>
    ${problem ? html`<p class="field-error" id="answer-error" role="alert">${problem.message}</p>` : ''}
    <textarea id="answer-text" name="answer" rows="6" required minlength="${ANSWER_MIN}" maxlength="${ANSWER_MAX}" aria-describedby="${described}"${problem ? html` aria-invalid="true"` : ''}>${problem?.text ?? ''}</textarea>
    <button type="submit" class="primary">${t('webadmin.questions.send_answer')}</button>
  </form>
</section>`;
}

/** The answer given (by whom, when, whether it reached the asker) and "save as a draft". */
async function answered(ctx: WebContext, q: OneQuestion, notice?: SafeHtml): Promise<SafeHtml> {
  const { t, deps } = ctx;
  const by = q.answeredById === null ? null : await deps.services.findPersonName(q.answeredById);
  return html`<section aria-labelledby="answered-heading" class="panel">
  <h2 id="answered-heading">${t('webadmin.questions.answered_heading')}</h2>
  ${notice ?? ''}
  <dl class="facts">
    <div><dt>${t('webadmin.questions.answered_by')}</dt><dd id="answered-by">${by ?? '—'}${q.answeredAt ? ` · ${vnDateTimeText(q.answeredAt)}` : ''}</dd></div>
    <div><dt>${t('webadmin.questions.delivered')}</dt><dd id="answer-delivered">${q.deliveredAt ? t('webadmin.questions.delivered_at', { at: vnDateTimeText(q.deliveredAt) }) : t('webadmin.questions.not_delivered')}</dd></div>
  </dl>
  <blockquote id="answer-given" class="comment">${q.answerText ?? ''}</blockquote>
  <form method="post" action="${`${questionPath(q.id)}/draft`}" id="draft-form">${tokenField(ctx)}
    <p class="muted">${t('webadmin.questions.draft_hint')}</p>
    <button type="submit" class="secondary">${t('handoff.kb_button')}</button>
  </form>
</section>`;
}

async function render(ctx: WebContext, q: OneQuestion, o: { problem?: { text: string; message: string }; notice?: SafeHtml } = {}): Promise<SafeHtml> {
  const { t } = ctx;
  const done = DONE.find((d) => d === ctx.req.query.get('done'));
  const draft = Number(ctx.req.query.get('draft') ?? '');
  const doneNotice = done
    ? html`<div class="notice" role="status" id="question-done"><p>${t(`handoff.${done}`, { id: done.startsWith('kb_') && Number.isInteger(draft) ? draft : q.id })}</p>${
        done.startsWith('kb_') ? html`<p><a href="${SECTION_PATHS.knowledge}/drafts">${t('webadmin.drafts.title')}</a></p>` : ''
      }</div>`
    : '';
  const facts = html`<dl class="facts">
    <div><dt>${t('webadmin.questions.asked_at')}</dt><dd>${vnDateTimeText(q.createdAt)}</dd></div>
    <div><dt>${t('webadmin.questions.from')}</dt><dd>${questionOrigin(t, q)}</dd></div>
    <div><dt>${t('webadmin.questions.status')}</dt><dd id="question-status">${t(`webadmin.questions.state.${q.status}`, { defaultValue: q.status })}</dd></div>
  </dl>
  <blockquote id="question-text" class="comment">${q.text}</blockquote>`;
  return html`<p><a href="${SECTION_PATHS.questions}">${t('webadmin.questions.back')}</a></p>
  ${doneNotice}
  ${facts}
  ${q.status === 'open' ? answerForm(ctx, q, o.problem) : await answered(ctx, q, o.notice)}`;
}

const title = (ctx: WebContext, q: OneQuestion) => ctx.t('webadmin.questions.title', { id: q.id });

/**
 * GET /dashboard/questions/<id>: one question of the officer's area in full and, while it is open,
 * the form to answer it; once answered, the answer, whether it reached the asker, and "save as a
 * knowledge-base draft" (as the chat offers). Another area's question is a 403, an unknown one a 404.
 */
export async function questionPage(ctx: WebContext): Promise<HttpResponse> {
  const r = await load(ctx);
  if ('response' in r) return r.response;
  return ctx.page('questions', { title: title(ctx, r.q), body: await render(ctx, r.q) });
}

function refuseToken(ctx: WebContext): HttpResponse {
  ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path }, 'dashboard: question form without a valid token refused');
  return ctx.problem(403, 'questions', ctx.t('webadmin.form_expired_title'), ctx.t('webadmin.form_expired'));
}

/**
 * POST /dashboard/questions/<id>/answer (`answer`, the anti-forgery token): the chat's answer
 * (relay-answer.ts: recorded, relayed to the asker in their language on their app, audited), then
 * back to the question (303). An answer too short or too long shows the form again with the text
 * (400). When another officer answered first, nothing is sent: the page says so, shows their
 * answer and keeps this officer's text (409).
 */
export async function answerQuestionAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) return refuseToken(ctx);
  const r = await load(ctx);
  if ('response' in r) return r.response;
  const q = r.q;
  const text = (ctx.form?.get('answer') ?? '').replace(/\r\n?/g, '\n').trim();
  const badLength = charCount(text) < ANSWER_MIN || charCount(text) > ANSWER_MAX;
  if (q.status === 'open' && badLength) {
    const problem = { text: [...text].slice(0, ANSWER_MAX * 2).join(''), message: t('handoff.answer_bad_length', { min: ANSWER_MIN, max: ANSWER_MAX }) };
    return ctx.page('questions', { title: title(ctx, q), body: await render(ctx, q, { problem }) }, 400);
  }
  const result =
    q.status === 'open'
      ? await answerAndRelay(
          { services: deps.services, notify: deps.notify, translatorFor: deps.translator, log: deps.logger },
          { questionId: q.id, answerer: officer, text, now: ctx.now, via: 'web' },
        )
      : ({ ok: false, reason: 'already_answered' } as const);
  if (result.ok) return redirect(`${questionPath(q.id)}${queryString({ done: result.delivered ? 'answer_sent' : 'answer_stored' })}`);
  if (result.reason === 'not_yours') return ctx.problem(403, 'questions', t('dashboard.web.forbidden_title'), t('handoff.not_yours', { id: q.id }));
  if (result.reason === 'not_found') return ctx.problem(404, 'questions', t('webadmin.questions.not_found_title'), t('handoff.not_found', { id: q.id }));
  // Someone else answered first (or just before this page was sent): show theirs, keep this text.
  deps.logger.info({ personId: officer.personId, questionId: q.id }, 'dashboard: answer to a question already answered refused');
  const now = (await deps.services.findQuestion(q.id)) ?? q;
  const mine = now.answeredById === officer.personId;
  const notice = html`<div class="notice error" role="alert" id="answer-conflict"><p>${
    mine ? t('webadmin.questions.already_yours', { id: q.id }) : t('handoff.already_answered', { id: q.id })
  }</p>${
    text
      ? html`<p>${t('webadmin.questions.your_text')}</p><textarea id="unsent-answer" rows="4" readonly aria-label="${t('webadmin.questions.your_text')}">${text}</textarea>`
      : ''
  }</div>`;
  return ctx.page('questions', { title: title(ctx, now), body: await render(ctx, now, { notice }) }, 409);
}

/**
 * POST /dashboard/questions/<id>/draft (the anti-forgery token): the answered question becomes a
 * knowledge-base draft for review, once per question, audited (keep-as-draft.ts, as the chat's
 * button), then back to the question (303).
 */
export async function draftQuestionAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, deps, officer } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) return refuseToken(ctx);
  const r = await load(ctx);
  if ('response' in r) return r.response;
  const result = await keepAsDraft(deps.services, { questionId: r.q.id, personId: officer.personId, now: ctx.now });
  if (result === 'not_found') return ctx.problem(404, 'questions', t('webadmin.questions.not_found_title'), t('handoff.not_found', { id: r.q.id }));
  if (result === 'not_answered') return ctx.problem(409, 'questions', t('webadmin.questions.not_answered_title'), t('handoff.kb_not_answered', { id: r.q.id }));
  return redirect(`${questionPath(r.q.id)}${queryString({ done: result.created ? 'kb_saved' : 'kb_exists', draft: result.draft.id })}`);
}
