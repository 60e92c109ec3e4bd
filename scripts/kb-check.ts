// `npm run kb:check`: validates every knowledge-base article (fields, both languages, answer
// length, citations, dates, unique ids) and prints the count per topic. Exit 1 on any problem.
import { TOPICS } from '../src/services/knowledge/article.js';
import { loadArticles } from '../src/services/knowledge/load-articles.js';

const { articles, problems } = loadArticles();
for (const p of problems) console.error(`${p.file}: ${p.problem}`);
const counts = TOPICS.map((t) => `${t} ${articles.filter((a) => a.topic === t).length}`).join(', ');
console.log(`${articles.length} articles (${counts}); ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
