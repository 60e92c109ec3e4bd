import type { FormDef, FormId } from '../form-definition.js';
import { annualForm } from './annual-form.js';
import { quarterlyForm } from './quarterly-form.js';

/** Every report form, in the order they are offered. */
export const FORMS: readonly FormDef[] = [annualForm, quarterlyForm];

export function findForm(id: string): FormDef | undefined {
  return FORMS.find((f) => f.id === id);
}

export function formById(id: FormId): FormDef {
  const form = findForm(id);
  if (!form) throw new Error(`Unknown report form "${id}"`);
  return form;
}
