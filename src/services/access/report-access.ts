import type { Prisma } from '../../generated/prisma/client.js';
import type { Identity } from '../people/identity.js';
import { coversArea, isStaff, type Jurisdiction } from './jurisdiction.js';

/** Who fills in and submits a cooperative's reports: its director, or a member the director delegated. */
export function canFileReports(who: Pick<Identity, 'role' | 'cooperativeId'> & { canReport: boolean }): who is typeof who & { cooperativeId: number } {
  return who.cooperativeId !== null && (who.role === 'director' || (who.role === 'member' && who.canReport));
}

/** Officers (and admins) review the reports of cooperatives in their jurisdiction. */
export function canReviewReportsOf(who: Pick<Identity, 'role' | 'province' | 'commune'>, coop: { province: string; commune: string | null }): boolean {
  return isStaff(who.role) && coversArea(who, coop);
}

/**
 * Cooperatives in a jurisdiction, as a Prisma filter (a province, or one commune of it; none: all):
 * the reports an officer may read are those of these cooperatives (the same rule as canReviewReportsOf).
 */
export function cooperativesIn(j: Jurisdiction): Prisma.CooperativeWhereInput {
  if (!j.province) return {};
  return j.commune ? { province: j.province, commune: j.commune } : { province: j.province };
}
