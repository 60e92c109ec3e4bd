/**
 * Finds the knowledge-base article that answers a question typed the way people type it: with or
 * without diacritics, with typos, abbreviations and SMS spellings, chatty, sometimes in English.
 *
 * Ranking: MiniSearch (BM25+) over the terms of `searchTokens` (syllables and bigrams), fields
 * boosted by FIELD_BOOSTS, then re-scored by coverage (below) so that an article that explains more
 * of the question wins over one that repeats a few of its words.
 *
 * Ranking alone cannot say "I don't know". The decision uses figures about the best hit:
 *
 *   coverage   0–1, the share of the question's information the article matches. Each meaningful
 *              syllable and bigram of the question weighs its rarity in the knowledge base (BM25
 *              idf); a word no article uses weighs UNKNOWN_WEIGHT (names, chatter, other topics).
 *              It counts fully when the article has it (BODY_ONLY_CREDIT when only its body
 *              does), CORRECTED_CREDIT after a typo correction, PARTIAL_MATCH_CREDIT through a
 *              fuzzy or prefix match. "htx" weighs almost nothing
 *              (every article has it); "thời tiết", "sổ hộ khẩu" weigh a lot and match nothing.
 *              A concept named by an abbreviation that no article covers ("BHXH" = bảo hiểm xã
 *              hội) never counts as matched, even though "bảo hiểm" and "xã hội" appear apart.
 *   anchored   the question names the cooperative world (HTX, THT, members, internal lending,
 *              "cooperative", or a legal document an article cites: "NĐ 113"), this assistant's
 *              domain, and names no concept that no article covers. Questions that are not
 *              anchored must match better.
 *   margin     the best hit's score over the second's.
 *
 *   similarity how close the question is to the article's title or one of its sample questions;
 *              it raises the score, so an article asked this way before wins a close call.
 *
 *   coverage < MIN_COVERAGE_ANCHORED (anchored) or MIN_COVERAGE (not)  → none
 *   coverage ≥ ANSWER_COVERAGE and margin ≥ ANSWER_MARGIN               → answer
 *     (a short question — fewer than SPECIFIC_MIN_TERMS words that count — names a family of
 *     articles: it needs SHORT_MARGIN_FACTOR times the margin)
 *   otherwise                                                          → suggest the best 1–3 hits
 *
 * The constants are calibrated on test/fixtures/qa-eval.jsonl (`npm run bench -- qa`) to keep a
 * wrong outright answer rare (≤ 3 % of the questions): a close call gets suggestions instead.
 */
import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import {
  ABBREVIATION_CONCEPTS,
  closestWord,
  foldedSyllables,
  isBigram,
  isVietnameseSyllable,
  pipelineSpellings,
  searchTokens,
  searchWords,
  type SyllableContext,
} from '../../lib/search-terms.js';
import { isCurrent, type Article } from './article.js';

/** Below this coverage an anchored question (it names HTX, THT, members…) is declined. */
export const MIN_COVERAGE_ANCHORED = 0.26;
/** Below this coverage a question that does not name the cooperative world is declined. */
export const MIN_COVERAGE = 0.85;
/** From this coverage, with a clear margin, the best hit is the answer. */
export const ANSWER_COVERAGE = 0.3;
/** The best hit's score must be this many times the second's to answer outright. */
export const ANSWER_MARGIN = 1.75;
/** After the first, a hit is suggested when its score is at least this share of the best. */
export const SUGGEST_RATIO = 0.35;
/** At most this many suggestions, and this many related articles. */
export const MAX_SUGGESTIONS = 3;
export const MAX_RELATED = 3;

const FIELDS = ['title', 'questions', 'keywords', 'body', 'bodyEn'] as const;

