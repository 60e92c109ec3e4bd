/**
 * The question-answering evaluation shared by `npm run bench -- qa` and the regression test:
 * loads test/fixtures/qa-eval.jsonl and scores an ArticleIndex on it.
 *
 * A line is {"q": "...", "expected": ["article-id", ...], "tags": [...]}; `expected: []` means the
 * question is out of scope and must be declined: tagged `off_topic` (weather, lottery, gold
 * prices…) with `off_topic`, tagged `farming` (pests, fertiliser, sick livestock) with `farming` (the
 * pointer to the extension service), any other with `none` (offered to an officer).
 *
 *   top1             in-scope questions whose first result (the answer, or the first suggestion) is expected
 *   top3             … whose first three results contain an expected article: the suggestions, or
 *                    for an answer the top three raw hits of the ranking (not `related`)
 *   out_of_scope     out-of-scope questions declined as their tag says (`off_topic`, `farming`, else `none`)
 *   off_topic        out-of-scope questions tagged `off_topic` that got `off_topic` (never an officer)
 *   farming          … tagged `farming` that got `farming`
 *   An in-scope question answered `none` is a miss for top1 and top3.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { lawOutcomeId, type QuestionOutcome } from '../src/services/knowledge/find-answer.js';
import type { ArticleIndex } from '../src/services/knowledge/search-articles.js';

export const QA_EVAL_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/qa-eval.jsonl');

const QaItemSchema = z.object({
  q: z.string().min(1),
  expected: z.array(z.string().min(1)),
  tags: z.array(z.string()).default([]),
});
export type QaItem = z.infer<typeof QaItemSchema>;

/** The fixture's questions, or undefined when the file does not exist. Throws on a malformed line. */
export function loadQaEval(file = QA_EVAL_FILE): QaItem[] | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('//'))
    .map(({ line, n }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path.basename(file)} line ${n}: not JSON (${(e as Error).message})`);
      }
      const parsed = QaItemSchema.safeParse(raw);
      if (!parsed.success)
        throw new Error(`${path.basename(file)} line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

export interface QaMiss {
  q: string;
  expected: string[];
  tags: string[];
  /** What came back: "answer:<id>", "suggest:<id>,<id>", or "none". */
  got: string;
}

export interface QaMetrics {
  questions: number;
  inScope: number;
  outOfScope: number;
  top1: number;
  top3: number;
  declined: number;
  /** Out-of-scope questions tagged `off_topic`, and those declined as off topic. */
  offTopic: number;
  offTopicDeclined: number;
  /** Out-of-scope questions tagged `farming`, and those pointed to the extension service. */
  farming: number;
  farmingPointed: number;
  top1_pct: number;
  top3_pct: number;
  out_of_scope_pct: number;
  off_topic_pct: number;
  farming_pct: number;
  /** Share of `answer` outcomes (in scope) whose article is expected: how often a direct answer is right. */
  answer_precision_pct: number;
  /** Share of in-scope questions answered directly (not suggested, not declined). */
  answered_pct: number;
  /** Share of in-scope questions answered outright with an expected article. */
  direct_correct_pct: number;
  /** Of the in-scope questions whose first result is right, the share answered outright (not "did you mean"). */
  outright_when_right_pct: number;
  /** Share of all questions answered outright with a wrong curated article (out-of-scope ones included). */
  wrong_confident_pct: number;
  /** Questions that got an article of law (named, or the fallback). */
  law_shown: number;
  /** top1 % per tag (in-scope questions), and declined % for out_of_scope. */
  byTag: Record<string, { n: number; pct: number }>;
  /** In-scope questions missed at top 1, and out-of-scope questions not declined. */
  misses: QaMiss[];
  /** Milliseconds per search() call, measured after one warm-up pass. */
  latenciesMs: number[];
}

function describe(outcome: QuestionOutcome): string {
  if (outcome.kind === 'answer' || outcome.kind === 'history') return `${outcome.kind}:${outcome.article.id}`;
  if (outcome.kind === 'suggest') return `suggest:${outcome.candidates.map((a) => a.id).join(',')}`;
  if (outcome.kind === 'reference' || outcome.kind === 'law') return `${outcome.kind}:${lawOutcomeId(outcome)}`;
  if (outcome.kind === 'off_topic') return `off_topic:${outcome.category}`;
  if (outcome.kind === 'farming') return 'farming';
  return 'none';
}

const pct = (part: number, whole: number) => (whole === 0 ? 100 : Number(((100 * part) / whole).toFixed(1)));

/**
 * Scores `index` on `items`: one warm-up pass, then one timed pass. `answer` is the whole decision
 * (find-answer.ts: article references, the knowledge base, the law-text fallback); by default the
 * knowledge-base search alone.
 *
 *   direct_correct   in-scope questions answered outright with an expected article (a curated
 *                    answer, or for `law:<text>:<article>` expectations the law article shown)
 *   wrong_confident  questions answered outright with a wrong article: an in-scope question's
 *                    curated answer that is not expected, or any curated answer to an
 *                    out-of-scope question — over all questions
 */
export function evaluateQa(
  index: ArticleIndex,
  items: readonly QaItem[],
  answer: (q: string) => QuestionOutcome = (q) => index.search(q),
  options: { warmUp?: boolean } = {},
): QaMetrics {
  // The warm-up pass makes the latencies fair; a test that only wants the scores skips it.
  if (options.warmUp ?? true) for (const item of items) answer(item.q);

  let top1 = 0;
  let top3 = 0;
  let declined = 0;
  let offTopic = 0;
  let offTopicDeclined = 0;
  let farming = 0;
  let farmingPointed = 0;
  let answers = 0;
  let rightAnswers = 0;
  let directCorrect = 0;
  let wrongConfident = 0;
  let lawShown = 0;
  const misses: QaMiss[] = [];
  const latenciesMs: number[] = [];
  const tagCounts: Record<string, { n: number; ok: number }> = {};

  for (const item of items) {
    const t0 = performance.now();
    const outcome = answer(item.q);
    latenciesMs.push(performance.now() - t0);

    const inScope = item.expected.length > 0;
    const lawId = lawOutcomeId(outcome);
    if (lawId) lawShown++;
    let ok: boolean;
    if (!inScope) {
      // How it must be declined: off topic, to the extension service, or offered to an officer.
      const want = item.tags.includes('off_topic') ? 'off_topic' : item.tags.includes('farming') ? 'farming' : 'none';
      ok = outcome.kind === want;
      if (ok) declined++;
      if (want === 'off_topic') {
        offTopic++;
        if (ok) offTopicDeclined++;
      }
      if (want === 'farming') {
        farming++;
        if (ok) farmingPointed++;
      }
      if (outcome.kind === 'answer' || outcome.kind === 'history') wrongConfident++;
    } else {
      const expected = new Set(item.expected);
      const first =
        outcome.kind === 'answer' || outcome.kind === 'history'
          ? [outcome.article.id]
          : outcome.kind === 'suggest'
            ? outcome.candidates.map((a) => a.id)
            : lawId
              ? [lawId]
              : [];
      const firstThree = outcome.kind === 'answer' ? index.rank(item.q, 3).map((h) => h.article.id) : first.slice(0, 3);
      ok = first[0] !== undefined && expected.has(first[0]);
      if (ok) top1++;
      if (firstThree.some((id) => expected.has(id))) top3++;
      const direct = outcome.kind === 'answer' || outcome.kind === 'history';
      if (direct || lawId) {
        answers++;
        if (ok) rightAnswers++;
        if (ok) directCorrect++;
        else if (direct) wrongConfident++;
      }
    }
    if (!ok) misses.push({ q: item.q, expected: item.expected, tags: item.tags, got: describe(outcome) });
    for (const tag of item.tags.length > 0 ? item.tags : ['(untagged)']) {
      const c = (tagCounts[tag] ??= { n: 0, ok: 0 });
      c.n++;
      if (ok) c.ok++;
    }
  }

  const inScope = items.filter((i) => i.expected.length > 0).length;
  const outOfScope = items.length - inScope;
  return {
    questions: items.length,
    inScope,
    outOfScope,
    top1,
    top3,
    declined,
    offTopic,
    offTopicDeclined,
    farming,
    farmingPointed,
    top1_pct: pct(top1, inScope),
    top3_pct: pct(top3, inScope),
    out_of_scope_pct: pct(declined, outOfScope),
    off_topic_pct: pct(offTopicDeclined, offTopic),
    farming_pct: pct(farmingPointed, farming),
    answer_precision_pct: pct(rightAnswers, answers),
    answered_pct: pct(answers, inScope),
    direct_correct_pct: pct(directCorrect, inScope),
    outright_when_right_pct: pct(directCorrect, top1),
    wrong_confident_pct: pct(wrongConfident, items.length),
    law_shown: lawShown,
    byTag: Object.fromEntries(Object.entries(tagCounts).map(([tag, c]) => [tag, { n: c.n, pct: pct(c.ok, c.n) }])),
    misses,
    latenciesMs,
  };
}

/** The p-th percentile (0–100) of unsorted numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
