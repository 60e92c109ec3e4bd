/**
 * The fallback when no curated article answers: the articles of the shipped primary legal texts
 * (knowledge/law/*.md, in force), searched with the same pipeline as the knowledge base. A hit is
 * offered only when the question is about the cooperative world and one article clearly matches;
 * the handler labels it as the law's own text, never as a curated answer.
 */
import { createArticleIndex, type ArticleIndex } from './search-articles.js';
import type { Article } from './article.js';
import { hasEnded, loadDocumentStatuses, loadLawTexts, type LawArticle, type LawText } from './law-texts.js';

/** A law article answers only from this coverage of the question… */
export const LAW_MIN_COVERAGE = 0.7;
/** …with this margin over the next article… */
export const LAW_MIN_MARGIN = 1.25;
/**
 * …and, when a curated article also matches, only if the law article covers the question this much
 * better: a question the curated articles half-match ("đặt tên HTX bằng tiếng Anh" against the
 * registration fee) gets the law's own article rather than a confident wrong answer.
 */
export const LAW_OVER_CURATED = 0.1;

export interface LawTuning {
  minCoverage: number;
  minMargin: number;
  overCurated: number;
}

export interface LawHit {
  text: LawText;
  article: LawArticle;
  coverage: number;
}

export interface LawIndex {
  /**
   * The one law article that clearly answers `question`, if any; `curatedCoverage` is how much of
   * the question the best curated article covers (0 when none matched).
   */
  find(question: string, options: { anchored: boolean; curatedCoverage?: number; tuning?: Partial<LawTuning> }): LawHit | undefined;
  /** Ranked hits, for evaluation. */
  rank(question: string, limit?: number): LawHit[];
}

/** The law articles as searchable documents: the article's heading is its title, its text the body. */
function asSearchable(text: LawText, article: LawArticle): Article {
  return {
    id: `law:${text.id}:${article.number}`,
    topic: 'establishment',
    title: { vi: `Điều ${article.number}. ${article.title}`, en: '' },
    questions: [],
    keywords: [],
    legal_basis: [],
    source: 'primary',
    contact: { vi: '', en: '' },
    last_reviewed: '1970-01-01',
    answer: { vi: article.text, en: '' },
    file: text.file,
  } satisfies Article;
}

let cached: { day: string; index: LawIndex } | undefined;

/** The law index over the primary texts in force on `now` (rebuilt when the day changes). */
export function lawIndex(now: Date): LawIndex {
  const day = now.toISOString().slice(0, 10);
  if (cached?.day === day) return cached.index;
  const texts = loadLawTexts();
  const ended = new Set(
    loadDocumentStatuses()
      .filter((s) => hasEnded(s, day))
      .flatMap((s) => (s.text ? [s.text] : [])),
  );
  const byId = new Map<string, { text: LawText; article: LawArticle }>();
  for (const text of texts.values()) {
    if (text.source !== 'primary' || ended.has(text.id)) continue;
    for (const article of text.articles.values()) byId.set(`law:${text.id}:${article.number}`, { text, article });
  }
  const search: ArticleIndex = createArticleIndex(
    [...byId.values()].map(({ text, article }) => asSearchable(text, article)),
    { now },
  );
  const rank = (question: string, limit = 5): LawHit[] =>
    search.rank(question, limit).map((h) => ({ ...byId.get(h.article.id)!, coverage: h.coverage, score: h.score }));
  const index: LawIndex = {
    rank,
    find(question, { anchored, curatedCoverage = 0, tuning = {} }) {
      const t: LawTuning = { minCoverage: LAW_MIN_COVERAGE, minMargin: LAW_MIN_MARGIN, overCurated: LAW_OVER_CURATED, ...tuning };
      // Not about cooperatives, or a curated article covers too much of it to be beaten: no search.
      if (!anchored || curatedCoverage + t.overCurated > 1) return undefined;
      const hits = search.rank(question, 2);
      const [best, second] = hits;
      if (!best || best.coverage < t.minCoverage) return undefined;
      if (curatedCoverage > 0 && best.coverage < curatedCoverage + t.overCurated) return undefined;
      if (second && second.score > 0 && best.score / second.score < t.minMargin) return undefined;
      return { ...byId.get(best.article.id)!, coverage: best.coverage };
    },
  };
  cached = { day, index };
  return index;
}
