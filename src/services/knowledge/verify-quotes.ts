/**
 * The knowledge base's promise: every number or condition an answer states rests on a verbatim quote
 * of the cited article, read from a legal text the bot ships. This checks each `legal_basis` entry:
 *
 *   - the shipped text exists and names the same document number as the entry;
 *   - the cited article exists in it;
 *   - the quote appears word for word in that article (whitespace runs, `**` and `> ` aside);
 *     " … " separates pieces that must appear in that order;
 *   - an article in force does not rest on a document recorded as superseded or expired;
 *   - `source: secondary` is set exactly when a basis is read from a secondary quotation;
 *   - the contact names no district-level office (abolished on 1/7/2025).
 */
import { isCurrent, type Article } from './article.js';
import { articleNumber, documentNumber, hasEnded, lawArticle, normaliseForQuote, type DocumentStatus, type LawText } from './law-texts.js';

/** Pieces of a quote joined by an ellipsis. */
export const QUOTE_GAP = /\s+(?:…|\.\.\.|\[\.\.\.\]|\[…\])\s+/u;
const MIN_PIECE = 12;

export interface QuoteProblem {
  file: string;
  problem: string;
}

export interface QuoteReport {
  quotes: number;
  verified: number;
  problems: QuoteProblem[];
}

/** Where the quote's pieces were found in order in `text`, or the first piece that was not. */
export function findQuote(text: string, quote: string): { ok: true } | { ok: false; missing: string } {
  const haystack = normaliseForQuote(text);
  let from = 0;
  for (const raw of quote.split(QUOTE_GAP)) {
    const piece = normaliseForQuote(raw);
    const at = haystack.indexOf(piece, from);
    if (at < 0) return { ok: false, missing: piece };
    from = at + piece.length;
  }
  return { ok: true };
}

const DISTRICT = /\b(?:huyện|quận|cấp huyện|district)\b/iu;

/** Checks every legal basis of `articles` against the shipped texts and the documents' statuses. */
export function verifyQuotes(articles: readonly Article[], texts: Map<string, LawText>, statuses: readonly DocumentStatus[], now: Date): QuoteReport {
  const problems: QuoteProblem[] = [];
  const today = now.toISOString().slice(0, 10);
  const statusOf = new Map(statuses.map((s) => [s.number.toUpperCase(), s]));
  let quotes = 0;
  let verified = 0;
  for (const a of articles) {
    const add = (problem: string) => problems.push({ file: a.file, problem });
    const current = isCurrent(a, now);
    let secondary = false;
    a.legal_basis.forEach((b, i) => {
      const where = `legal_basis[${i}] (${b.document}, ${b.article})`;
      quotes += 1;
      const text = texts.get(b.law);
      if (!text) return add(`${where}: no shipped text knowledge/law/${b.law}.md`);
      if (text.source === 'secondary') secondary = true;
      const cited = documentNumber(b.document);
      if (cited && text.number.toUpperCase() !== cited) add(`${where}: the document is ${cited} but knowledge/law/${b.law}.md is ${text.number}`);
      const status = cited ? statusOf.get(cited) : undefined;
      if (current && status && hasEnded(status, today)) {
        add(
          `${where}: ${cited} is ${status.status}${status.until ? ` since ${status.until}` : ''}${status.by ? ` (by ${status.by})` : ''}; a current article cannot rest on it`,
        );
      }
      const n = articleNumber(b.article);
      const article = n ? lawArticle(text, n) : undefined;
      if (!article) {
        const have = [...text.articles.keys()];
        return add(
          `${where}: knowledge/law/${b.law}.md has no Điều ${n ?? '?'}${text.source === 'secondary' ? ` (its passages name: ${have.join(', ') || 'none'})` : ''}`,
        );
      }
      const short = b.quote.split(QUOTE_GAP).find((p) => normaliseForQuote(p).length < MIN_PIECE);
      if (short !== undefined) return add(`${where}: the quote piece "${short}" is too short to identify the provision`);
      const found = findQuote(article.text, b.quote);
      if (!found.ok) return add(`${where}: the quote does not appear word for word in Điều ${n} of knowledge/law/${b.law}.md; not found: "${found.missing}"`);
      verified += 1;
    });
    if (secondary && a.source !== 'secondary') add('rests on a secondary quotation (knowledge/law/secondary/): set "source: secondary"');
    if (!secondary && a.source === 'secondary') add('"source: secondary" but every basis is a primary text: remove it');
    if (DISTRICT.test(a.contact.vi) || DISTRICT.test(a.contact.en)) add('contact: names a district-level office (abolished on 1/7/2025)');
  }
  return { quotes, verified, problems };
}
