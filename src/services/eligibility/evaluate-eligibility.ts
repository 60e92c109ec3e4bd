/**
 * The eligibility of one cooperative, computed from its facts and the rules: pure (no database),
 * so the chat, the officers' area counts and the policy-change alerts all agree.
 */
import { type CooperativeFacts, type FactId, type FactValue } from './facts.js';
import { conditionTests, type Case, type Condition, type FactTest, type Outcome, type Rule, type RuleKind, type ValueSpec } from './rule.js';

/** One line of the answer to "what can my cooperative get?". */
export interface EligibilityLine {
  ruleId: string;
  /** The rule's title, for lists and exports. */
  title: { vi: string; en: string };
  topic: string;
  kind: RuleKind;
  outcome: Outcome;
  /** i18n key (locales/<lang>/eligibility.json) and its values; values whose key ends in `Vnd` are amounts in đồng. */
  reason: { key: string; values: Record<string, string | number> };
  /** Facts that would settle a "maybe" (askable ones are asked in the chat). */
  missingFacts: string[];
  articleIds: string[];
  /** "Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15, Điều 10; …". */
  legalBasis: string;
  /** The rule's checklist (e.g. Law 17/2023 Art. 18's criteria), each met, unmet or unknown. */
  checks?: { key: string; status: 'met' | 'unmet' | 'unknown' }[];
  /** The annual report's "support received" kind this support is (officers' targeting). */
  supportKind?: string;
  /** A basis is a secondary quotation: the reader should confirm with an officer. */
  secondary?: boolean;
}

type Truth = true | false | undefined;

function testFact(t: FactTest, v: FactValue | undefined): Truth {
  if (v === undefined) return undefined;
  if (t.eq !== undefined) return v === t.eq;
  if (t.in !== undefined) return typeof v === 'string' && t.in.includes(v);
  if (t.contains !== undefined) return Array.isArray(v) && v.includes(t.contains);
  if (typeof v !== 'number') return false;
  if (t.lt !== undefined) return v < t.lt;
  if (t.lte !== undefined) return v <= t.lte;
  if (t.gt !== undefined) return v > t.gt;
  return v >= t.gte!;
}

/** A condition's truth and the facts that would settle it when it is unknown. */
function testCondition(c: Condition, facts: CooperativeFacts): { truth: Truth; missing: FactId[] } {
  const tests = conditionTests(c);
  const results = tests.map((t) => testFact(t, facts.values[t.fact]));
  if ('any' in c) {
    if (results.includes(true)) return { truth: true, missing: [] };
    if (results.every((r) => r === false)) return { truth: false, missing: [] };
    return { truth: undefined, missing: tests.filter((_, i) => results[i] === undefined).map((t) => t.fact) };
  }
  return { truth: results[0], missing: results[0] === undefined ? [tests[0]!.fact] : [] };
}

function testAll(conditions: readonly Condition[], facts: CooperativeFacts): { truth: Truth; missing: FactId[]; failed?: Condition } {
  const missing: FactId[] = [];
  for (const c of conditions) {
    const r = testCondition(c, facts);
    if (r.truth === false) return { truth: false, missing: [], failed: c };
    if (r.truth === undefined) missing.push(...r.missing);
  }
  return { truth: missing.length ? undefined : true, missing };
}

/** 15 December after (or on) `now`, as "15/12/2026". */
function nextDate(mmdd: string, now: Date): string {
  const [m, d] = mmdd.split('-').map(Number) as [number, number];
  // Vietnam time (UTC+7): the day it is there.
  const local = new Date(now.getTime() + 7 * 3600_000);
  let year = local.getUTCFullYear();
  const today = local.toISOString().slice(5, 10);
  if (today > mmdd) year += 1;
  return `${d}/${m}/${year}`;
}

function resolveValues(specs: Record<string, ValueSpec>, facts: CooperativeFacts, now: Date): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, spec] of Object.entries(specs)) {
    if (typeof spec === 'string' || typeof spec === 'number') out[k] = spec;
    else if ('next_date' in spec) out[k] = nextDate(spec.next_date, now);
    else {
      const v = facts.values[spec.fact];
      if (typeof v === 'number') out[k] = spec.times ? Math.round(v * spec.times) : v;
      else if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'boolean') out[k] = v ? 'yes' : 'no';
      else if (Array.isArray(v)) out[k] = v.join(', ');
    }
  }
  return out;
}

