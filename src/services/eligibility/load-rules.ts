import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { knowledgeDir } from '../knowledge/load-articles.js';
import { RuleSchema, type Rule } from './rule.js';

export const rulesDir = path.join(knowledgeDir, 'rules');

/** One problem found in one rule file. */
export interface RuleProblem {
  file: string;
  problem: string;
}

/** Parses one rule file's text; returns the rule, or the problems that keep it out. */
export function parseRule(file: string, source: string): { rule?: Rule; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(source.normalize('NFC'));
  } catch (e) {
    return { problems: [{ file, problem: `not valid YAML: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const parsed = RuleSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push({ file, problem: `${i.path.join('.') || 'rule'}: ${i.message}` });
    return { problems };
  }
  const r = parsed.data;
  if (path.basename(file, '.yaml') !== r.id) problems.push({ file, problem: `the file name must be ${r.id}.yaml` });
  if (r.effective_to && r.effective_to <= r.effective_from) problems.push({ file, problem: 'effective_to must come after effective_from' });
  if (problems.length) return { problems };
  return { rule: { ...r, file, secondary: r.legal_basis.some((b) => b.law.startsWith('secondary/')) }, problems };
}

/**
 * Reads every rule in knowledge/rules/*.yaml (or `options.dir`), validated by RuleSchema; ids must
 * be unique. Problems are returned, never thrown; checkRules() adds the checks against the
 * knowledge base and the legal texts.
 */
export function loadRules(options: { dir?: string } = {}): { rules: Rule[]; problems: RuleProblem[] } {
  const dir = options.dir ?? rulesDir;
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.yaml')) continue;
    const file = path.relative(path.dirname(knowledgeDir), path.join(dir, f));
    const r = parseRule(file, readFileSync(path.join(dir, f), 'utf8'));
    problems.push(...r.problems);
    if (!r.rule) continue;
    if (seen.has(r.rule.id)) problems.push({ file, problem: `id "${r.rule.id}" is already used` });
    else {
      seen.add(r.rule.id);
      rules.push(r.rule);
    }
  }
  return { rules, problems };
}
