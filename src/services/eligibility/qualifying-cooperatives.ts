import type { Db } from '../../db/database.js';
import { audienceCooperatives } from '../announcements/find-audience.js';
import { evaluateCooperatives } from './evaluate-area.js';
import type { Rule } from './rule.js';
import { rulesInForce } from './rules-in-force.js';

/** A support an announcement can be sent for ("the cooperatives that qualify for …"). */
export interface SupportChoice {
  ruleId: string;
  title: { vi: string; en: string };
}

/** The supports (rules of kind `support`) in force on `now`, in the rules' order. */
export function supportChoices(now: Date, rules?: readonly Rule[]): SupportChoice[] {
  return (rules ?? rulesInForce(now).rules).filter((r) => r.kind === 'support').map((r) => ({ ruleId: r.id, title: r.title }));
}

export type QualifyingResult = { ok: true; support: SupportChoice; cooperativeIds: number[] } | { ok: false; reason: 'unknown_support' };

/**
 * The active cooperatives of an announcement's area (province null: the country; no communes: the
 * whole province), optionally of some sectors, that qualify for a support (its rule's outcome is
 * `applies`) on `now`: the audience "the cooperatives that qualify for X". Evaluated with batched
 * reads. An id that is not a support in force is refused, never read as "everyone".
 */
export async function listQualifyingCooperatives(
  db: Db,
  o: { area: { province: string | null; communes: readonly string[] }; sectors?: readonly string[]; ruleId: string; now: Date; rules?: readonly Rule[] },
): Promise<QualifyingResult> {
  const rules = o.rules ?? rulesInForce(o.now).rules;
  const rule = rules.find((r) => r.id === o.ruleId && r.kind === 'support');
  if (!rule) return { ok: false, reason: 'unknown_support' };
  const evaluated = await evaluateCooperatives(db, {
    where: audienceCooperatives({ ...o.area, sectors: o.sectors ?? [], cooperativeIds: [] }),
    now: o.now,
    rules,
  });
  const cooperativeIds = evaluated.filter((e) => e.lines.some((l) => l.ruleId === rule.id && l.outcome === 'applies')).map((e) => e.entry.cooperative.id);
  return { ok: true, support: { ruleId: rule.id, title: rule.title }, cooperativeIds };
}