/** "Luật … số 67/2025/QH15 (Điều 2, khoản 1; Điều 10); Nghị định số 320/2025/NĐ-CP, Điều 11": each document once. */
function legalBasisText(rule: Rule): string {
  const byDocument = new Map<string, string[]>();
  for (const b of rule.legal_basis) {
    const articles = byDocument.get(b.document) ?? [];
    if (!articles.includes(b.article)) articles.push(b.article);
    byDocument.set(b.document, articles);
  }
  return [...byDocument].map(([doc, articles]) => (articles.length === 1 ? `${doc}, ${articles[0]}` : `${doc} (${articles.join('; ')})`)).join('; ');
}

function conditionKey(c: Condition): string {
  if (c.label) return c.label;
  const t = conditionTests(c)[0]!;
  return t.fact;
}

function evaluateRule(rule: Rule, facts: CooperativeFacts, now: Date, done: Map<string, EligibilityLine>): EligibilityLine {
  const base = {
    ruleId: rule.id,
    title: rule.title,
    topic: rule.topic,
    kind: rule.kind,
    articleIds: [...rule.articles],
    legalBasis: legalBasisText(rule),
    ...(rule.support_kind ? { supportKind: rule.support_kind } : {}),
    ...(rule.secondary ? { secondary: true } : {}),
  };
  const checks = rule.checklist.map((c) => {
    const r = testCondition(c, facts);
    return { key: conditionKey(c), status: r.truth === true ? ('met' as const) : r.truth === false ? ('unmet' as const) : ('unknown' as const) };
  });
  const withChecks = checks.length ? { checks } : {};
  const line = (outcome: Outcome, key: string, values: Record<string, string | number>, missing: string[]): EligibilityLine => ({
    ...base,
    outcome,
    reason: { key: `eligibility.reasons.${key}`, values },
    missingFacts: [...new Set(missing)],
    ...withChecks,
  });

  // A required rule that is not met decides this one too.
  const inherited: string[] = [];
  // A required rule that is not settled (maybe, or unknown with nothing to ask: a cooperative group's
  // own criteria) keeps this one from applying: maybe when facts can settle it, else unknown.
  let unsettled: string | undefined;
  for (const id of rule.requires) {
    const req = done.get(id);
    if (!req) continue;
    if (req.outcome === 'not_applicable') return line('not_applicable', 'requires_unmet', { rule: id }, []);
    if (req.outcome !== 'applies') {
      inherited.push(...req.missingFacts);
      unsettled ??= id;
    }
  }

  let maybe: { c: Case; missing: FactId[] } | undefined;
  for (const c of rule.cases) {
    const r = testAll(c.when, facts);
    if (r.truth === false) continue;
    if (r.truth === undefined) {
      maybe ??= { c, missing: r.missing };
      continue;
    }
    // This case holds. An earlier case that might have held makes it a "maybe" still.
    if (maybe) break;
    const values = resolveValues(c.values, facts, now);
    if (unsettled && c.outcome === 'applies')
      return line(inherited.length ? 'maybe' : 'unknown', 'requires_unknown', { ...values, rule: unsettled }, inherited);
    return line(c.outcome, c.reason, values, c.outcome === 'maybe' ? inherited : []);
  }
  if (maybe) {
    const values = resolveValues(maybe.c.values, facts, now);
    const outcome: Outcome = maybe.c.outcome === 'unknown' ? 'unknown' : 'maybe';
    return line(outcome, maybe.c.reason, values, [...maybe.missing, ...inherited]);
  }
  return line('not_applicable', rule.otherwise.reason, resolveValues(rule.otherwise.values, facts, now), []);
}

/**
 * One line per rule, in the rules' order (a rule after the ones it requires). `rules` should be
 * the rules that apply on `now` (see currentRules / ruleApplies); a rule not in force on `now` is
 * skipped here too.
 */
export function evaluateEligibility(rules: readonly Rule[], facts: CooperativeFacts, o: { now: Date }): EligibilityLine[] {
  const day = o.now.toISOString().slice(0, 10);
  const inForce = rules.filter((r) => r.effective_from <= day && !(r.effective_to && r.effective_to <= day));
  const byId = new Map(inForce.map((r) => [r.id, r]));
  const done = new Map<string, EligibilityLine>();
  const visit = (r: Rule, depth = 0) => {
    if (done.has(r.id) || depth > 20) return;
    for (const id of r.requires) {
      const req = byId.get(id);
      if (req) visit(req, depth + 1);
    }
    done.set(r.id, evaluateRule(r, facts, o.now, done));
  };
  for (const r of inForce) visit(r);
  return inForce.map((r) => done.get(r.id)!);
}
