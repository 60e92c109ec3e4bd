import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { citationParts, isCurrent } from '../../../../src/services/knowledge/article.js';
import { loadArticles, parseArticle } from '../../../../src/services/knowledge/load-articles.js';

const VALID = `---
id: land-rent-exemption
topic: land
title:
  vi: "Miễn, giảm tiền thuê đất cho HTX"
  en: "Land rent exemption for cooperatives"
questions:
  - "HTX thuê đất có được miễn tiền thuê không?"
  - "htx thue dat co duoc mien khong"
  - "thue dat cua ho dan co duoc ho tro khong"
keywords: ["thuê đất"]
legal_basis:
  - document: "Luật Hợp tác xã số 17/2023/QH15"
    date: "2023-06-20"
    article: "Điều 21, khoản 2"
    law: luat-17-2023-qh15-hop-tac-xa
    quote: "được miễn, giảm tiền thuê đất"
contact:
  vi: "UBND xã nơi HTX đặt trụ sở"
  en: "the commune People's Committee"
effective_from: "2024-07-01"
effective_until: null
last_reviewed: "2026-11-23"
---
## vi
HTX thuê đất của Nhà nước được miễn hoặc giảm tiền thuê.

## en
A cooperative leasing State land gets its rent exempted or reduced.
`;

const dir = mkdtempSync(path.join(tmpdir(), 'htx-kb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, body: string) {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), body);
}

describe('parseArticle', () => {
  it('reads the front matter and both answers', () => {
    const { article, problems } = parseArticle('knowledge/land/land-rent-exemption.md', VALID);
    expect(problems).toEqual([]);
    expect(article).toMatchObject({
      id: 'land-rent-exemption',
      topic: 'land',
      answer: { vi: expect.stringContaining('miễn hoặc giảm'), en: expect.stringContaining('exempted') },
    });
  });

  it.each([
    ['a missing English answer', VALID.replace(/## en[\s\S]*$/, ''), 'needs a "## en" answer'],
    ['a vi answer over 700 characters', VALID.replace('HTX thuê đất của Nhà nước', 'x'.repeat(701)), 'at most 700'],
    ['a legal document without its number', VALID.replace('Luật Hợp tác xã số 17/2023/QH15', 'Luật Hợp tác xã'), 'with its number'],
    ['an impossible date', VALID.replace('"2023-06-20"', '"2023-02-31"'), 'not a real date'],
    ['two sample questions', VALID.replace('  - "thue dat cua ho dan co duoc ho tro khong"\n', ''), '3–10 sample questions'],
    ['an unknown topic', VALID.replace('topic: land', 'topic: weather'), 'topic'],
    ['an unknown field', VALID.replace('keywords:', 'sources: "x"\nkeywords:'), 'sources'],
    ['a basis without its quote', VALID.replace(/\n    quote: .*/, ''), 'quote'],
    ['a basis without its shipped text', VALID.replace(/\n    law: .*/, ''), 'law'],
    ['a basis without the article', VALID.replace(/\n    article: .*/, ''), 'article'],
    ['an article that is not "Điều N"', VALID.replace('"Điều 21, khoản 2"', '"khoản 2"'), 'Điều 74'],
    ['no contact', VALID.replace(/contact:\n.*\n.*\n/, ''), 'contact'],
    ['Markdown bold in an answer', VALID.replace('được miễn hoặc giảm', 'được **miễn** hoặc giảm'), 'plain text'],
    ['a file name that is not the id', VALID, 'file name must be land-rent-exemption.md', 'knowledge/land/other.md'],
    ['broken YAML', VALID.replace('title:\n', 'title: [\n'), 'not valid YAML'],
    ['no front matter', '## vi\nx\n## en\ny\n', 'YAML front matter'],
  ])('reports %s', (_name, source, expected, file = 'knowledge/land/land-rent-exemption.md') => {
    const { article, problems } = parseArticle(file, source);
    expect(article).toBeUndefined();
    expect(problems.map((p) => p.problem).join('\n')).toContain(expected);
  });
});

describe('loadArticles', () => {
  it('loads a folder and refuses duplicate ids', () => {
    write('knowledge/land/land-rent-exemption.md', VALID);
    write('knowledge/credit/land-rent-exemption.md', VALID.replace('topic: land', 'topic: credit'));
    const { articles, problems } = loadArticles(path.join(dir, 'knowledge'));
    expect(articles).toHaveLength(1);
    expect(problems.map((p) => p.problem).join('\n')).toContain('already used by knowledge/');
  });
});

describe('citations and validity', () => {
  it('writes the citation line parts in each language', () => {
    const basis = [
      { document: 'Nghị định số 113/2024/NĐ-CP', date: '2024-09-12', article: 'Điều 5', law: 'x', quote: 'y' },
      { document: 'Thông tư số 09/2024/TT-BKHĐT', article: 'Điều 6', law: 'x', quote: 'y' },
    ];
    expect(citationParts({ legal_basis: basis }, (d) => `ngày ${d}`)).toEqual([
      'Nghị định số 113/2024/NĐ-CP, ngày 12/9/2024, Điều 5',
      'Thông tư số 09/2024/TT-BKHĐT, Điều 6',
    ]);
    expect(citationParts({ legal_basis: basis }, (d) => `of ${d}`)[0]).toBe('Nghị định số 113/2024/NĐ-CP, of 12/9/2024, Điều 5');
  });

  it('treats an article past its effective_until date as history', () => {
    expect(isCurrent({ effective_until: '2025-10-01' }, new Date('2026-01-01'))).toBe(false);
    expect(isCurrent({ effective_until: null }, new Date('2026-01-01'))).toBe(true);
    expect(isCurrent({ effective_until: '2027-01-01' }, new Date('2026-01-01'))).toBe(true);
    expect(isCurrent({ effective_from: '2026-07-01', effective_until: null }, new Date('2026-01-01'))).toBe(false);
  });
});
