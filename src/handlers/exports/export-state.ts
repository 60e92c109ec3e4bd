import { z } from 'zod';
import type { HandlerContext } from '../../router/context.js';
import type { Identity } from '../../services/people/identity.js';

/** The export flow's name, the prefix of its buttons (`xbc:<step>:<verb>[:<arg>]`). */
export const XBC = 'xbc';

export const STEPS = ['form', 'period', 'scope', 'format'] as const;
export type Step = (typeof STEPS)[number];
export const isStep = (s: string | null | undefined): s is Step => (STEPS as readonly string[]).includes(s ?? '');

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

/** The data of the export being chosen in this chat, or null when there is none (or it is unreadable). */
export function readData(ctx: HandlerContext): XbcData | null {
  if (ctx.conversation.flow !== XBC) return null;
  const parsed = XbcData.safeParse(ctx.conversation.data);
  return parsed.success ? parsed.data : null;
}

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
