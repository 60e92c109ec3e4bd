/**
 * The legal texts the knowledge base quotes, shipped as data in `knowledge/law/`:
 *
 *   <id>.md             primary texts from the official Code of Laws (Bộ pháp điển): a header table,
 *                       then each article as `## Điều N. Title`, a `> Pháp điển: …` annotation line and
 *                       the text;
 *   secondary/<id>.md   secondary quotations of 2024–2026 documents: passages `### k. Art. N(…)…`
 *                       whose quoted lines start with `> `.
 *
 * `documents.yaml` beside them records each cited document's status (in force, superseded, expired),
 * including documents we do not ship, so that a current article cannot rest on a replaced rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { cleanText } from '../../lib/vietnamese-text.js';
import { knowledgeDir } from './load-articles.js';

export const lawDir = path.join(knowledgeDir, 'law');

/** One article of a shipped legal text. */
export interface LawArticle {
  /** "74", "15a". */
  number: string;
  /** The article's title; empty for a secondary quotation (its passages carry no title). */
  title: string;
  /** The article's text as shipped (primary), or the quoted lines of its passages (secondary). */
  text: string;
}

/** One shipped legal text. */
export interface LawText {
  /** The file's id: `luat-17-2023-qh15-hop-tac-xa`, `secondary/nd-320-2025-nd-cp`. */
  id: string;
  /** "Luật số 17/2023/QH15 — Luật Hợp tác xã"; for secondary texts the title without the [SECONDARY] mark. */
  title: string;
  /** "17/2023/QH15". */
  number: string;
  source: 'primary' | 'secondary';
  /** "01/07/2024", as the text's header gives it (primary only). */
  effective?: string;
  /** The status line of the header, as written. */
  status?: string;
  articles: Map<string, LawArticle>;
  /** Repository-relative path, for messages and the README. */
  file: string;
}

/** Whitespace collapsed, `**` bold marks dropped, NFC: what a quote is compared on. */
export function normaliseForQuote(text: string): string {
  return cleanText(text).replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

/** "Điều 74, khoản 1" → "74"; "Điều 15a" → "15a". */
export function articleNumber(citation: string): string | undefined {
  return /^Điều\s+(\d+[a-z]?)\b/u.exec(citation.normalize('NFC'))?.[1];
}

const HEADER_ROW = /^\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$/;

function headerFields(lines: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith('## ')) break;
    const m = HEADER_ROW.exec(line);
    if (m && !/^-+$/.test(m[1]!)) fields.set(m[1]!.toLowerCase(), m[2]!);
  }
  return fields;
}

/** A primary Code-of-Laws file: `## Điều N. Title`, the annotation, the text. */
export function parsePrimary(id: string, file: string, source: string): LawText {
  const lines = cleanText(source).split('\n');
  const fields = headerFields(lines);
  const title = (lines[0] ?? '').replace(/^#\s*/, '');
  const articles = new Map<string, LawArticle>();
  let current: { number: string; title: string; body: string[] } | undefined;
  const flush = () => {
    if (current) articles.set(current.number, { number: current.number, title: current.title, text: current.body.join('\n').trim() });
  };
  for (const line of lines) {
    const heading = /^## Điều (\d+[a-z]?)\.\s*(.*)$/u.exec(line);
    if (heading) {
      flush();
      current = { number: heading[1]!, title: heading[2]!.trim(), body: [] };
    } else if (line.startsWith('## ')) {
      flush();
      current = undefined;
    } else if (current && !line.startsWith('> Pháp điển:')) current.body.push(line);
  }
  flush();
  const effective = /^(\d{2}\/\d{2}\/\d{4})/.exec(fields.get('effective date') ?? '')?.[1];
  return {
    id,
    title,
    number: fields.get('document number') ?? /số\s+(\S+)/u.exec(title)?.[1] ?? id,
    source: 'primary',
    effective,
    status: fields.get('status (as far as known, 2026-12-04)'),
    articles,
    file,
  };
}

/**
 * The article numbers a secondary passage heading names: "Art. 4(1)-(3): …" → 4;
 * "Arts. 3 and 4(1) as first issued" → 3, 4; "page summary of Arts. 1-2" → 1, 2.
 */
export function headingArticles(heading: string): string[] {
  const out = new Set<string>();
  for (const m of heading.matchAll(/\bArts?\.\s*([^:;]*)/g)) {
    // Clauses in brackets are not articles; stop at the first word that is not a number or "and".
    const list = m[1]!.replace(/\([^)]*\)/g, '');
    const part = /^[\d\s,–-]*(?:(?:and|&)\s*[\d\s,–-]+)*[a-z]?/.exec(list)?.[0] ?? '';
    for (const r of part.matchAll(/(\d+)\s*[–-]\s*(\d+)|(\d+[a-z]?)/g)) {
      if (r[1] && r[2]) for (let n = Number(r[1]); n <= Number(r[2]) && n - Number(r[1]) < 50; n++) out.add(String(n));
      else if (r[3]) out.add(r[3]);
    }
  }
  return [...out];
}

