/**
 * An eligibility rule (knowledge/rules/<id>.yaml): what a cooperative gets or must do (a support,
 * a tax rate or exemption, a size class, an obligation), the conditions over its facts that decide
 * it, the knowledge-base articles and legal basis (verbatim quotes) it follows, its effective dates
 * and the policy-facts rows (../shared/policy-facts.md) its numbers come from.
 *
 * How a rule is read (evaluate-eligibility.ts): `requires` first (another rule whose outcome it
 * shares when that one is not met), then its `cases` in order — the first case whose conditions
 * all hold gives the outcome; a case with an unknown condition, before any case that holds, makes
 * the line "maybe" with the facts to ask; when no case can hold, `otherwise` says why not.
 */
import { z } from 'zod';
import { LegalBasisSchema, TOPICS } from '../knowledge/article.js';
import { FACT_IDS, type FactId } from './facts.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-10-01')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, 'is not a real date');

export const RULE_KINDS = ['support', 'tax', 'size_class', 'obligation'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const OUTCOMES = ['applies', 'maybe', 'not_applicable', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const factId = z.enum(FACT_IDS as [FactId, ...FactId[]]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One test of one fact; exactly one operator. `label` names it in a checklist line (i18n key under eligibility.checks). */
const FactTestSchema = z
  .object({
    fact: factId,
    eq: scalar.optional(),
    in: z.array(z.string()).min(1).optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    contains: z.string().optional(),
    label: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .optional(),
  })
  .strict()
  .refine((c) => ['eq', 'in', 'lt', 'lte', 'gt', 'gte', 'contains'].filter((k) => c[k as keyof typeof c] !== undefined).length === 1, {
    message: 'needs exactly one of eq, in, lt, lte, gt, gte, contains',
  });
export type FactTest = z.infer<typeof FactTestSchema>;

/** Holds when any of its tests holds. */
const AnySchema = z
  .object({
    any: z.array(FactTestSchema).min(2),
    label: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .optional(),
  })
  .strict();
export const ConditionSchema = z.union([FactTestSchema, AnySchema]);
export type Condition = z.infer<typeof ConditionSchema>;

/**
 * A value shown in the line's reason: a literal, a fact (`{ fact: revenue }`), a fact times a
 * factor (`{ fact: equity, times: 0.3 }`), or the next yearly date (`{ next_date: "12-15" }`).
 */
export const ValueSpecSchema = z.union([
  z.string(),
  z.number(),
  z.object({ fact: factId, times: z.number().positive().optional() }).strict(),
  z.object({ next_date: z.string().regex(/^\d{2}-\d{2}$/) }).strict(),
]);
export type ValueSpec = z.infer<typeof ValueSpecSchema>;

const reasonKey = z.string().regex(/^[a-z0-9_]+$/, 'a key under eligibility.reasons in locales/<lang>/eligibility.json');

export const CaseSchema = z
  .object({
    when: z.array(ConditionSchema).default([]),
    /** What the line says when this case holds (default `applies`). */
    outcome: z.enum(OUTCOMES).default('applies'),
    reason: reasonKey,
    values: z.record(z.string(), ValueSpecSchema).default({}),
  })
  .strict();
export type Case = z.infer<typeof CaseSchema>;

export const RuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case ASCII')
      .max(48),
    topic: z.enum(TOPICS),
    kind: z.enum(RULE_KINDS),
    title: z.object({ vi: z.string().min(3), en: z.string().min(3) }).strict(),
    /** The kind of support in the annual report's "support received" answer (SUPPORT_KINDS), for officers' targeting. */
    support_kind: z.enum(['land', 'credit', 'tax', 'training', 'trade_promotion', 'technology', 'other']).optional(),
    /** The rows of ../shared/policy-facts.md every number and condition comes from ("4.3", "6.4b"). */
    facts_rows: z.array(z.string().regex(/^\d+\.\d+[a-z]?$/)).min(1),
    /** Knowledge-base articles this rule follows; all must exist and be current. */
    articles: z.array(z.string()).min(1),
    legal_basis: z.array(LegalBasisSchema).min(1),
    effective_from: isoDate,
    effective_to: isoDate.nullable().default(null),
    /** Rules that must be met first (e.g. the general conditions for State support). */
    requires: z.array(z.string()).default([]),
    /** A checklist shown with the line: each condition met, unmet or unknown. */
    checklist: z.array(ConditionSchema).default([]),
    cases: z.array(CaseSchema).min(1),
    otherwise: z.object({ reason: reasonKey, values: z.record(z.string(), ValueSpecSchema).default({}) }).strict(),
  })
  .strict();

export type Rule = z.infer<typeof RuleSchema> & {
  /** Repository-relative file, for messages. */
  file: string;
  /** True when a basis is read from a secondary quotation (the bot adds "confirm with an officer"). */
  secondary: boolean;
};

/** The tests inside a condition. */
export function conditionTests(c: Condition): FactTest[] {
  return 'any' in c ? c.any : [c];
}
