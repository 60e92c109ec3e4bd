import { fieldSchema, type Answers, type FormDef } from './form-definition.js';

/**
 * Reads stored answers through the form's schema, field by field: a value that no longer fits (the
 * form changed, the row was edited by hand) is dropped, so it is asked again rather than trusted.
 * Skipped optional fields stay null.
 */
export function readAnswers(form: FormDef, raw: unknown): Answers {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const stored = raw as Record<string, unknown>;
  const out: Answers = {};
  for (const f of form.fields) {
    if (!(f.key in stored)) continue;
    const value = stored[f.key];
    if (value === null) {
      out[f.key] = null;
      continue;
    }
    const parsed = fieldSchema(f).safeParse(value);
    if (parsed.success) out[f.key] = parsed.data;
  }
  return out;
}
