import { vnDateTimeText } from '../../lib/vn-time.js';
import type { HttpResponse } from '../http/http-server.js';
import { html } from './html.js';
import { headerRow, scrollTable } from './page-parts.js';
import type { WebContext } from './web-context.js';
import { SECTION_PATHS } from './web-page.js';

const SHOWN = 100;
/** Long questions are cut in the table. */
const TEXT_MAX = 300;

/**
 * GET /dashboard/questions: the open questions of the handoff queue that the officer answers
 * (their area: see access/jurisdiction.ts), oldest first, each linked to its page where it is
 * answered (question-page.ts), as in the bot (/cauhoi).
 */
export async function questionsPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, officer, deps } = ctx;
  const { questions, total } = await deps.services.listOpenQuestions(officer, SHOWN);
  const cut = (s: string) => ([...s].length > TEXT_MAX ? `${[...s].slice(0, TEXT_MAX).join('')}…` : s);
  const body = html`
  <p class="muted">${t('dashboard.web.questions.intro', { count: total, command: '/cauhoi' })}</p>
  <p class="muted">${t('webadmin.questions.answer_here')}</p>
  ${scrollTable(
    t('dashboard.web.questions.table'),
    headerRow([
      '#',
      t('dashboard.web.questions.asked_at'),
      t('dashboard.web.columns.cooperative'),
      t('dashboard.web.columns.commune'),
      t('dashboard.web.questions.text'),
      t('webadmin.questions.action'),
    ]),
    questions.length
      ? questions.map(
          (q) =>
            html`<tr data-question="${q.id}">${[
              html`<td class="num">${q.id}</td>`,
              html`<td>${vnDateTimeText(q.createdAt)}</td>`,
              html`<td>${q.cooperativeName ?? '—'}</td>`,
              html`<td>${[q.commune, q.province].filter(Boolean).join(', ') || '—'}</td>`,
              html`<td>${cut(q.text)}</td>`,
              html`<td><a href="${`${SECTION_PATHS.questions}/${q.id}`}" aria-label="${t('webadmin.questions.answer_label_n', { id: q.id })}">${t('webadmin.questions.answer_link')}</a></td>`,
            ]}</tr>`,
        )
      : [html`<tr><td colspan="6">${t('dashboard.web.questions.none')}</td></tr>`],
    'table-questions',
  )}
  ${total > questions.length ? html`<p class="muted">${t('dashboard.web.questions.more', { shown: questions.length, count: total })}</p>` : ''}`;
  return ctx.page('questions', { title: t('dashboard.web.questions.title'), body });
}
