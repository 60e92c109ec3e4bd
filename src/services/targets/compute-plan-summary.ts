import type { Db } from '../../db/database.js';
import type { AreaScope } from '../access/officer-scope.js';
import { submittedReportPages, type SubmittedReport } from '../exports/report-table.js';
import { isVisible, type Answers, type FieldDef } from '../reports/form-definition.js';
import { annualForm } from '../reports/forms/annual-form.js';
import { parsePeriodId, previousPeriod } from '../reports/report-schedule.js';
import { cooperativesInScope, countByCommune } from './count-by-commune.js';
import { INDICATOR_KEYS, INDICATOR_UNITS, type IndicatorKey, type TargetSet } from './plan-targets.js';

/**
 * One indicator, actual against target. `actual` is rounded to two decimals (a percent for shares
 * and growth); `met` compares that rounded value with the target (≥), null when either is missing.
 * - Shares: `numerator` of `denominator` reports (managers: people, summed over the reports).
 * - Revenue growth: Σ revenue this year (`numerator`) against Σ revenue the year before
 *   (`denominator`), over the cooperatives that submitted both years with revenue > 0 the year before.
 * - high_tech_count: `numerator` reports said yes, of `denominator` that answered.
 * - cooperatives_count, groups_count: active cooperatives (kind cooperative) and groups in the area
 *   (`numerator`; `denominator` null).
 */
export interface IndicatorValue {
  key: IndicatorKey;
  unit: 'percent' | 'count';
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  met: boolean | null;
}

export interface PlanSummary {
  period: string;
  scope: AreaScope;
  cooperatives: { active: number; submitted: number; groups: number; unions: number };
  byCommune: { commune: string | null; active: number; submitted: number }[];
  indicators: IndicatorValue[];
  targetSet: TargetSet | null;
}

const field = (key: string): FieldDef => {
  const f = annualForm.fields.find((x) => x.key === key);
  if (!f) throw new Error(`The annual form has no field "${key}"`);
  return f;
};
const F = {
  rating: field('rating'),
  valueChain: field('value_chain'),
  highTech: field('high_tech'),
  digital: field('digital_tools'),
  managers: field('managers'),
  trained: field('managers_trained'),
  revenue: field('revenue'),
};
const RATED = new Set(['good', 'fair', 'average', 'weak']);

/** A visible answer of the expected kind, else undefined (skipped, hidden by skip logic, or dropped as invalid). */
function answer<K extends 'number' | 'boolean' | 'string'>(a: Answers, f: FieldDef, kind: K) {
  const v = a[f.key];
  return isVisible(f, a) && typeof v === kind ? (v as K extends 'number' ? number : K extends 'boolean' ? boolean : string) : undefined;
}

interface Ratio {
  num: number;
  den: number;
}
const ratio = (): Ratio => ({ num: 0, den: 0 });
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Whether a target applies to the area: shares and growth apply anywhere; counts only to the
 * target set's own area (a province's "60 high-tech cooperatives" says nothing about one commune).
 */
function targetApplies(key: IndicatorKey, set: TargetSet, scope: AreaScope): boolean {
  if (INDICATOR_UNITS[key] === 'percent') return true;
  return !scope.commune && (scope.province ?? null) === set.province;
}

/**
 * Actual against target for an area and an annual period, from the SUBMITTED annual reports (the
 * last submitted values, `revision > 0`, read through the form; a field hidden by skip logic or no
 * longer valid counts as unanswered), read one page at a time:
 * - good_fair_share: rated good or fair, of the reports with a rating (good, fair, average, weak;
 *   "not rated" is left out, as the rating rules do for cooperatives under 12 months old);
 * - enterprise_link_share, digital_share: "yes", of the reports that answered;
 * - managers_trained_share: Σ managers trained / Σ managers;
 * - revenue_growth_pct: see IndicatorValue; cooperatives_count / groups_count: active ones now.
 * Counts of cooperatives (active, submitted) are of active cooperatives; the indicators use every
 * submitted report of the area, as the exports do.
 */
