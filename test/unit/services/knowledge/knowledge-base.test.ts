import { describe, expect, it } from 'vitest';
import { loadQaEval } from '../../../../bench/qa-eval.js';
import { foldText } from '../../../../src/lib/vietnamese-text.js';
import { isCurrent } from '../../../../src/services/knowledge/article.js';
import { loadDocumentStatuses, loadLawTexts } from '../../../../src/services/knowledge/law-texts.js';
import { loadArticles } from '../../../../src/services/knowledge/load-articles.js';
import { verifyQuotes } from '../../../../src/services/knowledge/verify-quotes.js';

/** The minimum number of articles in force per topic the knowledge base promises (issues #4, #13). */
const MINIMUM = { land: 6, credit: 12, tax: 14, training: 4, trade: 4, technology: 4, infrastructure: 4, establishment: 10, members: 10, organisation: 10 };
const NOW = new Date('2026-12-04');

describe('the knowledge base in knowledge/ (npm run kb:check)', () => {
  const { articles, problems } = loadArticles();

  it('has no invalid article', () => {
    expect(problems).toEqual([]);
  });

  it('has at least 85 articles in force, covering every topic', () => {
    const current = articles.filter((a) => isCurrent(a, NOW));
    expect(current.length).toBeGreaterThanOrEqual(85);
    for (const [topic, min] of Object.entries(MINIMUM)) {
      expect(current.filter((a) => a.topic === topic).length, topic).toBeGreaterThanOrEqual(min);
    }
  });

  it('rests every article on verbatim quotes of the shipped legal texts', () => {
    const report = verifyQuotes(articles, loadLawTexts(), loadDocumentStatuses(), NOW);
    expect(report.problems).toEqual([]);
    expect(report.verified).toBe(report.quotes);
    expect(report.quotes).toBeGreaterThanOrEqual(articles.length);
  });

  it('gives each article sample questions typed the way farmers type them (some without diacritics)', () => {
    for (const a of articles) {
      expect(
        a.questions.some((q) => foldText(q) === q.toLowerCase().trim()),
        a.id,
      ).toBe(true);
    }
  });

  it('keeps ids unique and names no district-level office (abolished on 1/7/2025) in answers or contacts', () => {
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    for (const a of articles.filter((x) => isCurrent(x, NOW))) {
      expect(`${a.contact.vi} ${a.contact.en}`, a.id).not.toMatch(/huyện|quận|district/i);
    }
  });
});

describe('the evaluation set (test/fixtures/qa-eval.jsonl) stays honest', () => {
  const items = loadQaEval()!;
  const { articles } = loadArticles();
  const words = (s: string) =>
    new Set(
      foldText(s)
        .replace(/[^a-z0-9 ]/g, ' ')
        .split(' ')
        .filter(Boolean),
    );
  const samples = articles.flatMap((a) => a.questions.map((q) => ({ id: a.id, q, w: words(q) })));

  it('has at least 350 questions, some out of scope', () => {
    expect(items.length).toBeGreaterThanOrEqual(350);
    expect(items.filter((i) => i.expected.length === 0).length).toBeGreaterThanOrEqual(40);
  });

  it('copies no article sample question, not even nearly (90% of the same words)', () => {
    const copies: string[] = [];
    for (const item of items) {
      const w = words(item.q);
      for (const s of samples) {
        const common = [...w].filter((x) => s.w.has(x)).length;
        if (common / Math.max(w.size, s.w.size) >= 0.9) copies.push(`${item.q} ≈ ${s.id}: ${s.q}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
