import { Prisma } from '../../generated/prisma/client.js';
import { coversArea, isStaff, STAFF_ROLES, type Jurisdiction } from './jurisdiction.js';
import { cooperativesIn } from './report-access.js';

/** Who manages cooperatives and people on the dashboard: an officer or admin and their jurisdiction. */
export interface DirectoryActor extends Jurisdiction {
  personId: number;
  role: string;
}

/**
 * Whether an officer may see and change a cooperative: one of their jurisdiction (no province: any;
 * a province: its cooperatives; a commune: that commune's only). The same rule as the reports'
 * (canReviewReportsOf) and the API's area check (scopeWithin); listings use cooperativesIn.
 */
export function canManageCooperative(who: DirectoryActor, coop: { province: string; commune: string | null }): boolean {
  return isStaff(who.role) && coversArea(who, coop);
}

/**
 * The people an officer may see on the dashboard, as a Prisma filter: the directors and members
 * (and pending people) of the cooperatives of their jurisdiction, and the officers whose own
 * jurisdiction lies within theirs. A national officer or admin sees everyone.
 */
export function peopleVisibleTo(who: DirectoryActor): Prisma.PersonWhereInput {
  if (!isStaff(who.role)) return { id: { in: [] } };
  if (!who.province) return {};
  const staffWithin: Prisma.PersonWhereInput = { role: { in: [...STAFF_ROLES] }, province: who.province, ...(who.commune ? { commune: who.commune } : {}) };
  return { OR: [{ cooperative: cooperativesIn(who) }, staffWithin] };
}

/**
 * Whether an officer may withdraw a person's role: a director's or member's of a cooperative of
 * their jurisdiction; an officer's jurisdiction only by an admin; never an admin's, nor their own.
 */
export function canRevokeRole(
  who: DirectoryActor,
  target: { id: number; role: string; cooperative: { province: string; commune: string | null } | null; province: string | null; commune: string | null },
): 'ok' | 'not_allowed' | 'outside_jurisdiction' {
  if (!isStaff(who.role) || target.id === who.personId || target.role === 'admin' || target.role === 'guest') return 'not_allowed';
  if (target.role === 'officer') {
    if (who.role !== 'admin') return 'not_allowed';
    if (!who.province) return 'ok';
    const within = target.province === who.province && (!who.commune || target.commune === who.commune);
    return within ? 'ok' : 'outside_jurisdiction';
  }
  if (!target.cooperative) return who.province ? 'outside_jurisdiction' : 'ok';
  return canManageCooperative(who, target.cooperative) ? 'ok' : 'outside_jurisdiction';
}

/**
 * cooperativesIn as SQL on a cooperative aliased `c` (for the listings that search names folded
 * without diacritics, which Prisma's filters cannot express). The same rule, word for word.
 */
export function cooperativesInSql(j: Jurisdiction): Prisma.Sql {
  if (!j.province) return Prisma.sql`true`;
  return j.commune ? Prisma.sql`(c.province = ${j.province} and c.commune = ${j.commune})` : Prisma.sql`c.province = ${j.province}`;
}
