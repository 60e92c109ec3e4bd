import { describe, expect, it } from 'vitest';
import { foldText } from '../../../../src/lib/vietnamese-text.js';
import { loadArticles } from '../../../../src/services/knowledge/load-articles.js';

/** The minimum number of articles per topic the knowledge base promises (issue #4). */
const MINIMUM = { land: 6, credit: 8, tax: 8, training: 4, trade: 4, technology: 3, infrastructure: 2, establishment: 5 };

describe('the knowledge base in knowledge/ (npm run kb:check)', () => {
  const { articles, problems } = loadArticles();

  it('has no invalid article', () => {
    expect(problems).toEqual([]);
  });

  it('covers every topic with enough articles', () => {
    expect(articles.length).toBeGreaterThanOrEqual(40);
    for (const [topic, min] of Object.entries(MINIMUM)) {
      expect(articles.filter((a) => a.topic === topic).length, topic).toBeGreaterThanOrEqual(min);
    }
  });

  it('gives each article sample questions typed the way farmers type them (some without diacritics)', () => {
    for (const a of articles) {
      expect(a.questions.some((q) => foldText(q) === q.toLowerCase().trim()), a.id).toBe(true);
    }
  });

  it('cites a legal document in every article and keeps ids unique', () => {
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    for (const a of articles) expect(a.legal_basis.length, a.id).toBeGreaterThan(0);
  });
});