/** A secondary quotation file: passages `### k. Art. N…`, their `> ` lines quote the document. */
export function parseSecondary(id: string, file: string, source: string): LawText {
  const lines = cleanText(source).split('\n');
  const fields = headerFields(lines);
  const title = (lines[0] ?? '').replace(/^#\s*/, '').replace(/^\[SECONDARY\]\s*/, '');
  const passages: { heading: string; quoted: string[] }[] = [];
  let inPassages = false;
  for (const line of lines) {
    if (line.startsWith('## ')) inPassages = /^## Passages/.test(line);
    else if (inPassages && line.startsWith('### ')) passages.push({ heading: line.replace(/^###\s*\d+\.\s*/, ''), quoted: [] });
    // The quoted text without the page's Markdown bold marks.
    else if (inPassages && passages.length > 0 && /^>( |$)/.test(line)) passages.at(-1)!.quoted.push(line.replace(/^>\s?/, '').replace(/\*\*/g, ''));
  }
  const articles = new Map<string, LawArticle>();
  for (const p of passages) {
    // A passage whose heading names no article (a page summary, a press excerpt) is kept under
    // UNNUMBERED: a citation of an article the file does not name is read from those.
    const named = headingArticles(p.heading);
    // The passage headings are our English notes, not the document's titles: the article has none.
    for (const n of named.length > 0 ? named : [UNNUMBERED]) {
      const a = articles.get(n);
      const text = p.quoted.join('\n').trim();
      articles.set(n, a ? { ...a, text: `${a.text}\n\n${text}` } : { number: n, title: '', text });
    }
  }
  return {
    id,
    title,
    number: /(\d+\/\d{4}\/[\p{L}\d-]+)/u.exec(fields.get('document') ?? title)?.[1] ?? id,
    source: 'secondary',
    articles,
    file,
  };
}

/** The key of a secondary file's passages that name no article. */
export const UNNUMBERED = '';

/** The article `n` of a text; in a secondary file, its passages that name no article when none names `n`. */
export function lawArticle(text: LawText, n: string): LawArticle | undefined {
  return text.articles.get(n) ?? (text.source === 'secondary' ? text.articles.get(UNNUMBERED) : undefined);
}

let cachedTexts: Map<string, LawText> | undefined;

/** Every shipped legal text, by id. Loaded once. */
export function loadLawTexts(dir = lawDir): Map<string, LawText> {
  if (dir === lawDir && cachedTexts) return cachedTexts;
  const texts = new Map<string, LawText>();
  const rel = (p: string) => path.relative(path.dirname(knowledgeDir), p);
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.md') || f === 'README.md') continue;
    const id = f.slice(0, -3);
    const p = path.join(dir, f);
    texts.set(id, parsePrimary(id, rel(p), readFileSync(p, 'utf8')));
  }
  const secondaryDir = path.join(dir, 'secondary');
  if (existsSync(secondaryDir)) {
    for (const f of readdirSync(secondaryDir).sort()) {
      if (!f.endsWith('.md') || f === 'README.md') continue;
      const id = `secondary/${f.slice(0, -3)}`;
      const p = path.join(secondaryDir, f);
      texts.set(id, parseSecondary(id, rel(p), readFileSync(p, 'utf8')));
    }
  }
  if (dir === lawDir) cachedTexts = texts;
  return texts;
}

const DocumentStatusSchema = z
  .object({
    number: z.string().min(3),
    name: z.string().min(3),
    status: z.enum(['in_force', 'superseded', 'expired']),
    /** The day the document stopped applying (superseded or expired). */
    until: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** What replaced it. */
    by: z.string().optional(),
    /** The day its latest known amendment took effect: articles reviewed before then need a new review. */
    amended: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** The shipped text, when we ship it. */
    text: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

/** True when a document no longer applies on `day` (ISO): superseded or expired, from its `until` day. */
export function hasEnded(status: DocumentStatus, day: string): boolean {
  return status.status !== 'in_force' && (!status.until || status.until <= day);
}

let cachedStatuses: DocumentStatus[] | undefined;

/** knowledge/law/documents.yaml: the status of every document the knowledge base may cite. Loaded once. */
export function loadDocumentStatuses(dir = lawDir): DocumentStatus[] {
  if (dir === lawDir && cachedStatuses) return cachedStatuses;
  const file = path.join(dir, 'documents.yaml');
  const statuses = existsSync(file) ? z.array(DocumentStatusSchema).parse(parseYaml(readFileSync(file, 'utf8'))) : [];
  if (dir === lawDir) cachedStatuses = statuses;
  return statuses;
}

/** "Luật Hợp tác xã số 17/2023/QH15" → "17/2023/QH15" (upper-cased, Đ kept). */
export function documentNumber(name: string): string | undefined {
  return /(\d+\/\d{4}\/[\p{L}\d-]+)/u.exec(name.normalize('NFC'))?.[1]?.toUpperCase();
}
