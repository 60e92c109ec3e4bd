import { describe, expect, it } from 'vitest';
import type { Article } from '../../../../src/services/knowledge/article.js';
import { headingArticles, loadDocumentStatuses, loadLawTexts } from '../../../../src/services/knowledge/law-texts.js';
import { findQuote, verifyQuotes } from '../../../../src/services/knowledge/verify-quotes.js';

const NOW = new Date('2026-12-04');
const texts = loadLawTexts();
const statuses = loadDocumentStatuses();

/** An article resting on Law 17/2023 Art. 74(1), the single member's capital cap. */
function article(over: Partial<Article> = {}, basis: Partial<Article['legal_basis'][number]> = {}): Article {
  return {
    id: 'establishment-capital-limit',
    topic: 'establishment',
    title: { vi: 'Giới hạn vốn góp', en: 'Capital cap' },
    questions: ['a', 'b', 'c'],
    legal_basis: [
      {
        document: 'Luật Hợp tác xã số 17/2023/QH15',
        article: 'Điều 74, khoản 1',
        law: 'luat-17-2023-qh15-hop-tac-xa',
        quote: 'Vốn góp tối đa không quá 30% vốn điều lệ đối với hợp tác xã',
        ...basis,
      },
    ],
    source: 'primary',
    contact: { vi: 'Sở Tài chính tỉnh', en: 'the provincial Department of Finance' },
    last_reviewed: '2026-12-04',
    answer: { vi: 'x', en: 'x' },
    file: 'knowledge/establishment/establishment-capital-limit.md',
    ...over,
  };
}
const problems = (a: Article) => verifyQuotes([a], texts, statuses, NOW).problems.map((p) => p.problem);

describe('verifyQuotes: every quote word for word in the cited article of the shipped text', () => {
  it('verifies a verbatim quote', () => {
    expect(verifyQuotes([article()], texts, statuses, NOW)).toEqual({ quotes: 1, verified: 1, problems: [] });
  });

  it('ignores line breaks and spacing, nothing else', () => {
    expect(problems(article({}, { quote: 'Vốn góp tối đa   không quá 30%\nvốn điều lệ đối với hợp tác xã' }))).toEqual([]);
  });

  it.each([
    ['a changed word', 'Vốn góp tối đa không quá 35% vốn điều lệ đối với hợp tác xã'],
    ['a changed diacritic', 'Vốn góp tối đa không qua 30% vốn điều lệ đối với hợp tác xã'],
    ['a paraphrase', 'Mỗi thành viên góp không quá 30% vốn điều lệ'],
  ])('fails on %s', (_how, quote) => {
    expect(problems(article({}, { quote })).join('\n')).toMatch(/does not appear word for word in Điều 74/);
  });

  it('fails when the quote is from another article than the one cited', () => {
    expect(problems(article({}, { article: 'Điều 4, khoản 7' })).join('\n')).toMatch(/does not appear word for word in Điều 4/);
  });

  it('accepts pieces joined by " … " in their order, and refuses them out of order', () => {
    expect(problems(article({}, { quote: 'Phần vốn góp của thành viên chính thức … Vốn góp tối đa không quá 30% vốn điều lệ' }))).toEqual([]);
    expect(problems(article({}, { quote: 'Vốn góp tối đa không quá 30% vốn điều lệ … Phần vốn góp của thành viên chính thức' })).join('\n')).toMatch(
      /not found/,
    );
  });

  it('fails on an unknown text, a missing article, or a document that is not the text', () => {
    expect(problems(article({}, { law: 'luat-99-2099' })).join('\n')).toMatch(/no shipped text/);
    expect(problems(article({}, { article: 'Điều 999' })).join('\n')).toMatch(/has no Điều 999/);
    expect(problems(article({}, { document: 'Nghị định số 45/2021/NĐ-CP' })).join('\n')).toMatch(/the document is 45\/2021\/NĐ-CP/);
  });

  it('refuses a current article resting on a superseded document, but keeps history', () => {
    const old = article(
      {},
      { document: 'Nghị quyết số 107/2020/QH14', article: 'Điều 1', law: 'nq-107-2020-qh14', quote: 'Kéo dài thời hạn miễn thuế sử dụng đất nông nghiệp' },
    );
    expect(problems(old).join('\n')).toMatch(/107\/2020\/QH14 is expired since 2026-01-01/);
    expect(problems({ ...old, effective_until: '2026-01-01' })).toEqual([]);
  });

  it('reads secondary quotations by the article their passage names, and wants source: secondary', () => {
    const cit = article(
      { source: 'secondary' },
      {
        document: 'Nghị định số 320/2025/NĐ-CP',
        article: 'Điều 4, khoản 12',
        law: 'secondary/nd-320-2025-nd-cp',
        quote: 'phần thu nhập hình thành quỹ chung không chia, tài sản chung không chia của hợp tác xã',
      },
    );
    expect(problems(cit)).toEqual([]);
    expect(problems({ ...cit, source: 'primary' }).join('\n')).toMatch(/set "source: secondary"/);
    expect(problems(article({ source: 'secondary' })).join('\n')).toMatch(/remove it/);
  });

  it('refuses a contact at district level (abolished on 1/7/2025)', () => {
    expect(problems(article({ contact: { vi: 'Phòng Tài chính - Kế hoạch huyện', en: 'the district office' } })).join('\n')).toMatch(/district-level/);
  });

  it('finds pieces in order', () => {
    expect(findQuote('một hai ba bốn năm', 'một hai … bốn năm')).toEqual({ ok: true });
    expect(findQuote('một hai ba bốn năm', 'bốn năm … một hai')).toEqual({ ok: false, missing: 'một hai' });
  });

  it('names the articles of a secondary passage heading', () => {
    expect(headingArticles('Art. 4(1)-(3): exempt income')).toEqual(['4']);
    expect(headingArticles('Arts. 3 and 4(1) as first issued')).toEqual(['3', '4']);
    expect(headingArticles('Extension (page summary of Arts. 1-2)')).toEqual(['1', '2']);
    expect(headingArticles('Scope of the amendment')).toEqual([]);
  });
});
