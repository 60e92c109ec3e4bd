import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { cooperativesIn } from '../access/report-access.js';
import type { AreaScope } from '../access/officer-scope.js';
import { evaluateEligibility, type EligibilityLine } from './evaluate-eligibility.js';
import { gatherAreaFacts, type AreaCooperative, type AreaCooperativeFacts } from './gather-area-facts.js';
import type { Rule } from './rule.js';
import { rulesInForce } from './rules-in-force.js';

/**
 * The annual report's "support received" answer for one support: `received` (the option is
 * ticked), `not_received` (the report answers, without it), `unknown` (no submitted annual report
 * answers it, or no option of the form is this support: see SupportSummary.supportKind).
 */
export type Received = 'received' | 'not_received' | 'unknown';

/** A cooperative that qualifies for a support, with the annual report its figures come from. */
export interface QualifyingCooperative extends AreaCooperative {
  /** The latest submitted annual report (a link to it on the dashboard), if any. */
  report: { id: number; period: string } | null;
  received: Received;
}

/** One support (a rule of kind `support`) over an area. */
export interface SupportSummary {
  ruleId: string;
  title: { vi: string; en: string };
  topic: string;
  legalBasis: string;
  articleIds: string[];
  /** A basis is read from a secondary quotation. */
  secondary: boolean;
  /**
   * The option of the annual report's "support received" question that is this support (the
   * rule's `support_kind`), or null: no option of the form is this support, so whether a
   * cooperative received it is not known (and no cooperative is listed as "not received").
   */
  supportKind: string | null;
  applies: number;
  maybe: number;
  notApplicable: number;
  unknown: number;
  /** Of those it applies to: the report says they received this kind of support. */
  received: number;
  /** Of those it applies to: no report answer tells (or the form has no option for it). */
  receivedUnknown: number;
  /** Those it applies to whose latest annual report says they did not receive it, by commune then name. */
  notReceived: QualifyingCooperative[];
  /** Everyone it applies to, by commune then name (announcement audiences). */
  qualifying: QualifyingCooperative[];
}

export interface AreaEligibility {
  /** Active cooperatives evaluated. */
  cooperatives: number;
  /** With a submitted annual report. */
  withReport: number;
  supports: SupportSummary[];
  evaluatedAt: Date;
}

/** One cooperative's evaluation. */
export interface CooperativeEvaluation {
  entry: AreaCooperativeFacts;
  lines: EligibilityLine[];
}

function receivedOf(line: EligibilityLine, entry: AreaCooperativeFacts): Received {
  if (!line.supportKind) return 'unknown';
  const answer = entry.facts.values.supportReceived;
  if (!Array.isArray(answer)) return 'unknown';
  return answer.includes(line.supportKind) ? 'received' : 'not_received';
}

/**
 * The supports over evaluated cooperatives (pure): per rule of kind `support`, how many it
 * applies to, might apply to (a fact is missing), does not apply to, or cannot tell; and those it
 * applies to that, by their latest annual report, have not received it.
 */
export function summariseSupports(rules: readonly Rule[], evaluated: readonly CooperativeEvaluation[], now: Date): AreaEligibility {
  const supports = new Map<string, SupportSummary>();
  for (const r of rules) {
    if (r.kind !== 'support') continue;
    supports.set(r.id, {
      ruleId: r.id,
      title: r.title,
      topic: r.topic,
      legalBasis: [...new Set(r.legal_basis.map((b) => `${b.document}, ${b.article}`))].join('; '),
      articleIds: [...r.articles],
      secondary: r.secondary,
      supportKind: r.support_kind ?? null,
      applies: 0,
      maybe: 0,
      notApplicable: 0,
      unknown: 0,
      received: 0,
      receivedUnknown: 0,
      notReceived: [],
      qualifying: [],
    });
  }
  let withReport = 0;
  for (const { entry, lines } of evaluated) {
    if (entry.facts.report) withReport++;
    for (const line of lines) {
      const s = supports.get(line.ruleId);
      if (!s) continue;
      if (line.outcome === 'applies') s.applies++;
      else if (line.outcome === 'maybe') s.maybe++;
      else if (line.outcome === 'not_applicable') s.notApplicable++;
      else s.unknown++;
      if (line.outcome !== 'applies') continue;
      const received = receivedOf(line, entry);
      const report = entry.facts.report ? { id: entry.facts.report.id, period: entry.facts.report.period } : null;
      const q: QualifyingCooperative = { ...entry.cooperative, report, received };
      s.qualifying.push(q);
      if (received === 'received') s.received++;
      else if (received === 'unknown') s.receivedUnknown++;
      else s.notReceived.push(q);
    }
  }
  return { cooperatives: evaluated.length, withReport, supports: [...supports.values()], evaluatedAt: now };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const byPlace = (a: AreaCooperativeFacts, b: AreaCooperativeFacts) =>
  collator.compare(a.cooperative.commune ?? '', b.cooperative.commune ?? '') ||
  collator.compare(a.cooperative.name, b.cooperative.name) ||
  a.cooperative.id - b.cooperative.id;

/**
 * Evaluates every cooperative `where` selects (batched reads, pure evaluation), by commune then
 * name. `rules`: the rules to apply (default: those in force on `now`).
 */
export async function evaluateCooperatives(
  db: Db,
  o: { where: Prisma.CooperativeWhereInput; now: Date; rules?: readonly Rule[] },
): Promise<CooperativeEvaluation[]> {
  const rules = o.rules ?? rulesInForce(o.now).rules;
  const entries = (await gatherAreaFacts(db, o.where)).sort(byPlace);
  return entries.map((entry) => ({ entry, lines: evaluateEligibility(rules, entry.facts, { now: o.now }) }));
}

/** The active cooperatives of an area (a province, or one commune of it; neither: the country), optionally of one sector. */
export function areaCooperatives(scope: AreaScope, sector?: string): Prisma.CooperativeWhereInput {
  return { status: 'active', ...cooperativesIn({ province: scope.province ?? null, commune: scope.commune ?? null }), ...(sector ? { sector } : {}) };
}

/**
 * The supports over an officer's area (`scope`, already narrowed by scopeWithin): every active
 * cooperative evaluated with the rules in force on `now` (or `rules`), counted per support, with
 * those that qualify but have not received it by their latest annual report.
 */
export async function evaluateArea(db: Db, o: { scope: AreaScope; sector?: string; now: Date; rules?: readonly Rule[] }): Promise<AreaEligibility> {
  const rules = o.rules ?? rulesInForce(o.now).rules;
  const evaluated = await evaluateCooperatives(db, { where: areaCooperatives(o.scope, o.sector), now: o.now, rules });
  return summariseSupports(rules, evaluated, o.now);
}
