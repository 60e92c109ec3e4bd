/**
 * The facts the bot may ask a director for in the chat (one question each), with the zod schema
 * of the value stored in Cooperative.facts and how a typed answer is read. The questions are
 * `eligibility.ask.<id>` in locales/<lang>/eligibility.json (vi and en); `eligibility.fact.<id>`
 * names the fact in a "❔ Cần biết …" line.
 */
import { z } from 'zod';
import { parseInteger } from '../../lib/parse-count.js';
import { parseMoney } from '../../lib/parse-money.js';
import { ok, type ParseResult } from '../../lib/parse-result.js';
import { parseYesNo } from '../../lib/parse-yes-no.js';
import { foldText } from '../../lib/vietnamese-text.js';
import type { FactId } from './facts.js';

export type AskKind = 'yesno' | 'money' | 'count' | 'revenue';

export interface AskableFact {
  id: FactId;
  kind: AskKind;
  /** The value as stored in Cooperative.facts[id]. */
  schema: z.ZodTypeAny;
  /** i18n key of the question; its values: `year` (the previous year) for revenue. */
  question: string;
  /** Only asked when the cooperative has no submitted annual report (the report holds it otherwise). */
  withoutReportOnly?: boolean;
}

const yesno = (id: FactId): AskableFact => ({ id, kind: 'yesno', schema: z.boolean(), question: `eligibility.ask.${id}` });

/** In the order they are asked. */
export const ASKABLE_FACTS: readonly AskableFact[] = [
  {
    id: 'revenue',
    kind: 'revenue',
    schema: z.object({ vnd: z.number().int().min(0).max(1e15), year: z.number().int().min(2000).max(2100) }).strict(),
    question: 'eligibility.ask.revenue',
    withoutReportOnly: true,
  },
  { id: 'members', kind: 'count', schema: z.number().int().min(0).max(1e7), question: 'eligibility.ask.members', withoutReportOnly: true },
  yesno('difficultArea'),
  yesno('facilityLand'),
  yesno('stateFarmLand'),
  yesno('sanctioned'),
  yesno('membersGrowth'),
  yesno('trainedMembers'),
  yesno('badDebt'),
  { id: 'controllersCount', kind: 'count', schema: z.number().int().min(0).max(1000), question: 'eligibility.ask.controllersCount' },
  { id: 'equity', kind: 'money', schema: z.number().int().min(0).max(1e15), question: 'eligibility.ask.equity' },
];

export const askableFact = (id: string): AskableFact | undefined => ASKABLE_FACTS.find((f) => f.id === id);

/** "chưa biết", "không rõ", "bỏ qua": the director does not know (nothing is stored). */
const DONT_KNOW = /^(?:(?:toi|em|minh|da)\s+)?(?:chua|khong|ko|k)\s+(?:biet|ro|chac)|^bo qua$|^skip$|^(?:i )?(?:don'?t|do not) know$|^not sure$/;

export type AnswerResult = ParseResult<unknown> | { ok: false; error: 'dont_know' };

/** The previous calendar year in Vietnam on `now`. */
export function previousYear(now: Date): number {
  return new Date(now.getTime() + 7 * 3600_000).getUTCFullYear() - 1;
}

/** Reads a typed answer to the question of `fact` into the value to store. */
export function readFactAnswer(fact: AskableFact, text: string, now: Date): AnswerResult {
  const folded = foldText(text)
    .replace(/[.!?]+$/, '')
    .trim();
  if (DONT_KNOW.test(folded)) return { ok: false, error: 'dont_know' };
  switch (fact.kind) {
    case 'yesno':
      return parseYesNo(text);
    case 'count':
      return parseInteger(text);
    case 'money':
      return parseMoney(text);
    case 'revenue': {
      const r = parseMoney(text);
      return r.ok ? ok({ vnd: r.value, year: previousYear(now) }) : r;
    }
  }
}
