import type { Prisma } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import { isStaff, type Jurisdiction } from './jurisdiction.js';

/** An officer or admin making, reading or revoking invites. */
export interface InviteStaff extends Jurisdiction {
  personId: number;
  role: Role;
}

/**
 * The invites of an area, as a Prisma filter: those bound to a cooperative of the area, and the
 * officer invites whose own area lies within it (a province: its officer invites, whole-province
 * or for one of its communes; a commune: that commune's only). No province: every invite. The same
 * rule as cooperativesIn (report-access.ts) for the cooperatives' invites.
 */
export function invitesIn(j: Jurisdiction): Prisma.InviteWhereInput {
  if (!j.province) return {};
  const area = j.commune ? { province: j.province, commune: j.commune } : { province: j.province };
  return { OR: [{ cooperative: area }, { cooperativeId: null, ...area }] };
}

/** What an invite would bind its user to. */
export type InviteTarget =
  { role: 'director' | 'member'; cooperative: { province: string; commune: string | null } } | { role: 'officer'; province: string; commune: string | null };

export type InviteRefusal = 'not_staff' | 'outside_jurisdiction' | 'officer_invites_admins_only' | 'officer_invite_needs_commune';

/**
 * Who may invite whom, from the chat's and the shell's rules:
 * - directors and members: an officer of the cooperative's area (commune, province or national), or an admin;
 * - officers: an admin, for any province or commune; an officer of a whole province, for one of that
 *   province's communes only (never another province-wide officer, never outside the province).
 * Admin invites are made with the shell tool only.
 */
export function inviteRefusal(who: InviteStaff, target: InviteTarget): InviteRefusal | null {
  if (!isStaff(who.role)) return 'not_staff';
  if (target.role === 'officer') {
    if (who.role === 'admin') return null;
    if (!who.province || who.commune) return 'officer_invites_admins_only';
    if (target.province !== who.province) return 'outside_jurisdiction';
    return target.commune ? null : 'officer_invite_needs_commune';
  }
  if (who.role === 'admin' || !who.province) return null;
  const c = target.cooperative;
  if (c.province !== who.province || (who.commune && c.commune !== who.commune)) return 'outside_jurisdiction';
  return null;
}

/** Whether the person may make officer invites at all (an admin, or an officer of a whole province). */
export function mayInviteOfficers(who: InviteStaff): boolean {
  return who.role === 'admin' || (who.role === 'officer' && Boolean(who.province) && !who.commune);
}
