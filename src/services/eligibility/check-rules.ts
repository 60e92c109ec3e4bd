/**
 * The start-up and `npm run kb:check` checks of the eligibility rules against the knowledge base
 * and the shipped legal texts: every cited article exists and is current; every legal basis quote
 * is found word for word in the cited article of the shipped text (the knowledge base's own quote
 * verification); dates are in order; the tests fit the facts' types; required rules exist.
 */
import { isCurrent, type Article } from '../knowledge/article.js';
import type { DocumentStatus, LawText } from '../knowledge/law-texts.js';
import { verifyQuotes } from '../knowledge/verify-quotes.js';
import { FACT_TYPES } from './facts.js';
import type { RuleProblem } from './load-rules.js';
import { conditionTests, type Condition, type Rule } from './rule.js';

export interface RuleCheckInput {
  articles: readonly Article[];
  texts: Map<string, LawText>;
  statuses: readonly DocumentStatus[];
  now: Date;
}

function testProblems(c: Condition): string[] {
  const out: string[] = [];
  for (const t of conditionTests(c)) {
    const type = FACT_TYPES[t.fact];
    const numeric = type === 'number' || type === 'money';
    if ([t.lt, t.lte, t.gt, t.gte].some((v) => v !== undefined) && !numeric) out.push(`"${t.fact}" is a ${type}: it cannot be compared as a number`);
    if (t.in !== undefined && type !== 'string') out.push(`"${t.fact}" is a ${type}: "in" needs a text fact`);
    if (t.contains !== undefined && type !== 'list') out.push(`"${t.fact}" is a ${type}: "contains" needs a list fact`);
    if (t.eq !== undefined) {
      const want = type === 'boolean' ? 'boolean' : numeric ? 'number' : 'string';
      if (typeof t.eq !== want) out.push(`"${t.fact}" is a ${type}: eq ${JSON.stringify(t.eq)} does not fit`);
    }
  }
  return out;
}

/** Every problem of `rules` (empty: all fine). */
export function checkRules(rules: readonly Rule[], input: RuleCheckInput): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const articles = new Map(input.articles.map((a) => [a.id, a]));
  const ids = new Set(rules.map((r) => r.id));
  for (const r of rules) {
    const add = (problem: string) => problems.push({ file: r.file, problem });
    if (r.effective_to && r.effective_to <= r.effective_from) add('effective_to must come after effective_from');
    for (const id of r.articles) {
      const a = articles.get(id);
      if (!a) add(`article "${id}" is not in the knowledge base`);
      else if (!isCurrent(a, input.now)) add(`article "${id}" is not current on ${input.now.toISOString().slice(0, 10)}; a rule cannot follow it`);
    }
    for (const req of r.requires) if (!ids.has(req) || req === r.id) add(`requires "${req}": no such rule`);
    const conditions = [...r.checklist, ...r.cases.flatMap((c) => c.when)];
    for (const c of conditions) for (const p of testProblems(c)) add(p);
    // The quotes, checked exactly as the knowledge base's are (a rule in force may not rest on a superseded text).
    const pseudo = {
      id: r.id,
      file: r.file,
      legal_basis: r.legal_basis,
      source: r.secondary ? 'secondary' : 'primary',
      contact: { vi: '-', en: '-' },
      effective_from: r.effective_from,
      effective_until: r.effective_to,
    } as unknown as Article;
    problems.push(...verifyQuotes([pseudo], input.texts, input.statuses, input.now).problems);
  }
  // A cycle of `requires` would never finish.
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const r of rules) {
    const seen = new Set<string>();
    const stack = [...r.requires];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === r.id) {
        problems.push({ file: r.file, problem: 'requires itself through other rules' });
        break;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.requires ?? []));
    }
  }
  return problems;
}

/** True when the rule is in force on `now` and every article it follows is current. */
export function ruleApplies(rule: Rule, articles: ReadonlyMap<string, Article>, now: Date): boolean {
  const day = now.toISOString().slice(0, 10);
  if (rule.effective_from > day || (rule.effective_to && rule.effective_to <= day)) return false;
  return rule.articles.every((id) => {
    const a = articles.get(id);
    return a !== undefined && isCurrent(a, now);
  });
}
