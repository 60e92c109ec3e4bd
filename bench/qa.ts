import { parseArgs } from 'node:util';
import { isCurrent, type Article } from '../src/services/knowledge/article.js';
import { loadArticles } from '../src/services/knowledge/load-articles.js';
import { answerWith } from '../src/services/knowledge/find-answer.js';
import { loadLawTexts } from '../src/services/knowledge/law-texts.js';
import { createArticleIndex, type ArticleIndex } from '../src/services/knowledge/search-articles.js';
import { lawIndex } from '../src/services/knowledge/search-law.js';
import { evaluateQa, loadQaEval, percentile, QA_EVAL_FILE, type QaItem } from './qa-eval.js';

/**
 * Each article's sample questions, asked of an index built without that one question
 * (leave-one-out): a development check for when there is no fixture.
 */
function leaveOneOut(articles: Article[], now: Date): { index: ArticleIndex; items: QaItem[] } {
  const indexes = new Map<string, ArticleIndex>();
  const items: QaItem[] = [];
  for (const a of articles.filter((x) => isCurrent(x, now))) {
    a.questions.forEach((q, i) => {
      const without = articles.map((x) => (x === a ? { ...a, questions: a.questions.filter((_, k) => k !== i) } : x));
      indexes.set(q, createArticleIndex(without, { now }));
      items.push({ q, expected: [a.id], tags: ['self'] });
    });
  }
  const route = (q: string) => indexes.get(q)!;
  return {
    index: {
      search: (q) => route(q).search(q),
      explain: (q) => route(q).explain(q),
      rank: (q, n) => route(q).rank(q, n),
      analyse: (q) => route(q).analyse(q),
      articles,
    },
    items,
  };
}

/**
 * `npm run bench -- qa [--file test/fixtures/qa-eval.jsonl] [--now 2026-01-01] [--self] [--all]`:
 * the knowledge-base search on the evaluation questions: top-1 and top-3 accuracy on in-scope
 * questions, the share of out-of-scope questions declined (and of those, the off-topic ones declined
 * as such and the farming ones pointed to the extension service), and the latency of one search.
 * `--self` asks each article's own sample questions, leaving that question out of the index.
 * `--all` lists every miss (otherwise the first 40). `--kb` scores the knowledge-base search alone,
 * without article references and the law-text fallback.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string', default: QA_EVAL_FILE },
      now: { type: 'string' },
      self: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      kb: { type: 'boolean', default: false },
    },
  });
  const now = values.now ? new Date(values.now) : new Date();
  const { articles, problems } = loadArticles();
  if (problems.length > 0) console.warn(`${problems.length} article problem(s); run npm run kb:check`);

  let index: ArticleIndex;
  let items: QaItem[];
  let source: string;
  if (values.self) {
    ({ index, items } = leaveOneOut(articles, now));
    source = 'the articles’ own questions (leave-one-out)';
  } else {
    const loaded = loadQaEval(values.file);
    if (!loaded) {
      console.error(`no evaluation file at ${values.file}; write it, or run with --self`);
      process.exit(1);
    }
    items = loaded;
    index = createArticleIndex(articles, { now });
    source = values.file;
    const known = new Set(articles.map((a) => a.id));
    const current = new Set(index.articles.map((a) => a.id));
    for (const item of items) {
      for (const id of item.expected) {
        if (id.startsWith('law:')) continue;
        if (!known.has(id)) console.warn(`unknown article id "${id}" expected for: ${item.q}`);
        else if (!current.has(id)) console.warn(`"${id}" is not current on ${now.toISOString().slice(0, 10)}, expected for: ${item.q}`);
      }
    }
  }

  const law = lawIndex(now);
  const history = createArticleIndex(articles, { now, only: 'history' });
  const texts = loadLawTexts();
  const m = evaluateQa(index, items, values.kb ? undefined : (q) => answerWith(q, index, law, texts, history, now));
  const result = {
    bench: 'qa',
    questions: m.questions,
    direct_correct_pct: m.direct_correct_pct,
    wrong_confident_pct: m.wrong_confident_pct,
    outright_when_right_pct: m.outright_when_right_pct,
    top1_pct: m.top1_pct,
    top3_pct: m.top3_pct,
    out_of_scope_pct: m.out_of_scope_pct,
    off_topic_pct: m.off_topic_pct,
    farming_pct: m.farming_pct,
    p50_ms: Number(percentile(m.latenciesMs, 50).toFixed(3)),
    p95_ms: Number(percentile(m.latenciesMs, 95).toFixed(3)),
  };

  console.log(`${m.questions} questions from ${source}: ${m.inScope} in scope, ${m.outOfScope} out of scope; ${index.articles.length} current articles`);
  console.log(
    `top-1 ${m.top1}/${m.inScope} = ${m.top1_pct}% · top-3 ${m.top3}/${m.inScope} = ${m.top3_pct}% · out of scope declined ${m.declined}/${m.outOfScope} = ${m.out_of_scope_pct}% (off topic ${m.offTopicDeclined}/${m.offTopic} = ${m.off_topic_pct}%, farming to khuyến nông ${m.farmingPointed}/${m.farming} = ${m.farming_pct}%)`,
  );
  console.log(
    `answered directly ${m.answered_pct}% of in-scope questions, and those answers were right ${m.answer_precision_pct}% of the time; the rest got suggestions`,
  );
  console.log(
    `direct and correct ${m.direct_correct_pct}% of in-scope (${m.outright_when_right_pct}% of those whose first result is right) · wrong and confident ${m.wrong_confident_pct}% of all questions · an article of law shown for ${m.law_shown}`,
  );
  console.log(
    `per tag: ${Object.entries(m.byTag)
      .map(([tag, t]) => `${tag} ${t.pct}% (${t.n})`)
      .join(' · ')}`,
  );
  console.log(`latency per search: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms`);
  const shown = values.all ? m.misses : m.misses.slice(0, 40);
  if (m.misses.length > 0) console.log(`misses (${m.misses.length}${shown.length < m.misses.length ? `, first ${shown.length}; --all for every one` : ''}):`);
  for (const miss of shown) {
    console.log(`  ✗ ${miss.q}  [${miss.tags.join(',')}]\n      expected ${miss.expected.length > 0 ? miss.expected.join(' | ') : 'none'}; got ${miss.got}`);
  }
  console.log(JSON.stringify(result));
}
