/**
 * What a typed question gets, in order:
 *   1. it names an article ("điều 74 luật htx", "Điều 26 Nghị định 45/2021") → that article's text;
 *      it is clearly off topic (weather, lottery, gold prices…) → off_topic, declined and never
 *      offered to an officer; it asks about farming technique (pests, fertiliser, sick livestock)
 *      → farming, a pointer to the extension service (question-scope.ts);
 *   2. it asks about the past ("năm 2022", "luật cũ") and a rule no longer in force answers it
 *      clearly → that article, shown as history, never as current law;
 *   3. a curated knowledge-base article answers it → the answer (or up to three suggestions);
 *   4. one article of the shipped law clearly answers it, and no curated article covers the question
 *      nearly as well → that text, labelled as the law (it replaces a weak curated match);
 *   5. nothing → none (the user is offered an officer).
 * The handler and the evaluation (`npm run bench -- qa`) use this one decision.
 */
import { foldText } from '../../lib/vietnamese-text.js';
import type { Article } from './article.js';
import { knowledgeIndex } from './knowledge-index.js';
import { questionScope, type OffTopicCategory } from './question-scope.js';
import { findLawReference, type LawLookup } from './law-reference.js';
import { loadLawTexts, type LawText } from './law-texts.js';
import type { ArticleIndex, SearchOutcome } from './search-articles.js';
import { lawIndex, type LawHit, type LawIndex, type LawTuning } from './search-law.js';

export type QuestionOutcome =
  | SearchOutcome
  | { kind: 'history'; article: Article }
  | { kind: 'reference'; lookup: LawLookup }
  | { kind: 'law'; hit: LawHit }
  | { kind: 'off_topic'; category: OffTopicCategory }
  | { kind: 'farming' };

/** "năm 2022", "hồi 2021–2025", "luật cũ", "trước đây": a question about a rule of the past. */
export function asksAboutThePast(q: string, now: Date): boolean {
  const folded = foldText(q);
  // Years, but not those inside a document number ("45/2021", "67/2025/QH15").
  const years = [...folded.matchAll(/(?<![0-9/])((?:19|20)\d{2})(?![0-9/])/g)].map((m) => Number(m[1]));
  const thisYear = now.getUTCFullYear();
  if (years.length > 0 && years.every((y) => y < thisYear) && !/\b(nay|hien nay|bay gio|hien tai)\b/.test(folded)) return true;
  return /\b(luat cu|quy dinh cu|truoc day|hoi truoc|nam ngoai|old law|previous law|used to)\b/.test(folded);
}

/** The decision over given indexes (for evaluation with an index built for a given day). */
export function answerWith(
  q: string,
  index: ArticleIndex,
  law: LawIndex,
  texts: Map<string, LawText>,
  history?: ArticleIndex,
  now = new Date(),
  lawTuning?: Partial<LawTuning>,
): QuestionOutcome {
  const lookup = findLawReference(q, texts);
  if (lookup) return { kind: 'reference', lookup };
  const scope = questionScope(q);
  if (scope) return scope;
  if (history && history.articles.length > 0 && asksAboutThePast(q, now)) {
    const old = history.search(q);
    if (old.kind === 'answer') return { kind: 'history', article: old.article };
  }
  const { outcome: found, analysis, best } = index.explain(q);
  const curatedCoverage = found.kind === 'none' ? 0 : (best?.coverage ?? 0);
  const hit = law.find(q, { anchored: analysis.anchored, curatedCoverage, tuning: lawTuning });
  return hit ? { kind: 'law', hit } : found;
}

/** The decision for a question asked on `now`. */
export function findAnswer(q: string, now: Date): QuestionOutcome {
  const { index, history } = knowledgeIndex(now);
  return answerWith(q, index, lawIndex(now), loadLawTexts(), history, now);
}

/** "law:<text id>:<article>": how the evaluation names an article of law. */
export function lawOutcomeId(o: QuestionOutcome): string | undefined {
  if (o.kind === 'reference') return o.lookup.kind === 'found' ? `law:${o.lookup.text.id}:${o.lookup.number}` : `law:${o.lookup.kind}`;
  if (o.kind === 'law') return `law:${o.hit.text.id}:${o.hit.article.number}`;
  return undefined;
}
