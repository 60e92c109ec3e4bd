/**
 * Finds the knowledge-base article that answers a question typed the way people type: with or
 * without diacritics, with typos, abbreviations and SMS spellings, sometimes in English.
 *
 * Matching is MiniSearch (BM25+) over the terms of `searchTokens` (syllables and bigrams). Ranking
 * alone cannot say "I don't know", so the decision uses two figures about the best hit:
 *
 *   coverage   the share of the question's information that the article matches: each meaningful
 *              syllable of the question weighs its rarity in the knowledge base (BM25 idf; a word
 *              the knowledge base never uses weighs the most), and counts fully when the article
 *              has it, partly when only a fuzzy/prefix form matches. "htx" weighs almost nothing
 *              (every article has it); "xăng", "bảo hiểm xe" weigh a lot and match nothing.
 *   margin     the best hit's score over the second's (how clearly it wins).
 *
 *   coverage < MIN_COVERAGE                                → none (out of scope, or too vague)
 *   coverage ≥ ANSWER_COVERAGE and margin ≥ ANSWER_MARGIN  → answer
 *   otherwise                                              → suggest the best 2–3 hits
 *
 * The constants are calibrated on test/fixtures/qa-eval.jsonl (`npm run bench -- qa`).
 */
import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import { closestWord, foldedSyllables, isBigram, isVietnameseSyllable, pipelineSpellings, searchTokens } from '../../lib/search-terms.js';
import { isCurrent, type Article } from './article.js';

/** Below this coverage the best hit does not explain the question: decline. */
export const MIN_COVERAGE = 0.5;
/** From this coverage, and with a clear margin, the best hit is the answer. */
export const ANSWER_COVERAGE = 0.7;
/** The best hit's score must be this many times the second's to answer outright. */
export const ANSWER_MARGIN = 1.3;
/** A hit is offered as a suggestion (after the first) when its score is at least this share of the best. */
export const SUGGEST_RATIO = 0.5;
/** At most this many suggestions, and this many related articles. */
export const MAX_SUGGESTIONS = 3;
export const MAX_RELATED = 3;

/** Field boosts: a question that matches an article's title or sample questions matters most. */
export const FIELD_BOOSTS = { title: 3, questions: 3, keywords: 2, body: 0.6, bodyEn: 0.6 } as const;
/** Credit for a query syllable that matches only through a fuzzy (typo) or prefix form. */
export const PARTIAL_MATCH_CREDIT = 0.6;
/** Credit for a syllable that matches after a typo correction ("kein" → "kien"). */
export const CORRECTED_CREDIT = 0.8;

export type SearchOutcome =
  | { kind: 'answer'; article: Article; score: number; related: Article[] }
  | { kind: 'suggest'; candidates: Article[] }
  | { kind: 'none' };

/** One ranked hit, with the figures the decision uses. */
export interface RankedHit {
  article: Article;
  score: number;
  /** 0–1: the idf-weighted share of the question's syllables the article matches. */
  coverage: number;
}

export interface ArticleIndex {
  /** The decision for a question: an answer, a few suggestions, or none. */
  search(text: string): SearchOutcome;
  /** The raw ranking (best first) with scores and coverage, for evaluation and debugging. */
  rank(text: string, limit?: number): RankedHit[];
  /** The articles that are searchable (current at `now`). */
  readonly articles: readonly Article[];
}

export interface ArticleIndexOptions {
  /** Only articles current on this day are indexed (default: today). */
  now?: Date;
}

interface IndexedDoc {
  id: string;
  title: string;
  questions: string;
  keywords: string;
  body: string;
  bodyEn: string;
}


/**
 * Builds the search index over the articles current at `now`. Articles past `effective_until`
 * (history) or not yet in force are left out, so they can never be returned.
 */
