// `npm run kb:check [-- --now 2026-12-04]`: validates every knowledge-base article (fields, both
// languages, answer length, contact, unique ids), then verifies each legal basis against the legal
// texts shipped in knowledge/law/: the quote appears word for word in the cited article, the
// document is not superseded for an article in force, and secondary sources are declared. Fails
// (exit 1) on any problem or below MIN_CURRENT_ARTICLES articles in force. The last line is JSON.
import { parseArgs } from 'node:util';
import { isCurrent, TOPICS } from '../src/services/knowledge/article.js';
import { loadDocumentStatuses, loadLawTexts } from '../src/services/knowledge/law-texts.js';
import { loadArticles } from '../src/services/knowledge/load-articles.js';
import { verifyQuotes } from '../src/services/knowledge/verify-quotes.js';
import { checkRules } from '../src/services/eligibility/check-rules.js';
import { loadRules } from '../src/services/eligibility/load-rules.js';

/** The knowledge base must answer at least this many questions with current law. */
const MIN_CURRENT_ARTICLES = 85;

const { values } = parseArgs({ options: { now: { type: 'string' } } });
const now = values.now ? new Date(values.now) : new Date();
const { articles, problems } = loadArticles();
const quotes = verifyQuotes(articles, loadLawTexts(), loadDocumentStatuses(), now);
const all = [...problems, ...quotes.problems];
// The eligibility rules (knowledge/rules/*.yaml): valid, citing current articles, quotes found.
const rules = loadRules();
all.push(...rules.problems, ...checkRules(rules.rules, { articles, texts: loadLawTexts(), statuses: loadDocumentStatuses(), now }));
const current = articles.filter((a) => isCurrent(a, now));
if (current.length < MIN_CURRENT_ARTICLES)
  all.push({ file: 'knowledge/', problem: `${current.length} articles in force; at least ${MIN_CURRENT_ARTICLES} are needed` });
for (const p of all) console.error(`${p.file}: ${p.problem}`);
const byTopic = Object.fromEntries(TOPICS.map((t) => [t, current.filter((a) => a.topic === t).length]));
console.log(
  `${articles.length} articles, ${current.length} in force (${TOPICS.map((t) => `${t} ${byTopic[t]}`).join(', ')}); ${quotes.verified}/${quotes.quotes} quotes verified; ${all.length} problem(s)`,
);
console.log(
  JSON.stringify({
    articles: articles.length,
    current: current.length,
    quotes: quotes.quotes,
    quotes_verified: quotes.verified,
    secondary_only: articles.filter((a) => a.source === 'secondary').length,
    by_topic: byTopic,
    rules: rules.rules.length,
  }),
);
process.exit(all.length ? 1 : 0);
