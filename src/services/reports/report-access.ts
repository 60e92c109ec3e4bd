import type { Identity } from '../people/identity.js';
import { coversArea, isStaff } from '../questions/question-area.js';

/** Who fills in and submits a cooperative's reports: its director, or a member the director delegated. */
export function canFileReports(who: Pick<Identity, 'role' | 'cooperativeId'> & { canReport: boolean }): who is typeof who & { cooperativeId: number } {
  return who.cooperativeId !== null && (who.role === 'director' || (who.role === 'member' && who.canReport));
}

/** Officers (and admins) review the reports of cooperatives in their jurisdiction. */
export function canReviewReportsOf(who: Pick<Identity, 'role' | 'province' | 'commune'>, coop: { province: string; commune: string | null }): boolean {
  return isStaff(who.role) && coversArea(who, coop);
}
