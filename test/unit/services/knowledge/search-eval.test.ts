import { describe, expect, it } from 'vitest';
import { evaluateQa, loadQaEval } from '../../../../bench/qa-eval.js';
import { loadArticles } from '../../../../src/services/knowledge/load-articles.js';
import { createArticleIndex } from '../../../../src/services/knowledge/search-articles.js';

/**
 * The labelled evaluation set (test/fixtures/qa-eval.jsonl) against the real knowledge base. The
 * floors are the figures measured when the search landed, so a change can only keep or raise
 * them; the targets (top-1 ≥ 90 %, out of scope ≥ 90 %) are not reached yet.
 */
const FLOOR = { top1: 64, outOfScope: 75 };

describe('knowledge search on the evaluation set', () => {
  it('keeps top-1 accuracy and out-of-scope rejection from regressing', () => {
    const items = loadQaEval();
    expect(items?.length).toBeGreaterThanOrEqual(150);
    const { articles } = loadArticles();
    const m = evaluateQa(createArticleIndex(articles, { now: new Date('2026-11-23') }), items!);
    expect(m.top1_pct).toBeGreaterThanOrEqual(FLOOR.top1);
    expect(m.out_of_scope_pct).toBeGreaterThanOrEqual(FLOOR.outOfScope);
  });
});
