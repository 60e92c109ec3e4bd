import type { T } from '../../i18n/i18n.js';
import { dayKeyText, vnDateTimeText } from '../../lib/vn-time.js';
import { mayReviewDrafts } from '../../services/access/draft-access.js';
import { TOPICS } from '../../services/knowledge/article.js';
import { listArticlesToReview, type ArticleReview, type ReviewReason } from '../../services/knowledge/articles-to-review.js';
import { OTHER_TOPIC, UNANSWERED_PER_TOPIC, UNANSWERED_WINDOW_DAYS, type UnansweredGroup } from '../../services/knowledge/list-unanswered.js';
import type { HttpResponse } from '../http/http-server.js';
import { DRAFTS_PATH } from './drafts-page.js';
import { html, type SafeHtml } from './html.js';
import { headerRow, scrollTable } from './page-parts.js';
import { areaLabel, type WebContext } from './web-context.js';

/** Long questions are cut in the table. */
const TEXT_MAX = 300;

/** "2026-07-01" → "01/07/2026" (dd/MM/yyyy, as the whole dashboard writes days). */
function day(iso: string | null, _locale: 'vi' | 'en'): string {
  return iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dayKeyText(iso) : (iso ?? '—');
}

/** A knowledge-base topic's label (the policy menu's), or "other". */
export function topicLabel(t: T, topic: string): string {
  return (TOPICS as readonly string[]).includes(topic) || topic === OTHER_TOPIC ? t(`policy.topics.${topic}`) : topic;
}

function reasonText(t: T, r: ReviewReason, locale: 'vi' | 'en'): string {
  const date = day(r.date, locale);
  const parts = [t(`dashboard.web.knowledge.reason.${r.kind}`, { document: r.document ?? '', date })];
  if ((r.kind === 'document_superseded' || r.kind === 'document_expired') && r.date) parts.push(t('dashboard.web.knowledge.reason.since', { date }));
  if (r.by) parts.push(t('dashboard.web.knowledge.reason.by', { by: r.by }));
  return parts.join(' · ');
}

function sourcesCell(a: ArticleReview): SafeHtml {
  return html`<ul class="plain">${a.sources.map((s) => html`<li>${s.document}, ${s.article} · <code>${s.law}</code></li>`)}</ul>`;
}

function titleCell(a: ArticleReview, locale: 'vi' | 'en'): SafeHtml {
  return html`${a.title[locale]}<br><code>${a.id}</code>`;
}

/**
 * GET /dashboard/knowledge: for the officers who keep the knowledge base current — the articles to
 * review (an article or a document it cites ended, or a document was amended since the article's
 * last review), the questions the bot could not answer in the last 30 days within the officer's
 * area (grouped by the topic of the nearest article), and every article with its legal sources.
 */