export function createArticleIndex(all: readonly Article[], options: ArticleIndexOptions = {}): ArticleIndex {
  const now = options.now ?? new Date();
  const articles = all.filter((a) => isCurrent(a, now));
  const byId = new Map(articles.map((a) => [a.id, a]));

  const docs: IndexedDoc[] = articles.map((a) => ({
    id: a.id,
    title: `${a.title.vi}. ${a.title.en}`,
    questions: a.questions.join('. '),
    keywords: (a.keywords ?? []).join('. '),
    body: a.answer.vi,
    bodyEn: a.answer.en,
  }));

  // Document frequency of each term (any field), for the idf weights of the coverage.
  const documentFrequency = new Map<string, number>();
  for (const d of docs) {
    for (const t of new Set(searchTokens([d.title, d.questions, d.keywords, d.body, d.bodyEn].join('. ')))) {
      documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
    }
  }
  const n = docs.length;
  const idf = (term: string) => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // Typo correction for queries: a syllable that is neither a word of the knowledge base (or of the
  // pipeline) nor a possible Vietnamese syllable is replaced by the most frequent known word one
  // edit away. A real word we do not know ("xăng") is left alone: it is a sign of another topic.
  const vocabulary = new Map<string, number>();
  for (const d of docs) for (const w of foldedSyllables([d.title, d.questions, d.keywords, d.body, d.bodyEn].join(' '))) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  for (const w of pipelineSpellings()) if (!vocabulary.has(w)) vocabulary.set(w, 1);
  const correctTypo = (syllable: string) =>
    syllable.length >= 3 && /^[a-z]+$/.test(syllable) && !vocabulary.has(syllable) && !isVietnameseSyllable(syllable) ? closestWord(syllable, vocabulary) : undefined;

  /** The query's unique terms (order kept), and the syllables that came from a typo correction. */
  function analyse(text: string): { terms: string[]; corrected: Set<string> } {
    const corrections: string[] = [];
    const terms = searchTokens(text, {
      correct: (s, { capitalised }) => {
        // A capitalised word the knowledge base does not know is a name ("Kon Tum", "Cà Mau"):
        // context, not topic. It neither matches nor counts against a match.
        if (capitalised && !vocabulary.has(s)) return '';
        const c = correctTypo(s);
        if (c) corrections.push(c);
        return c;
      },
    });
    const corrected = new Set(corrections.flatMap((c) => searchTokens(c)));
    return { terms: [...new Set(terms)], corrected };
  }

  const mini = new MiniSearch<IndexedDoc>({
    fields: ['title', 'questions', 'keywords', 'body', 'bodyEn'],
    tokenize: (text) => searchTokens(text),
    processTerm: (term) => term,
    searchOptions: {
      processTerm: (term) => term,
      boost: process.env.BOOSTS ? Object.fromEntries(['title', 'questions', 'keywords', 'body', 'bodyEn'].map((f, i) => [f, Number(process.env.BOOSTS!.split(',')[i])])) : { ...FIELD_BOOSTS },
      boostTerm: (term) => (isBigram(term) ? Number(process.env.BIGRAM ?? 1) : 1),
      // Typos: only in longer syllables (a short one is too close to other words) and never in
      // bigrams (the syllables already carry the typo tolerance).
      fuzzy: (term) => (isBigram(term) || documentFrequency.has(term) ? false : term.length > 4 ? 0.2 : false),
      // The last word may be cut short ("dieu kie").
      prefix: (term, i, terms) => !isBigram(term) && term.length >= 3 && i === lastUnigram(terms),
      combineWith: 'OR',
    },
  });
  mini.addAll(docs);

  function rank(text: string, limit = 10): RankedHit[] {
    const { terms, corrected } = analyse(text);
    const unigrams = terms.filter((t) => !isBigram(t));
    if (unigrams.length === 0) return [];
    const total = unigrams.reduce((s, t) => s + idf(t), 0);
    // The terms are already analysed: MiniSearch gets them as they are.
    const results: MiniSearchResult[] = mini.search(terms.join(' '), { tokenize: (q) => q.split(' ') });
    const mode = process.env.SCORE_MODE ?? 'ms';
    const hits = results.map((r) => {
      const matched = new Set(r.queryTerms);
      let covered = 0;
      for (const t of unigrams) {
        const credit = corrected.has(t) ? CORRECTED_CREDIT : 1;
        if (r.match[t]) covered += credit * idf(t);
        else if (matched.has(t)) covered += PARTIAL_MATCH_CREDIT * idf(t);
      }
      const coverage = total > 0 ? covered / total : 0;
      const raw = r.score / r.queryTerms.length;
      const score = mode === 'raw' ? raw : mode === 'rawcov' ? raw * coverage : mode === 'rawcov2' ? raw * coverage * coverage : mode === 'sqrt' ? raw * Math.sqrt(r.queryTerms.length) : mode === 'sqrtcov' ? raw * Math.sqrt(r.queryTerms.length) * coverage : r.score;
      return { article: byId.get(r.id as string)!, score, coverage };
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  function search(text: string): SearchOutcome {
    const hits = rank(text, 10);
    const best = hits[0];
    if (!best || best.coverage < MIN_COVERAGE) return { kind: 'none' };
    const second = hits[1];
    const margin = second ? best.score / second.score : Infinity;
    if (best.coverage >= ANSWER_COVERAGE && margin >= ANSWER_MARGIN) {
      return { kind: 'answer', article: best.article, score: best.score, related: relatedTo(best, hits) };
    }
    const candidates = hits
      .filter((h, i) => i === 0 || (h.score >= SUGGEST_RATIO * best.score && h.coverage >= MIN_COVERAGE / 2))
      .slice(0, MAX_SUGGESTIONS)
      .map((h) => h.article);
    return { kind: 'suggest', candidates };
  }

  /** Up to MAX_RELATED other articles: the next good hits, then the same topic's hits. */
  function relatedTo(best: RankedHit, hits: RankedHit[]): Article[] {
    const rest = hits.slice(1);
    const strong = rest.filter((h) => h.score >= SUGGEST_RATIO * best.score);
    const sameTopic = rest.filter((h) => h.article.topic === best.article.topic);
    const out: Article[] = [];
    for (const h of [...strong, ...sameTopic]) {
      if (out.length >= MAX_RELATED) break;
      if (!out.includes(h.article)) out.push(h.article);
    }
    return out;
  }

  return { search, rank, articles };
}

/** The position of the last syllable (not bigram) among the query terms. */
function lastUnigram(terms: string[]): number {
  for (let i = terms.length - 1; i >= 0; i--) if (!isBigram(terms[i]!)) return i;
  return -1;
}
