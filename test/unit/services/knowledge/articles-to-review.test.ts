import { describe, expect, it } from 'vitest';
import type { Article } from '../../../../src/services/knowledge/article.js';
import { articlesToReview, listArticlesToReview } from '../../../../src/services/knowledge/articles-to-review.js';
import type { DocumentStatus } from '../../../../src/services/knowledge/law-texts.js';

const now = new Date('2026-12-04T10:00:00Z');

function article(id: string, o: Partial<Article> & { cites?: string[] } = {}): Article {
  const { cites = ['Luật Hợp tác xã số 17/2023/QH15'], ...rest } = o;
  return {
    id,
    topic: 'establishment',
    title: { vi: `Bài ${id}`, en: `Article ${id}` },
    questions: ['a?', 'b?', 'c?'],
    legal_basis: cites.map((document, i) => ({ document, article: `Điều ${i + 1}`, law: `law-${i}`, quote: 'một đoạn trích đủ dài' })),
    source: 'primary',
    contact: { vi: 'UBND xã', en: 'the commune' },
    last_reviewed: '2026-06-01',
    answer: { vi: 'Trả lời', en: 'Answer' },
    file: `knowledge/establishment/${id}.md`,
    ...rest,
  };
}

const statuses: DocumentStatus[] = [
  { number: '17/2023/QH15', name: 'Luật Hợp tác xã', status: 'in_force' },
  { number: '23/2012/QH13', name: 'Luật Hợp tác xã 2012', status: 'superseded', until: '2024-07-01', by: 'Luật Hợp tác xã số 17/2023/QH15' },
  { number: '31/2018/TT-BTC', name: 'Thông tư cũ', status: 'expired' },
  { number: '113/2024/NĐ-CP', name: 'Nghị định', status: 'in_force', amended: '2026-09-01' },
];

describe('articlesToReview', () => {
  it('gives every article with its sources, and no reason when nothing changed', () => {
    const r = articlesToReview([article('ok')], statuses, now);
    expect(r.toReview).toEqual([]);
    expect(r.articles).toEqual([
      {
        id: 'ok',
        topic: 'establishment',
        title: { vi: 'Bài ok', en: 'Article ok' },
        lastReviewed: '2026-06-01',
        source: 'primary',
        sources: [{ document: 'Luật Hợp tác xã số 17/2023/QH15', article: 'Điều 1', law: 'law-0' }],
        reasons: [],
      },
    ]);
  });

  it('flags an article whose effective_until has passed (the day itself included), not one still in force', () => {
    const r = articlesToReview([article('ended', { effective_until: '2026-12-04' }), article('ending', { effective_until: '2026-12-05' })], statuses, now);
    expect(r.toReview.map((a) => [a.id, a.reasons])).toEqual([['ended', [{ kind: 'article_expired', document: null, date: '2026-12-04' }]]]);
  });

  it('flags a cited document that is superseded or expired, matched by its number whatever the case, once per document', () => {
    const r = articlesToReview(
      [
        article('old-law', { cites: ['Luật Hợp tác xã số 23/2012/QH13', 'Luật số 23/2012/qh13', 'Luật Hợp tác xã số 17/2023/QH15'] }),
        article('old-circular', { cites: ['Thông tư số 31/2018/tt-btc'] }),
      ],
      statuses,
      now,
    );
    expect(Object.fromEntries(r.toReview.map((a) => [a.id, a.reasons]))).toEqual({
      'old-law': [{ kind: 'document_superseded', document: '23/2012/QH13', date: '2024-07-01', by: 'Luật Hợp tác xã số 17/2023/QH15' }],
      'old-circular': [{ kind: 'document_expired', document: '31/2018/TT-BTC', date: null }],
    });
  });

  it('flags a document amended after the last review, not one amended before it', () => {
    const cites = ['Nghị định số 113/2024/NĐ-CP'];
    const r = articlesToReview(
      [article('stale', { cites, last_reviewed: '2026-08-31' }), article('fresh', { cites, last_reviewed: '2026-09-01' })],
      statuses,
      now,
    );
    expect(r.toReview.map((a) => [a.id, a.reasons])).toEqual([['stale', [{ kind: 'document_amended', document: '113/2024/NĐ-CP', date: '2026-09-01' }]]]);
  });

  it('ignores documents it has no status for, and gives several reasons together', () => {
    const r = articlesToReview(
      [
        article('many', {
          effective_until: '2025-01-01',
          last_reviewed: '2024-01-01',
          cites: ['Nghị quyết 20-NQ/TW', 'Quyết định số 999/2099/QĐ-TTg', 'Luật số 23/2012/QH13', 'Nghị định số 113/2024/NĐ-CP'],
        }),
      ],
      statuses,
      now,
    );
    expect(r.toReview[0]!.reasons.map((x) => x.kind)).toEqual(['article_expired', 'document_superseded', 'document_amended']);
    expect(r.toReview[0]!.sources).toHaveLength(4);
  });

  it('orders the articles by topic, then id', () => {
    const r = articlesToReview([article('b', { topic: 'tax' }), article('z'), article('a', { topic: 'tax' })], statuses, now);
    expect(r.articles.map((a) => a.id)).toEqual(['z', 'a', 'b']);
  });
});

describe('listArticlesToReview', () => {
  it('reads the shipped knowledge base and knowledge/law/documents.yaml', () => {
    const r = listArticlesToReview(now);
    expect(r.articles.length).toBeGreaterThan(0);
    expect(r.toReview.every((a) => a.reasons.length > 0)).toBe(true);
    expect(r.articles.every((a) => a.sources.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(a.lastReviewed))).toBe(true);
  });
});