export async function knowledgePage(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps, now } = ctx;
  const kb = listArticlesToReview(now);
  const unanswered = await deps.services.listUnanswered(officer, now);
  const cut = (s: string) => ([...s].length > TEXT_MAX ? `${[...s].slice(0, TEXT_MAX).join('')}…` : s);

  const review = html`
  <section aria-labelledby="kb-review">
  <h2 id="kb-review">${t('dashboard.web.knowledge.review_heading')}</h2>
  <p class="muted">${kb.toReview.length ? t('dashboard.web.knowledge.review_intro', { count: kb.toReview.length }) : t('dashboard.web.knowledge.review_none')}</p>
  ${
    kb.toReview.length
      ? scrollTable(
          t('dashboard.web.knowledge.review_heading'),
          headerRow([
            t('dashboard.web.knowledge.columns.article'),
            t('dashboard.web.knowledge.columns.topic'),
            t('dashboard.web.knowledge.columns.last_reviewed'),
            t('dashboard.web.knowledge.columns.reasons'),
          ]),
          kb.toReview.map(
            (a) =>
              html`<tr data-article="${a.id}">${[
                html`<td>${titleCell(a, locale)}</td>`,
                html`<td>${topicLabel(t, a.topic)}</td>`,
                html`<td>${day(a.lastReviewed, locale)}</td>`,
                html`<td><ul class="plain">${a.reasons.map((r) => html`<li data-reason="${r.kind}">${reasonText(t, r, locale)}</li>`)}</ul></td>`,
              ]}</tr>`,
          ),
          'table-review',
        )
      : ''
  }
  ${kb.problems ? html`<p class="muted">${t('dashboard.web.knowledge.problems', { count: kb.problems, command: 'npm run kb:check' })}</p>` : ''}
  </section>`;

  const group = (g: UnansweredGroup) =>
    scrollTable(
      t('dashboard.web.knowledge.group_caption', { topic: topicLabel(t, g.topic), count: g.count }),
      headerRow([
        t('dashboard.web.knowledge.columns.asked_at'),
        t('dashboard.web.knowledge.columns.question'),
        t('dashboard.web.knowledge.columns.outcome'),
        t('dashboard.web.knowledge.columns.closest_article'),
      ]),
      g.questions.map(
        (q) =>
          html`<tr>${[
            html`<td>${vnDateTimeText(q.createdAt)}</td>`,
            html`<td>${cut(q.text)}</td>`,
            html`<td>${t(`dashboard.web.knowledge.outcome.${q.outcome}`, { defaultValue: q.outcome })}</td>`,
            html`<td>${q.closestArticleId ? html`<code>${q.closestArticleId}</code>` : '—'}</td>`,
          ]}</tr>`,
      ),
      `table-unanswered-${g.topic}`,
    );
  const questions = html`
  <section aria-labelledby="kb-unanswered">
  <h2 id="kb-unanswered">${t('dashboard.web.knowledge.unanswered_heading', { days: UNANSWERED_WINDOW_DAYS })}</h2>
  <p class="muted">${
    unanswered.total
      ? t('dashboard.web.knowledge.unanswered_intro', { count: unanswered.total, area: areaLabel(t, officer), shown: UNANSWERED_PER_TOPIC })
      : t('dashboard.web.knowledge.unanswered_none', { area: areaLabel(t, officer), days: UNANSWERED_WINDOW_DAYS })
  }</p>
  ${unanswered.groups.map(group)}
  </section>`;

  const all = html`
  <section aria-labelledby="kb-articles">
  <h2 id="kb-articles">${t('dashboard.web.knowledge.articles_heading')}</h2>
  <p class="muted">${t('dashboard.web.knowledge.articles_intro', { count: kb.articles.length })}</p>
  ${scrollTable(
    t('dashboard.web.knowledge.articles_heading'),
    headerRow([
      t('dashboard.web.knowledge.columns.article'),
      t('dashboard.web.knowledge.columns.topic'),
      t('dashboard.web.knowledge.columns.last_reviewed'),
      t('dashboard.web.knowledge.columns.source'),
      t('dashboard.web.knowledge.columns.sources'),
    ]),
    kb.articles.map(
      (a) =>
        html`<tr data-article="${a.id}">${[
          html`<td>${titleCell(a, locale)}</td>`,
          html`<td>${topicLabel(t, a.topic)}</td>`,
          html`<td>${day(a.lastReviewed, locale)}</td>`,
          html`<td>${t(`dashboard.web.knowledge.source.${a.source}`)}</td>`,
          html`<td>${sourcesCell(a)}</td>`,
        ]}</tr>`,
    ),
    'table-articles',
  )}
  </section>`;

  return ctx.page('knowledge', {
    title: t('dashboard.web.knowledge.title'),
    body: html`<p class="muted">${t('dashboard.web.knowledge.intro')}</p>${
      mayReviewDrafts(officer) ? html`<p><a href="${DRAFTS_PATH}" id="drafts-link">${t('webadmin.drafts.link')}</a></p>` : ''
    }${review}${questions}${all}`,
  });
}
