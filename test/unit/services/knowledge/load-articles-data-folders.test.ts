import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knowledgeDir, loadArticles } from '../../../../src/services/knowledge/load-articles.js';

const dir = mkdtempSync(path.join(tmpdir(), 'htx-kb-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the article loader and the data folders of knowledge/', () => {
  it('reads no Markdown under law/, units/ or rules/ as an article', () => {
    for (const sub of ['law', 'units/sources', 'rules', 'land']) mkdirSync(path.join(dir, sub), { recursive: true });
    // Not articles: each would be a problem ("must start with YAML front matter") if it were read.
    writeFileSync(path.join(dir, 'law', 'luat.md'), '# Luật\n');
    writeFileSync(path.join(dir, 'units', 'sources', '1027_CTK-CSCL.md'), '| Stt | Mã số |\n');
    writeFileSync(path.join(dir, 'rules', 'rule.md'), '# Rule\n');
    writeFileSync(path.join(dir, 'land', 'not-an-article.md'), '# no front matter\n');
    const { articles, problems } = loadArticles(dir);
    expect(articles).toEqual([]);
    expect(problems.map((p) => p.file)).toEqual([path.join(path.basename(dir), 'land', 'not-an-article.md')]);
  });

  it('finds no problem in the shipped knowledge base with its units/ sources', () => {
    expect(loadArticles(knowledgeDir).problems).toEqual([]);
  });
});
