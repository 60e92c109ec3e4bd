import { createHash } from 'node:crypto';
import type { EligibilityLine } from './evaluate-eligibility.js';

/**
 * A stable digest of an evaluation: what a director was told (each rule's outcome, reason and its
 * values), in rule-id order, so reordering files or lines changes nothing and any change of outcome
 * or figure changes the digest (policy-change alerts compare it with EligibilitySnapshot.digest).
 */
export function digestLines(lines: readonly EligibilityLine[]): string {
  const canonical = [...lines]
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))
    .map((l) => [
      l.ruleId,
      l.outcome,
      l.reason.key,
      Object.keys(l.reason.values)
        .sort()
        .map((k) => [k, l.reason.values[k]]),
      [...l.missingFacts].sort(),
      (l.checks ?? []).map((c) => [c.key, c.status]),
    ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32);
}