/** Field boosts: the title and the sample questions say what an article answers; the body details it. */
export const FIELD_BOOSTS = { title: 3, questions: 3, keywords: 2, body: 1, bodyEn: 0.6 } as const;
/** Coverage credit for a term matched only through a fuzzy (typo) or prefix form. */
export const PARTIAL_MATCH_CREDIT = 0.6;
/** Coverage credit for a syllable matched after a typo correction ("kein" → "kien"). */
export const CORRECTED_CREDIT = 0.8;
/** Coverage credit for a term found only in the body of an article, not in its title, questions or keywords. */
export const BODY_ONLY_CREDIT = 0.8;
/** Weight of a bigram in the coverage, relative to its idf: a phrase matched is evidence of its own. */
export const BIGRAM_WEIGHT = 1;
/** The coverage weight of a term no article uses (a name, chatter, a word of another topic). */
export const UNKNOWN_WEIGHT = 2;

/**
 * Similarity to the article's own phrasings (title and sample questions): the cosine of the
 * idf-weighted terms of the question and of the closest phrasing, 0–1. It multiplies the score by
 * (1 + SIMILARITY_WEIGHT × similarity): an article that was asked this way before wins a close call.
 */
export const SIMILARITY_WEIGHT = 1;
/** A question with fewer words that count than this is short: it names a family of articles… */
export const SPECIFIC_MIN_TERMS = 5;
/** …and is answered outright only with this many times the usual margin. */
export const SHORT_MARGIN_FACTOR = 2;

/** Terms that place a question in the cooperative world (as the pipeline spells them). */
export const ANCHOR_TERMS: ReadonlySet<string> = new Set(['htx', 'tht', 'cooperative', 'thanh_vien', 'lien_hiep', 'noi_bo']);
/** Terms that name a kind of legal document: with the number of a document an article cites, an anchor too. */
const LEGAL_DOCUMENT_TERMS: ReadonlySet<string> = new Set(['nghi_dinh', 'thong_tu', 'luat', 'nghi_quyet', 'quyet_dinh', 'decree', 'circular', 'law']);

export type SearchOutcome =
  { kind: 'answer'; article: Article; score: number; related: Article[] } | { kind: 'suggest'; candidates: Article[] } | { kind: 'none' };

/** One ranked hit, with the figures the decision uses. */
export interface RankedHit {
  article: Article;
  score: number;
  /** 0–1: the weighted share of the question's terms the article matches. */
  coverage: number;
  /** 0–1: how close the question is to the article's title or one of its sample questions. */
  similarity: number;
}

/** A decision and what it rested on. */
export interface SearchExplanation {
  outcome: SearchOutcome;
  analysis: QueryAnalysis;
  /** The best-ranked article, whatever the outcome. */
  best?: RankedHit;
}

/** What the pipeline made of a question: for logs and debugging. */
export interface QueryAnalysis {
  terms: string[];
  /** Syllables that came from a typo correction. */
  corrected: string[];
  /** Terms of concepts no article covers: never matched. */
  uncovered: string[];
  anchored: boolean;
}

export interface ArticleIndex {
  /** The decision for a question: an answer, a few suggestions, or none. */
  search(text: string): SearchOutcome;
  /** The decision with what it rested on: the analysis and the best hit (even when declined). */
  explain(text: string): SearchExplanation;
  /** The ranking (best first) with scores and coverage, for evaluation and debugging. */
  rank(text: string, limit?: number): RankedHit[];
  /** What the pipeline made of a question. */
  analyse(text: string): QueryAnalysis;
  /** The articles that can be found (current at `now`). */
  readonly articles: readonly Article[];
}

export interface ArticleIndexOptions {
  /** Only articles current on this day are indexed (default: today). */
  now?: Date;
  /** `history`: index the articles no longer in force instead (questions about the past). */
  only?: 'current' | 'history';
  /** Other values of the constants above: for calibration scripts and tests, never in the app. */
  tuning?: Partial<SearchTuning>;
}

