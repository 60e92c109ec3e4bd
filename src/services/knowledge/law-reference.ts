/**
 * A question that names an article of a legal text, as people type it: "điều 74 luật htx",
 * "dieu 83 luat hop tac xa 2023", "Điều 26 Nghị định 45/2021", "đ 26 nđ 45", or the command
 * `/dieuluat 74`, `/dieuluat 45/2021 26`. Resolved against the shipped texts (knowledge/law/).
 */
import { foldText } from '../../lib/vietnamese-text.js';
import { lawArticle, type LawArticle, type LawText } from './law-texts.js';

/** The Law on Cooperatives: what "điều 74", "điều 74 luật htx" mean. */
export const MAIN_LAW_TEXT = 'luat-17-2023-qh15-hop-tac-xa';

export type LawLookup =
  | { kind: 'found'; text: LawText; article: LawArticle; number: string }
  /** The document is shipped but has no such article (or not in our copy). */
  | { kind: 'no_article'; text: LawText; number: string }
  /** An article of a document we do not ship ("điều 5 nghị định 113/2024"). */
  | { kind: 'no_text'; document: string; number: string };

// "dieu 74", "điều 15a", "d.74" (folded: đ → d), "dieu so 74".
const ARTICLE = /(?:^|[^a-z0-9])(?:dieu|d\.)\s*(?:so\s*)?(\d{1,3}[a-z]?)(?![0-9/])/;
// "45/2021", "45 / 2021", "113/2024/nd-cp".
const NUMBER_YEAR = /(?:^|[^0-9])(\d{1,5})\s*\/\s*((?:19|20)\d{2})(?![0-9])/;
// The kind of document, then its number: "nghi dinh 45", "nd45", "thong tu so 09", "nq 55".
const KIND_NUMBER = /(?:^|[^a-z])(nghi dinh|nd|thong tu|tt|nghi quyet|nq|quyet dinh|qd|luat)\s*(?:so\s*)?(\d{1,5})(?![0-9])/;
const LAW_ON_COOPERATIVES = /\bluat\s*(?:htx|hop\s*tac\s*xa)\b/;
const KIND_OF_NUMBER: Record<string, RegExp> = {
  'nghi dinh': /\/NĐ-CP$/u,
  nd: /\/NĐ-CP$/u,
  'thong tu': /\/TT-/u,
  tt: /\/TT-/u,
  'nghi quyet': /\/(?:QH|NQ)/u,
  nq: /\/(?:QH|NQ)/u,
  'quyet dinh': /\/QĐ-/u,
  qd: /\/QĐ-/u,
  luat: /\/QH\d+$/u,
};

/** Primary texts before secondary ones: the official Code of Laws first. */
function preferPrimary(a: LawText, b: LawText): number {
  return a.source === b.source ? 0 : a.source === 'primary' ? -1 : 1;
}

function resolve(texts: Map<string, LawText>, number: string, textId: string | undefined, documentName: string): LawLookup {
  if (!textId) return { kind: 'no_text', document: documentName, number };
  const text = texts.get(textId)!;
  const article = lawArticle(text, number);
  // A secondary file's unnumbered passages are no answer to "which is article N".
  if (!article || !text.articles.has(number)) return { kind: 'no_article', text, number };
  return { kind: 'found', text, article, number };
}

/**
 * The article a text names, or undefined when it names none. Without a document ("điều 74") or
 * with "luật htx", the Law on Cooperatives is meant.
 */
export function findLawReference(input: string, texts: Map<string, LawText>): LawLookup | undefined {
  const folded = foldText(input);
  const article = ARTICLE.exec(folded);
  if (!article) return undefined;
  const number = article[1]!;
  const all = [...texts.values()].sort(preferPrimary);

  const numberYear = NUMBER_YEAR.exec(folded);
  if (numberYear) {
    const [, n, year] = numberYear;
    const prefix = `${Number(n)}/${year}/`;
    const text = all.find((t) => t.number.replace(/^0+/, '').startsWith(prefix));
    return resolve(texts, number, text?.id, `${n}/${year}`);
  }
  const kindNumber = KIND_NUMBER.exec(folded);
  if (kindNumber && !LAW_ON_COOPERATIVES.test(folded)) {
    const [, kind, n] = kindNumber;
    const matches = all.filter((t) => t.number.replace(/^0+/, '').startsWith(`${Number(n)}/`) && KIND_OF_NUMBER[kind!]!.test(t.number));
    return resolve(texts, number, matches[0]?.id, `${kind} ${n}`);
  }
  // "điều 74", "điều 74 luật htx", "dieu 83 luat hop tac xa 2023": the Law on Cooperatives.
  return resolve(texts, number, texts.has(MAIN_LAW_TEXT) ? MAIN_LAW_TEXT : undefined, 'Luật Hợp tác xã');
}

/** `/dieuluat 74` · `/dieuluat 45/2021 26` · `/dieuluat nd 45 26` · `/dieuluat dieu 26 nd 45/2021`. */
export function findLawCommand(args: string[], texts: Map<string, LawText>): LawLookup | undefined {
  const words = args.map((a) => a.trim()).filter(Boolean);
  if (words.length === 0) return undefined;
  const joined = words.join(' ');
  if (ARTICLE.test(foldText(joined))) return findLawReference(joined, texts);
  const last = words.at(-1)!;
  if (!/^\d{1,3}[a-z]?$/i.test(last)) return undefined;
  const document = words.slice(0, -1).join(' ');
  return findLawReference(`điều ${last.toLowerCase()} ${document}`, texts);
}
