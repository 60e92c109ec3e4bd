import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { cleanText } from '../../lib/vietnamese-text.js';
import { FrontMatterSchema, MAX_ANSWER_EN, MAX_ANSWER_VI, type Article } from './article.js';

export const knowledgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../knowledge');

/** One problem found in one article file. */
export interface ArticleProblem {
  file: string;
  problem: string;
}

const NOT_ARTICLES = new Set(['law', 'units', 'rules']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      // knowledge/law/ holds the legal texts the articles quote, units/ the administrative units
      // (data), rules/ machine-read rules: none of them are articles.
      if (statSync(p).isDirectory()) return NOT_ARTICLES.has(f) ? [] : markdownFiles(p);
      return f.endsWith('.md') && f !== 'README.md' ? [p] : [];
    });
}

/** Splits "---\nyaml\n---\n## vi\n…\n## en\n…" into its front matter and the two answers. */
function splitArticle(source: string): { yaml: string; vi?: string; en?: string } | string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!m) return 'must start with YAML front matter between two "---" lines';
  const sections = new Map<string, string>();
  for (const part of m[2]!.split(/^## /m).slice(1)) {
    const [heading = '', ...body] = part.split('\n');
    sections.set(heading.trim(), cleanText(body.join('\n')));
  }
  return { yaml: m[1]!, vi: sections.get('vi'), en: sections.get('en') };
}

/** Reads one article; returns it, or the problems that keep it out of the knowledge base. */
export function parseArticle(file: string, source: string): { article?: Article; problems: ArticleProblem[] } {
  const problems: ArticleProblem[] = [];
  const add = (problem: string) => problems.push({ file, problem });
  const parts = splitArticle(source.normalize('NFC'));
  if (typeof parts === 'string') {
    add(parts);
    return { problems };
  }
  let raw: unknown;
  try {
    raw = parseYaml(parts.yaml);
  } catch (e) {
    add(`front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return { problems };
  }
  const front = FrontMatterSchema.safeParse(raw);
  if (!front.success) for (const i of front.error.issues) add(`${i.path.join('.') || 'front matter'}: ${i.message}`);
  if (!parts.vi) add('needs a "## vi" answer');
  if (!parts.en) add('needs a "## en" answer');
  if (parts.vi && [...parts.vi].length > MAX_ANSWER_VI) add(`the vi answer has ${[...parts.vi].length} characters (at most ${MAX_ANSWER_VI})`);
  if (parts.en && [...parts.en].length > MAX_ANSWER_EN) add(`the en answer has ${[...parts.en].length} characters (at most ${MAX_ANSWER_EN})`);
  // Zalo and the console show text as it is: Markdown bold would reach the reader as asterisks.
  if ([parts.vi, parts.en].some((a) => a?.includes('**'))) add('answers are plain text: remove the Markdown "**" marks');
  if (front.success) {
    const f = front.data;
    if (path.basename(file, '.md') !== f.id) add(`the file name must be ${f.id}.md`);
    if (path.basename(path.dirname(file)) !== f.topic) add(`the file must sit in knowledge/${f.topic}/`);
    if (f.effective_from && f.effective_until && f.effective_until <= f.effective_from) add('effective_until must come after effective_from');
    if (problems.length === 0) return { article: { ...f, answer: { vi: parts.vi!, en: parts.en! }, file }, problems };
  }
  return { problems };
}

/** Loads every article under `dir`; ids must be unique. Problems are returned, never thrown. */
export function loadArticles(dir = knowledgeDir): { articles: Article[]; problems: ArticleProblem[] } {
  const articles: Article[] = [];
  const problems: ArticleProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of markdownFiles(dir)) {
    const r = parseArticle(path.relative(path.dirname(dir), file), readFileSync(file, 'utf8'));
    problems.push(...r.problems);
    if (!r.article) continue;
    const other = seen.get(r.article.id);
    if (other) problems.push({ file: r.article.file, problem: `id "${r.article.id}" is already used by ${other}` });
    else {
      seen.set(r.article.id, r.article.file);
      articles.push(r.article);
    }
  }
  return { articles, problems };
}
