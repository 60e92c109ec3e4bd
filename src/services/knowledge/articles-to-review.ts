import type { Article, Topic } from './article.js';
import { documentNumber, loadDocumentStatuses, type DocumentStatus } from './law-texts.js';
import { loadArticles } from './load-articles.js';

/**
 * Why an article needs a reviewer:
 * - `article_expired`: its own `effective_until` has passed (`date`: that day);
 * - `document_superseded`, `document_expired`: a document it cites is recorded so in
 *   knowledge/law/documents.yaml (`date`: the day it stopped applying, when known);
 * - `document_amended`: a document it cites was amended after the article's `last_reviewed`
 *   (`date`: the amendment's day).
 */
export type ReviewReasonKind = 'article_expired' | 'document_superseded' | 'document_expired' | 'document_amended';

export interface ReviewReason {
  kind: ReviewReasonKind;
  /** The cited document's number ("23/2012/QH13"); null for `article_expired`. */
  document: string | null;
  /** ISO day, when known. */
  date: string | null;
  /** What replaced the document, when recorded. */
  by?: string;
}

/** One legal basis of an article, for an officer to check. */
export interface ArticleSource {
  /** As the article names it: "Nghị định số 113/2024/NĐ-CP". */
  document: string;
  /** "Điều 5, khoản 2". */
  article: string;
  /** The shipped text it is read from: `luat-17-2023-qh15-hop-tac-xa`, `secondary/…`. */
  law: string;
}

export interface ArticleReview {
  id: string;
  topic: Topic;
  title: { vi: string; en: string };
  lastReviewed: string;
  source: 'primary' | 'secondary';
  sources: ArticleSource[];
  /** Empty when nothing calls for a review. */
  reasons: ReviewReason[];
}

export interface ArticlesToReview {
  /** Every article, by topic then id, each with its reasons. */
  articles: ArticleReview[];
  /** The articles with at least one reason. */
  toReview: ArticleReview[];
  /** Article files left out of the knowledge base for problems (`npm run kb:check` lists them). */
  problems: number;
}

/**
 * Which articles need a review on `now`, and why (pure: give it the articles and the documents'
 * statuses). A document is matched by its number (`documentNumber` of the cited name against the
 * statuses' `number`, upper-cased); a document cited twice gives one reason.
 */
export function articlesToReview(articles: readonly Article[], statuses: readonly DocumentStatus[], now: Date): ArticlesToReview {
  const today = now.toISOString().slice(0, 10);
  const statusOf = new Map(statuses.map((s) => [s.number.toUpperCase(), s]));
  const reviewed = [...articles]
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.id.localeCompare(b.id))
    .map((a): ArticleReview => {
      const reasons: ReviewReason[] = [];
      if (a.effective_until && a.effective_until <= today) reasons.push({ kind: 'article_expired', document: null, date: a.effective_until });
      const seen = new Set<string>();
      for (const b of a.legal_basis) {
        const number = documentNumber(b.document);
        const status = number ? statusOf.get(number) : undefined;
        if (!number || !status || seen.has(number)) continue;
        seen.add(number);
        if (status.status !== 'in_force') {
          reasons.push({
            kind: status.status === 'superseded' ? 'document_superseded' : 'document_expired',
            document: number,
            date: status.until ?? null,
            ...(status.by ? { by: status.by } : {}),
          });
        }
        if (status.amended && status.amended > a.last_reviewed) reasons.push({ kind: 'document_amended', document: number, date: status.amended });
      }
      return {
        id: a.id,
        topic: a.topic,
        title: a.title,
        lastReviewed: a.last_reviewed,
        source: a.source,
        sources: a.legal_basis.map((b) => ({ document: b.document, article: b.article, law: b.law })),
        reasons,
      };
    });
  return { articles: reviewed, toReview: reviewed.filter((r) => r.reasons.length > 0), problems: 0 };
}

/**
 * The shipped knowledge base (knowledge/) checked against knowledge/law/documents.yaml on `now`:
 * see articlesToReview.
 */
export function listArticlesToReview(now: Date): ArticlesToReview {
  const { articles, problems } = loadArticles();
  return { ...articlesToReview(articles, loadDocumentStatuses(), now), problems: new Set(problems.map((p) => p.file)).size };
}
