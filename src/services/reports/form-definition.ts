import { z } from 'zod';

export type FieldBasis = 'size_class' | 'earlier_rule' | 'plan_indicator' | 'suggested';

/** The kinds of answer a report field takes. Each has a parser for typed text and a zod schema. */
export type FieldType = 'integer' | 'money' | 'percent' | 'date' | 'choice' | 'multi' | 'yesno' | 'text';

/** A stored answer: numbers (whole VND for money), ISO dates, option values, booleans, text ('' for an optional text answered "none"). */
export type AnswerValue = number | string | boolean | string[];
/** Answers by field key; null marks an optional field the user skipped. */
export type Answers = Record<string, AnswerValue | null>;

/**
 * One question of a form. Its prompt, help, short label, unit and option labels live in the
 * `report-forms` locale namespace under `forms.<form>.fields.<key>` (options under `.options.<value>`).
 */
export interface FieldDef {
  key: string;
  type: FieldType;
  required: boolean;
  /** Stored values of a choice or multi field, in the order they are offered. */
  options?: readonly string[];
  /** A multi field: the option meaning "none of these" (cannot be combined with the others). */
  noneOption?: string;
  /** Bounds for numbers (inclusive). Money and integers default to ≥ 0. */
  min?: number;
  max?: number;
  /** Text length limit (characters). */
  maxLength?: number;
  /** Money that may be negative (a loss). */
  allowNegative?: boolean;
  /**
   * Money earned or spent over the period (revenue, income), not held (capital, assets): an amount
   * typed per month ("4tr/tháng") is turned into this period's (× 12 for a year, × 3 for a quarter).
   */
  per?: 'year' | 'quarter';
  /** An integer answered with buttons (OCOP stars: 3, 4, 5), labelled with the field's unit; typing works too. */
  picks?: readonly number[];
  /**
   * A yes/no field: the text field that holds the explanation of a "yes" typed with it ("có, ký với
   * công ty Sao Việt" fills it, when it is asked). Without it, an explanation is dropped.
   */
  explainedBy?: string;
  /** Skip logic: the field is asked (and kept) only when this holds for the answers so far. */
  when?: (a: Answers) => boolean;
  /**
   * Where the field comes from (the official Form VII-2 of Circular 09/2024 is not verified, so no
   * field claims to follow it): `size_class` feeds the size class of Law 17/2023 Art. 16 and
   * Decree 113/2024 Arts. 4–5; `earlier_rule` was required content of the annual report under
   * Decree 107/2017; `plan_indicator` measures a target of the provincial plans; `suggested` is ours.
   */
  basis: FieldBasis;
}

/**
 * A rule across fields. `error`: the answer is refused and asked again. `warning`: the answer is
 * kept and the user is told (and sees it again in the summary), e.g. an unusual jump from last year.
 */
export interface CrossCheck {
  id: string;
  level: 'error' | 'warning';
  /** Checked when any of these is answered and all of them (or all of `needs`) have a value. */
  fields: readonly string[];
  /**
   * Judged as soon as these have a value (default: all of `fields`), `holds` taking a missing one
   * as nothing: so a rule fails on the question whose answer breaks it ("50 households" when there
   * are 45 members), never on a later one that no answer could satisfy.
   */
  needs?: readonly string[];
  /** True when the answers are consistent. */
  holds(a: Answers, previous?: Answers): boolean;
  /** Interpolation values for the message `checks.<id>` (locale namespace `report-forms`). */
  params?(a: Answers, previous?: Answers): Record<string, AnswerValue>;
  /** Which of those values are sums of money (shown as `1.500.000 đ`). */
  money?: readonly string[];
}

export type FormId = 'annual' | 'quarterly';
export type PeriodKind = 'year' | 'quarter';

/** A versioned report form: the conversation, validation, storage and exports all follow it. */
export interface FormDef {
  id: FormId;
  version: number;
  periodKind: PeriodKind;
  fields: readonly FieldDef[];
  checks: readonly CrossCheck[];
}

const MAX_MONEY = 1e15;
const MAX_COUNT = 1e9;

const schemas = new WeakMap<FieldDef, z.ZodType<AnswerValue>>();

/** The zod schema of one field's value (the same rule for typed answers and stored data). */
export function fieldSchema(f: FieldDef): z.ZodType<AnswerValue> {
  let schema = schemas.get(f);
  if (!schema) schemas.set(f, (schema = buildFieldSchema(f)));
  return schema;
}

function buildFieldSchema(f: FieldDef): z.ZodType<AnswerValue> {
  switch (f.type) {
    case 'integer':
      return z
        .number()
        .int()
        .min(f.min ?? 0)
        .max(f.max ?? MAX_COUNT);
    case 'money':
      return z
        .number()
        .int()
        .min(f.min ?? (f.allowNegative ? -MAX_MONEY : 0))
        .max(f.max ?? MAX_MONEY);
    case 'percent':
      return z
        .number()
        .min(f.min ?? 0)
        .max(f.max ?? 100);
    case 'date':
      return z.iso.date();
    case 'choice':
      return z.enum(f.options as [string, ...string[]]);
    case 'multi':
      return z.array(z.enum(f.options as [string, ...string[]])).min(1);
    case 'yesno':
      return z.boolean();
    case 'text': {
      const typed = z
        .string()
        .trim()
        .min(1)
        .max(f.maxLength ?? 1000);
      // An optional text answered "không", "ko": '' (nothing to report), apart from a skip (null).
      return f.required ? typed : z.union([z.literal(''), typed]);
    }
  }
}

/** Whether a field is asked, given the answers so far. */
export function isVisible(f: FieldDef, a: Answers): boolean {
  return !f.when || f.when(a);
}

/** The fields asked for these answers, in order. */
export function visibleFields(form: FormDef, a: Answers): FieldDef[] {
  return form.fields.filter((f) => isVisible(f, a));
}

/** Number helpers for checks: a value when it is a number, else undefined. */
export const num = (v: AnswerValue | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
