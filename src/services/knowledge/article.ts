import { z } from 'zod';

export const TOPICS = ['land', 'credit', 'tax', 'training', 'trade', 'technology', 'infrastructure', 'establishment', 'members', 'organisation'] as const;
export type Topic = (typeof TOPICS)[number];

/** The longest Vietnamese answer: short enough to read on a phone in one screen. */
export const MAX_ANSWER_VI = 700;
export const MAX_ANSWER_EN = 900;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-07-01')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, 'is not a real date');
const text = z.string().trim().min(1);

/** A shipped legal text: `luat-17-2023-qh15-hop-tac-xa` (knowledge/law/…md) or `secondary/nd-320-2025-nd-cp`. */
export const LAW_TEXT_ID = /^(?:secondary\/)?[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A legal provision an answer rests on: the document ("Nghị định số 45/2021/NĐ-CP"), its date, the
 * article and clause ("Điều 23, khoản 2"), the shipped text it is read from (`law`), and a short
 * verbatim `quote` of the provision. `npm run kb:check` verifies the quote word for word in that
 * article of the shipped text; " … " joins pieces that appear in that order.
 */
export const LegalBasisSchema = z
  .object({
    // "113/2024/NĐ-CP", "20-NQ/TW", "1318/QĐ-TTg": a number, then a slash somewhere after it.
    document: text.regex(/\d[^/]*\//, 'must name the document with its number, e.g. "Nghị định số 113/2024/NĐ-CP"'),
    date: isoDate.optional(),
    article: text.regex(/^Điều \d+[a-z]?\b/u, 'must start with the article, e.g. "Điều 74, khoản 1"'),
    law: z.string().regex(LAW_TEXT_ID, 'must name a shipped legal text, e.g. "luat-17-2023-qh15-hop-tac-xa" or "secondary/nd-320-2025-nd-cp"'),
    quote: text.min(12, 'must quote the provision (at least a few words)'),
  })
  .strict();

/** Who to contact about the answer (after the 2025 reorganisation: province and commune, no district). */
const ContactSchema = z.object({ vi: text, en: text }).strict();

/** The front matter of a knowledge-base article (knowledge/<topic>/<id>.md). */
export const FrontMatterSchema = z
  .object({
    // At most 54 characters: "pol:down:<id>" must fit Telegram's 64-byte callback data.
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case ASCII')
      .max(54, 'must be at most 54 characters (button actions carry it)'),
    topic: z.enum(TOPICS),
    title: z.object({ vi: text, en: text }).strict(),
    questions: z.array(text).min(3, 'needs 3–10 sample questions').max(10, 'needs 3–10 sample questions'),
    keywords: z.array(text).min(1).max(12).optional(),
    legal_basis: z.array(LegalBasisSchema).min(1, 'needs at least one legal document'),
    /** `secondary` when a basis is read only from a secondary quotation (knowledge/law/secondary/). */
    source: z.enum(['primary', 'secondary']).default('primary'),
    contact: ContactSchema,
    effective_from: isoDate.optional(),
    effective_until: isoDate.nullable().optional(),
    last_reviewed: isoDate,
  })
  .strict();

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export interface Article extends FrontMatter {
  answer: { vi: string; en: string };
  /** Where it came from, for error messages. */
  file: string;
}

/**
 * The parts of an answer's citation line ("Nghị định số 113/2024/NĐ-CP, ngày 12/9/2024, Điều 5"),
 * one per legal document; `dated` words the date in the reader's language ("ngày 12/9/2024").
 */
export function citationParts(article: Pick<Article, 'legal_basis'>, dated: (date: string) => string): string[] {
  return article.legal_basis.map((b) => {
    const date = b.date
      ? b.date
          .split('-')
          .reverse()
          .map((p, i) => (i < 2 ? String(Number(p)) : p))
          .join('/')
      : undefined;
    const parts = [b.document];
    if (date) parts.push(dated(date));
    if (b.article) parts.push(b.article);
    return parts.join(', ');
  });
}

/** True when the article is in force on `day`: not yet in force before `effective_from`, history from `effective_until`. */
export function isCurrent(article: Pick<Article, 'effective_from' | 'effective_until'>, day: Date): boolean {
  const iso = day.toISOString().slice(0, 10);
  if (article.effective_from && article.effective_from > iso) return false;
  return !(article.effective_until && article.effective_until <= iso);
}
