import type { Answers, CrossCheck, FieldDef, FormDef } from './form-definition.js';
import { visibleFields } from './form-definition.js';

const has = (a: Answers, key: string) => a[key] !== undefined && a[key] !== null;

/** The answers of the fields still asked (an answer hidden by a later change of skip logic is dropped). */
export function keptAnswers(form: FormDef, a: Answers): Answers {
  const out: Answers = {};
  for (const f of visibleFields(form, a)) if (a[f.key] !== undefined) out[f.key] = a[f.key]!;
  return out;
}

/** Required questions still without an answer, in order. */
export function missingFields(form: FormDef, a: Answers): FieldDef[] {
  return visibleFields(form, a).filter((f) => f.required && !has(a, f.key));
}

/** Questions not yet answered (nor skipped), in order. */
export function unansweredFields(form: FormDef, a: Answers): FieldDef[] {
  return visibleFields(form, a).filter((f) => a[f.key] === undefined);
}

/**
 * The cross-field rules that fail. With `touching`, only the rules that involve that field (what
 * was just answered); rules whose fields (or `needs`) are not all answered yet are not judged.
 */
export function failedChecks(form: FormDef, a: Answers, previous: Answers | undefined, touching?: string): CrossCheck[] {
  const kept = keptAnswers(form, a);
  return form.checks.filter((c) => (!touching || c.fields.includes(touching)) && (c.needs ?? c.fields).every((k) => has(kept, k)) && !c.holds(kept, previous));
}