/** The constants of the ranking and the decision, in one object (see the exports above). */
export interface SearchTuning {
  minCoverageAnchored: number;
  minCoverage: number;
  answerCoverage: number;
  answerMargin: number;
  fieldBoosts: Record<(typeof FIELDS)[number], number>;
  partialMatchCredit: number;
  correctedCredit: number;
  bodyOnlyCredit: number;
  bigramWeight: number;
  unknownWeight: number;
  similarityWeight: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  minCoverageAnchored: MIN_COVERAGE_ANCHORED,
  minCoverage: MIN_COVERAGE,
  answerCoverage: ANSWER_COVERAGE,
  answerMargin: ANSWER_MARGIN,
  fieldBoosts: { ...FIELD_BOOSTS },
  partialMatchCredit: PARTIAL_MATCH_CREDIT,
  correctedCredit: CORRECTED_CREDIT,
  bodyOnlyCredit: BODY_ONLY_CREDIT,
  bigramWeight: BIGRAM_WEIGHT,
  unknownWeight: UNKNOWN_WEIGHT,
  similarityWeight: SIMILARITY_WEIGHT,
};

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
 * (history) or not yet in force are left out, so they are never returned.
 */
export function createArticleIndex(all: readonly Article[], options: ArticleIndexOptions = {}): ArticleIndex {
  const now = options.now ?? new Date();
  const tune: SearchTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const articles = all.filter((a) =>
    options.only === 'history' ? !isCurrent(a, now) && !(a.effective_from && a.effective_from > now.toISOString().slice(0, 10)) : isCurrent(a, now),
  );
  const byId = new Map(articles.map((a) => [a.id, a]));
  // "Nghị định số 113/2024/NĐ-CP" → "113": a question citing it is in this assistant's domain.
  const citedNumbers = new Set(
    articles.flatMap((a) => a.legal_basis.map((b) => /(\d+)\//.exec(b.document)?.[1]).filter((x): x is string => !!x)).map((x) => String(Number(x))),
  );

  const docs: IndexedDoc[] = articles.map((a) => ({
    id: a.id,
    title: `${a.title.vi}. ${a.title.en}`,
    questions: a.questions.join('. '),
    keywords: (a.keywords ?? []).join('. '),
    body: a.answer.vi,
    bodyEn: a.answer.en,
  }));
  const fullText = (d: IndexedDoc) => FIELDS.map((f) => d[f]).join('. ');

  // Document frequency of each term (any field): the idf weights of the coverage.
  const documentFrequency = new Map<string, number>();
  for (const d of docs) for (const t of new Set(searchTokens(fullText(d)))) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
  const n = Math.max(1, docs.length);
  const idf = (term: string) => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const termWeight = (term: string) => {
    const w = documentFrequency.has(term) ? idf(term) : Math.min(idf(term), tune.unknownWeight);
    return isBigram(term) ? tune.bigramWeight * w : w;
  };

  // Abbreviation concepts that some article covers (as a phrase, not just its words apart).
  const phrases = docs.map(
    (d) =>
      ` ${searchWords(fullText(d))
        .map((c) => c.map((w) => w ?? '·').join(' '))
        .join(' | ')} `,
  );
  const uncoveredConcepts = ABBREVIATION_CONCEPTS.filter((c) => !phrases.some((p) => p.includes(` ${c} `))).map((c) => c.split(' '));

  // Typo correction for questions: a syllable that is neither a word of the knowledge base (or of
  // the pipeline) nor a possible Vietnamese syllable becomes the most frequent known word one edit
  // away. A real word we do not know ("xăng") is left alone: it is a sign of another topic.
  // The sample questions are left out: they are typed as people type, with typos ("dieu kein") and
  // place names ("Kon Tum"), which must not become words the corrector and the name rule trust.
  const curated = (d: IndexedDoc) => [d.title, d.keywords, d.body, d.bodyEn].join('. ');
  const vocabulary = new Map<string, number>();
  for (const d of docs) for (const w of foldedSyllables(curated(d))) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  for (const w of pipelineSpellings()) if (!vocabulary.has(w)) vocabulary.set(w, 1);
  const correctTypo = (syllable: string) =>
    syllable.length >= 3 && /^[a-z]+$/.test(syllable) && !vocabulary.has(syllable) && !isVietnameseSyllable(syllable)
      ? closestWord(syllable, vocabulary)
      : undefined;

  /** A run of two or more capitalised syllables none of whose neighbours form a known bigram. */
  const curatedBigrams = new Set(docs.flatMap((d) => searchTokens(curated(d)).filter(isBigram)));
  const isName = (run: string[]) => run.length >= 2 && run.every((w, i) => i === 0 || !curatedBigrams.has(`${run[i - 1]}_${w}`));

  function analyse(text: string): QueryAnalysis {
    const corrections: string[] = [];
    const tokenOptions = {
      correct: (s: string, { capitalised, capitalisedRun }: SyllableContext) => {
        // Capitalised words inside a sentence that the knowledge base does not use as such are a
        // name ("Kon Tum", "Bình Dương", "Cà Mau"): context, not topic. They neither match nor
        // count against a match. "Quỹ Hỗ trợ", "Luật Đất đai" are phrases of the knowledge base.
        if (capitalised && (!vocabulary.has(s) || isName(capitalisedRun))) return '';
        const c = correctTypo(s);
        if (c) corrections.push(c);
        return c;
      },
    };
    const words = searchWords(text, tokenOptions);
    const terms = [...new Set(searchTokens(text, tokenOptions))];
    const corrected = [...new Set(corrections.flatMap((c) => searchTokens(c)))];
    // Terms inside a concept no article covers: "bao", "hiem", "bao_hiem"… of "bao hiem xa hoi".
    const inside = new Set<string>();
    const outside = new Set<string>();
    for (const clause of words) {
      const covered = new Array<boolean>(clause.length).fill(false);
      for (const concept of uncoveredConcepts) {
        for (let i = 0; i + concept.length <= clause.length; i++) {
          if (concept.every((w, k) => clause[i + k] === w)) for (let k = 0; k < concept.length; k++) covered[i + k] = true;
        }
      }
      clause.forEach((w, i) => {
        if (w === undefined) return;
        (covered[i] ? inside : outside).add(w);
        const prev = clause[i - 1];
        if (prev !== undefined) (covered[i] && covered[i - 1] ? inside : outside).add(`${prev}_${w}`);
      });
    }
    const uncovered = [...inside].filter((t) => !outside.has(t));
    // Naming a concept no article covers outweighs naming the cooperative world.
    const citesDocument = terms.some((t) => LEGAL_DOCUMENT_TERMS.has(t)) && terms.some((t) => /^\d+$/.test(t) && citedNumbers.has(String(Number(t))));
    const anchored = inside.size === 0 && (citesDocument || terms.some((t) => ANCHOR_TERMS.has(t)));
    return { terms, corrected, uncovered, anchored };
  }

  const mini = new MiniSearch<IndexedDoc>({
    fields: [...FIELDS],
    tokenize: (text) => searchTokens(text),
    processTerm: (term) => term,
    searchOptions: {
      // The query is analysed beforehand (typo corrections, names): its terms come space-separated.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { ...tune.fieldBoosts },
      // Typos left after correction: only in longer syllables the knowledge base does not know,
      // never in bigrams (their syllables carry the tolerance).
      fuzzy: (term) => (isBigram(term) || documentFrequency.has(term) ? false : term.length > 4 ? 0.2 : false),
      // The last word may be cut short ("dieu kie").
      prefix: (term, i, terms) => !isBigram(term) && term.length >= 3 && i === lastUnigram(terms),
      combineWith: 'OR',
    },
  });
  mini.addAll(docs);

  // Each article's own phrasings (titles, sample questions) as weighted term vectors.
  const vector = (terms: Iterable<string>) => {
    const v = new Map<string, number>();
    for (const t of terms) v.set(t, termWeight(t));
    let norm = 0;
    for (const w of v.values()) norm += w * w;
    return { v, norm: Math.sqrt(norm) };
  };
  const phrasings = new Map(articles.map((a) => [a.id, [a.title.vi, a.title.en, ...a.questions].map((p) => vector(searchTokens(p)))]));
  const similarityTo = (id: string, q: { v: Map<string, number>; norm: number }) => {
    let best = 0;
    for (const p of phrasings.get(id) ?? []) {
      if (p.norm === 0 || q.norm === 0) continue;
      let dot = 0;
      for (const [t, w] of q.v) if (p.v.has(t)) dot += w * p.v.get(t)!;
      best = Math.max(best, dot / (q.norm * p.norm));
    }
    return best;
  };

  function rankAnalysed(q: QueryAnalysis, limit: number): RankedHit[] {
    const { terms } = q;
    if (!terms.some((t) => !isBigram(t))) return [];
    const corrected = new Set(q.corrected);
    const uncovered = new Set(q.uncovered);
    const weights = terms.map(termWeight);
    const total = weights.reduce((a, b) => a + b, 0);
    const results: MiniSearchResult[] = mini.search(terms.join(' '));
    const asked = vector(terms.filter((t) => !uncovered.has(t)));
    const hits = results.map((r) => {
      const matchedSomehow = new Set(r.queryTerms);
      let covered = 0;
      terms.forEach((t, i) => {
        if (uncovered.has(t)) return;
        const fields = r.match[t];
        const where = fields && fields.every((f) => f === 'body' || f === 'bodyEn') ? tune.bodyOnlyCredit : 1;
        if (fields) covered += where * (corrected.has(t) ? tune.correctedCredit : 1) * weights[i]!;
        else if (matchedSomehow.has(t)) covered += tune.partialMatchCredit * weights[i]!;
      });
      const coverage = total > 0 ? covered / total : 0;
      // MiniSearch multiplies the BM25 sum by the number of query terms matched; the square root
      // of that keeps a preference for matching more terms without drowning rarer ones.
      const similarity = similarityTo(r.id as string, asked);
      const score = (r.score / Math.sqrt(r.queryTerms.length)) * coverage * (1 + tune.similarityWeight * similarity);
      return { article: byId.get(r.id as string)!, score, coverage, similarity };
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  function rank(text: string, limit = 10): RankedHit[] {
    return rankAnalysed(analyse(text), limit);
  }

  function search(text: string): SearchOutcome {
    return explain(text).outcome;
  }

  function explain(text: string): SearchExplanation {
    const analysis = analyse(text);
    const hits = rankAnalysed(analysis, 10);
    return { outcome: decide(analysis, hits), analysis, best: hits[0] };
  }

  function decide(q: QueryAnalysis, hits: RankedHit[]): SearchOutcome {
    const best = hits[0];
    if (!best || best.coverage < (q.anchored ? tune.minCoverageAnchored : tune.minCoverage)) return { kind: 'none' };
    const second = hits[1];
    const margin = second && second.score > 0 ? best.score / second.score : Infinity;
    // A short, general question ("vay quỹ htx") names a family of articles: it gets suggestions.
    const specific = q.terms.filter((t) => !isBigram(t) && !q.uncovered.includes(t)).length >= SPECIFIC_MIN_TERMS;
    if (best.coverage >= tune.answerCoverage && margin >= tune.answerMargin * (specific ? 1 : SHORT_MARGIN_FACTOR)) {
      return { kind: 'answer', article: best.article, score: best.score, related: relatedTo(best, hits) };
    }
    const candidates = hits
      .filter((h, i) => i === 0 || h.score >= SUGGEST_RATIO * best.score)
      .slice(0, MAX_SUGGESTIONS)
      .map((h) => h.article);
    return { kind: 'suggest', candidates };
  }

  /** Up to MAX_RELATED other articles: the next strong hits, then the same topic's hits. */
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

  return { search, explain, rank, analyse, articles };
}

/** The position of the last syllable (not bigram) among the query terms. */
function lastUnigram(terms: string[]): number {
  for (let i = terms.length - 1; i >= 0; i--) if (!isBigram(terms[i]!)) return i;
  return -1;
}
