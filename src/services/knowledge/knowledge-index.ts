import type { Article } from './article.js';
import { loadArticles } from './load-articles.js';
import { createArticleIndex, type ArticleIndex } from './search-articles.js';

export interface KnowledgeIndex {
  /** Every article, current or not (an old button may point at one that expired). */
  all: Map<string, Article>;
  /** The search over the articles in force today. */
  index: ArticleIndex;
  /** The search over the rules that no longer apply, for questions about the past. */
  history: ArticleIndex;
}

let cached: { day: string; knowledge: KnowledgeIndex } | undefined;

/**
 * The knowledge base, loaded from `knowledge/` once and re-indexed when the day changes, so an
 * article is never presented as current after its `effective_until` date.
 */
export function knowledgeIndex(now: Date): KnowledgeIndex {
  const day = now.toISOString().slice(0, 10);
  if (cached?.day === day) return cached.knowledge;
  const { articles } = loadArticles();
  const knowledge = {
    all: new Map(articles.map((a) => [a.id, a])),
    index: createArticleIndex(articles, { now }),
    history: createArticleIndex(articles, { now, only: 'history' }),
  };
  cached = { day, knowledge };
  return knowledge;
}
