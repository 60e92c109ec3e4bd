import type { Logger } from '../../lib/logger.js';
import { knowledgeIndex } from '../knowledge/knowledge-index.js';
import { loadDocumentStatuses, loadLawTexts } from '../knowledge/law-texts.js';
import { checkRules, ruleApplies } from './check-rules.js';
import { loadRules, type RuleProblem } from './load-rules.js';
import type { Rule } from './rule.js';

let cached: { day: string; rules: Rule[]; problems: RuleProblem[] } | undefined;

/**
 * The rules the bot applies on `now`: loaded from knowledge/rules/ and checked like the knowledge
 * base (once a day, logged): a rule with a problem (bad file, unknown or non-current article, quote
 * not found, dates out of order) is left out; so is one not in force that day.
 */
export function currentRules(now: Date, logger?: Logger): { rules: Rule[]; problems: RuleProblem[] } {
  const day = now.toISOString().slice(0, 10);
  if (cached?.day !== day) {
    const { rules, problems } = loadRules();
    const { all } = knowledgeIndex(now);
    const checked = checkRules(rules, { articles: [...all.values()], texts: loadLawTexts(), statuses: loadDocumentStatuses(), now });
    const bad = new Set(checked.map((p) => p.file));
    const all2 = [...problems, ...checked];
    if (all2.length) logger?.warn({ problems: all2 }, 'eligibility rules left out (run npm run kb:check)');
    cached = { day, rules: rules.filter((r) => !bad.has(r.file) && ruleApplies(r, all, now)), problems: all2 };
  }
  return { rules: cached.rules, problems: cached.problems };
}
