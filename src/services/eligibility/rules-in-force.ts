import { knowledgeIndex } from '../knowledge/knowledge-index.js';
import { loadDocumentStatuses, loadLawTexts } from '../knowledge/law-texts.js';
import { checkRules, ruleApplies } from './check-rules.js';
import { currentRules } from './current-rules.js';
import { loadRules, type RuleProblem } from './load-rules.js';
import type { Rule } from './rule.js';

/**
 * The rules that apply on `now`: those of knowledge/rules/ (currentRules, cached for the day), or,
 * given `dir`, those of another folder (a proposed change of the rules: `npm run admin -- rules
 * alert --rules-dir …`, tests), checked the same way — a rule with a problem, not in force that
 * day, or following an article that is not current is left out.
 */
export function rulesInForce(now: Date, o: { dir?: string } = {}): { rules: Rule[]; problems: RuleProblem[] } {
  if (!o.dir) return currentRules(now);
  const { rules, problems } = loadRules({ dir: o.dir });
  const { all } = knowledgeIndex(now);
  const checked = checkRules(rules, { articles: [...all.values()], texts: loadLawTexts(), statuses: loadDocumentStatuses(), now });
  const bad = new Set(checked.map((p) => p.file));
  return { rules: rules.filter((r) => !bad.has(r.file) && ruleApplies(r, all, now)), problems: [...problems, ...checked] };
}
