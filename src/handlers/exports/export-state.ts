import { z } from 'zod';
import { isStaff } from '../../services/access/jurisdiction.js';
import type { Identity } from '../../services/people/identity.js';
import { stepFlow } from '../step-flow.js';

/** The export flow's name, the prefix of its buttons (`xbc:<step>:<verb>[:<arg>]`). */
export const XBC = 'xbc';

export const STEPS = ['form', 'period', 'scope', 'format'] as const;
export type Step = (typeof STEPS)[number];

export const FORMS_OFFERED = ['annual', 'quarterly'] as const;
export const FORMATS_OFFERED = ['xlsx', 'csv'] as const;
export type ChatExportFormat = (typeof FORMATS_OFFERED)[number];

/** What the chat remembers of the export being chosen; saved before each next question, so a restart resumes. */
export const XbcData = z.object({
  form: z.enum(FORMS_OFFERED).optional(),
  period: z
    .string()
    .regex(/^\d{4}(-Q[1-4])?$/)
    .optional(),
  /** The area asked for, within the officer's jurisdiction (none: all of it). */
  area: z.object({ province: z.string().optional(), commune: z.string().optional() }).optional(),
  /** At the scope step: what the choices are (communes of the province, or provinces) and their names in button order. */
  level: z.enum(['commune', 'province']).optional(),
  options: z.array(z.string()).max(5000).optional(),
});
export type XbcData = z.infer<typeof XbcData>;

/** The export wizard's plumbing: action ids, ◀️ Back / Cancel, routing of its buttons and messages. Officers and admins only. */
export const xbcFlow = stepFlow({
  name: XBC,
  steps: STEPS,
  data: XbcData,
  allowed: (ctx) => isStaff(ctx.who.role),
  texts: { back: 'xbc.back', cancel: 'xbc.cancel', cancelled: 'xbc.cancelled', oldButton: 'xbc.old_button', refused: 'xbc.only_officers' },
});

/** A commune officer's area is one commune: they are never asked for one. */
export const picksArea = (who: Pick<Identity, 'province' | 'commune'>) => !(who.province && who.commune);

/** The steps asked, in order, for this officer. */
export function sequence(who: Pick<Identity, 'province' | 'commune'>): Step[] {
  return picksArea(who) ? ['form', 'period', 'scope', 'format'] : ['form', 'period', 'format'];
}

/** The data without the scope step's scratch lists. */
export function settled(d: XbcData): XbcData {
  const { options: _o, level: _l, ...rest } = d;
  return rest;
}