export async function computePlanSummary(
  db: Db,
  o: {
    period: string;
    scope: AreaScope;
    targetSet?: TargetSet | null;
    /** The period's submitted annual reports of the scope (every status and sector), when the caller reads them anyway (an export): not read again. */
    reports?: AsyncIterable<SubmittedReport[]>;
  },
): Promise<PlanSummary> {
  const p = parsePeriodId(o.period);
  if (!p || p.quarter !== undefined) throw new Error(`"${o.period}" is not a year: plan targets are measured on the annual report`);
  const scope: AreaScope = { ...(o.scope.province ? { province: o.scope.province } : {}), ...(o.scope.commune ? { commune: o.scope.commune } : {}) };
  const active = { ...cooperativesInScope(scope), status: 'active' as const };

  const [byCommune, kinds] = await Promise.all([
    countByCommune(db, { form: annualForm.id, period: o.period, scope }),
    db.cooperative.groupBy({ by: ['kind'], where: active, _count: { _all: true } }),
  ]);
  const ofKind = (k: string) => kinds.find((g) => g.kind === k)?._count._all ?? 0;

  const goodFair = ratio();
  const linked = ratio();
  const managers = ratio();
  const tech = ratio();
  const digital = ratio();
  const yes = (r: Ratio, v: boolean | undefined) => {
    if (v === undefined) return;
    r.den++;
    if (v) r.num++;
  };
  const revenueNow = new Map<number, number>();
  for await (const page of o.reports ?? submittedReportPages(db, { form: annualForm, period: o.period, ...scope })) {
    for (const r of page) {
      const a = r.answers;
      const rating = answer(a, F.rating, 'string');
      if (rating && RATED.has(rating)) {
        goodFair.den++;
        if (rating === 'good' || rating === 'fair') goodFair.num++;
      }
      yes(linked, answer(a, F.valueChain, 'boolean'));
      yes(tech, answer(a, F.highTech, 'boolean'));
      yes(digital, answer(a, F.digital, 'boolean'));
      const m = answer(a, F.managers, 'number');
      const trained = m === 0 ? 0 : answer(a, F.trained, 'number');
      if (m !== undefined && trained !== undefined) {
        managers.den += m;
        managers.num += trained;
      }
      const revenue = answer(a, F.revenue, 'number');
      if (revenue !== undefined) revenueNow.set(r.cooperative.id, revenue);
    }
  }

  // Revenue growth of the same cooperatives: their submitted report of the year before.
  const growth = ratio();
  if (revenueNow.size) {
    for await (const page of submittedReportPages(db, { form: annualForm, period: previousPeriod(o.period), ...scope })) {
      for (const r of page) {
        const now = revenueNow.get(r.cooperative.id);
        const before = answer(r.answers, F.revenue, 'number');
        if (now === undefined || before === undefined || before <= 0) continue;
        growth.num += now;
        growth.den += before;
      }
    }
  }

  const share = (r: Ratio) => ({ actual: r.den ? round2((r.num / r.den) * 100) : null, numerator: r.num, denominator: r.den });
  const cooperativesCount = ofKind('cooperative');
  const groupsCount = ofKind('group');
  const measured: Record<IndicatorKey, Pick<IndicatorValue, 'actual' | 'numerator' | 'denominator'>> = {
    good_fair_share: share(goodFair),
    enterprise_link_share: share(linked),
    managers_trained_share: share(managers),
    high_tech_count: { actual: tech.den ? tech.num : null, numerator: tech.num, denominator: tech.den },
    digital_share: share(digital),
    revenue_growth_pct: { actual: growth.den ? round2((growth.num / growth.den - 1) * 100) : null, numerator: growth.num, denominator: growth.den },
    cooperatives_count: { actual: cooperativesCount, numerator: cooperativesCount, denominator: null },
    groups_count: { actual: groupsCount, numerator: groupsCount, denominator: null },
  };

  const set = o.targetSet ?? null;
  const indicators = INDICATOR_KEYS.map((key): IndicatorValue => {
    const m = measured[key];
    const target = set && targetApplies(key, set, scope) ? (set.targets[key] ?? null) : null;
    return { key, unit: INDICATOR_UNITS[key], ...m, target, met: target === null || m.actual === null ? null : m.actual >= target };
  });

  return {
    period: o.period,
    scope,
    cooperatives: {
      active: byCommune.reduce((n, c) => n + c.active, 0),
      submitted: byCommune.reduce((n, c) => n + c.submitted, 0),
      groups: groupsCount,
      unions: ofKind('union'),
    },
    byCommune,
    indicators,
    targetSet: set,
  };
}
