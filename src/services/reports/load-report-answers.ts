import type { Answers, FormDef } from './form-definition.js';
import { answersSchema } from './form-definition.js';

/**
 * Reads stored answers through the form's schema: a value that no longer fits (the form changed,
 * the row was edited by hand) is dropped, so it is asked again rather than trusted.
 */
export function readAnswers(form: FormDef, raw: unknown): Answers {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const schema = answersSchema(form);
  const out: Answers = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const one = schema.safeParse({ [key]: value });
    if (one.success && key in one.data) out[key] = one.data[key] ?? null;
  }
  return out;
}
