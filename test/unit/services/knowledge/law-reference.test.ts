import { describe, expect, it } from 'vitest';
import { findLawCommand, findLawReference, type LawLookup } from '../../../../src/services/knowledge/law-reference.js';
import { loadLawTexts } from '../../../../src/services/knowledge/law-texts.js';

const texts = loadLawTexts();
const where = (r: LawLookup | undefined) => (r?.kind === 'found' ? `${r.text.id} ${r.number}` : r?.kind);

describe('findLawReference: a question that names an article', () => {
  it.each([
    ['điều 74 luật htx', 'luat-17-2023-qh15-hop-tac-xa 74'],
    ['dieu 83 luat hop tac xa 2023', 'luat-17-2023-qh15-hop-tac-xa 83'],
    ['ĐIỀU 21 LUẬT HỢP TÁC XÃ', 'luat-17-2023-qh15-hop-tac-xa 21'],
    ['cho hỏi điều 74 quy định gì', 'luat-17-2023-qh15-hop-tac-xa 74'],
    ['Điều 26 Nghị định 45/2021', 'nd-45-2021-nd-cp 26'],
    ['dieu 23 nd 45/2021/nd-cp', 'nd-45-2021-nd-cp 23'],
    ['dieu 26 nghi dinh 45', 'nd-45-2021-nd-cp 26'],
    ['điều 58 nđ 92', 'nd-92-2024-nd-cp 58'],
    ['Điều 6 Thông tư 09/2024', 'tt-09-2024-tt-bkhdt 6'],
    ['điều 1 nghị quyết 55/2010', 'nq-55-2010-qh12 1'],
    ['dieu 4 nghi dinh 320/2025', 'secondary/nd-320-2025-nd-cp 4'],
  ])('%s → %s', (q, expected) => {
    expect(where(findLawReference(q, texts))).toBe(expected);
  });

  it('says when the article is not in the text, or the document is not shipped', () => {
    expect(findLawReference('điều 200 luật htx', texts)).toMatchObject({ kind: 'no_article', number: '200' });
    expect(findLawReference('điều 19 nghị định 113/2024', texts)).toMatchObject({ kind: 'no_text', number: '19' });
  });

  it('leaves questions that name no article to the search', () => {
    for (const q of ['điều kiện vay vốn quỹ htx', 'dieu kien thanh lap htx', 'luật htx 2023 có gì mới', 'htx 20 thanh vien'])
      expect(findLawReference(q, texts), q).toBeUndefined();
  });
});

describe('findLawCommand: /dieuluat', () => {
  it.each([
    [['74'], 'luat-17-2023-qh15-hop-tac-xa 74'],
    [['45/2021', '26'], 'nd-45-2021-nd-cp 26'],
    [['nd', '45', '26'], 'nd-45-2021-nd-cp 26'],
    [['dieu', '26', 'nd', '45/2021'], 'nd-45-2021-nd-cp 26'],
  ])('%j → %s', (args, expected) => {
    expect(where(findLawCommand(args, texts))).toBe(expected);
  });

  it('has nothing to show without an article number', () => {
    expect(findLawCommand([], texts)).toBeUndefined();
    expect(findLawCommand(['luat', 'htx'], texts)).toBeUndefined();
  });
});
