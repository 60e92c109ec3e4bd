import type { Db } from '../../db/database.js';
import { currentRules } from './current-rules.js';
import { evaluateEligibility, type EligibilityLine } from './evaluate-eligibility.js';
import { gatherCooperativeFacts } from './gather-cooperative-facts.js';

/** The eligibility lines of one cooperative on `now`, with the rules in force that day. */
export async function evaluateCooperative(db: Db, cooperativeId: number, o: { now: Date }): Promise<EligibilityLine[]> {
  const facts = await gatherCooperativeFacts(db, cooperativeId);
  return evaluateEligibility(currentRules(o.now).rules, facts, o);
}
