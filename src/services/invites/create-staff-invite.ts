import type { Db } from '../../db/database.js';
import type { Invite } from '../../generated/prisma/client.js';
import { inviteRefusal, mayInviteOfficers, type InviteRefusal, type InviteStaff } from '../access/invite-access.js';
import { findCommune } from '../areas/find-commune.js';
import { findProvince } from '../areas/find-province.js';
import { createInvite } from './create-invite.js';

/** How many people one invite may let in, and for how many days, when an officer makes it. */
export const STAFF_INVITE_MAX_USES = 50;
export const STAFF_INVITE_MAX_DAYS = 90;

export interface StaffInviteRequest {
  by: InviteStaff;
  role: 'director' | 'member' | 'officer';
  /** Directors and members: the cooperative. */
  cooperativeId?: number;
  /** Officers: the province (an officer of a province: theirs, whatever is given) and the commune. */
  province?: string;
  commune?: string;
  maxUses?: number;
  validDays?: number;
  now: Date;
}

export type StaffInviteResult =
  | { ok: true; invite: Invite }
  | { ok: false; reason: InviteRefusal | 'cooperative_not_found' | 'cooperative_not_active' | 'province_required' }
  /** Not a unit of the province since 1 July 2025 (areas/), or several are: the names to offer. */
  | { ok: false; reason: 'unknown_province' | 'unknown_commune'; suggestions: string[] };

/**
 * An invite made by an officer or admin (the dashboard), within the rules of
 * access/invite-access.ts: a director or member invite for an active cooperative of their area; an
 * officer invite by an admin, or by a province's officer for one of its communes. A one-use
 * director invite is bound to the cooperative's director on record who has not joined yet. An officer
 * invite's province and commune are units since 1 July 2025 (services/areas/: typed without
 * diacritics is fine, the official name is stored). The invite is made and audited by createInvite.
 */
export async function createStaffInvite(db: Db, o: StaffInviteRequest): Promise<StaffInviteResult> {
  const common = {
    maxUses: Math.min(Math.max(1, Math.trunc(o.maxUses ?? 1)), STAFF_INVITE_MAX_USES),
    validDays: Math.min(Math.max(1, Math.trunc(o.validDays ?? 14)), STAFF_INVITE_MAX_DAYS),
    createdById: o.by.personId,
    now: o.now,
  };
  if (o.role === 'officer') {
    if (!mayInviteOfficers(o.by)) return { ok: false, reason: 'officer_invites_admins_only' };
    const typedProvince = (o.by.role === 'admin' ? o.province?.trim() : o.by.province) || undefined;
    const typedCommune = o.commune?.trim() || undefined;
    if (!typedProvince) return { ok: false, reason: o.by.role === 'admin' ? 'province_required' : 'officer_invites_admins_only' };
    const p = findProvince(typedProvince);
    if (!('found' in p)) return { ok: false, reason: 'unknown_province', suggestions: names(p) };
    // An officer of a province passes on their own province exactly as written (jurisdictions compare names).
    const province = o.by.role === 'admin' ? p.found.name : typedProvince;
    const refusal = inviteRefusal(o.by, { role: 'officer', province, commune: typedCommune ?? null });
    if (refusal) return { ok: false, reason: refusal };
    let commune: string | undefined;
    if (typedCommune) {
      const c = findCommune(p.found.name, typedCommune);
      if (!('found' in c)) return { ok: false, reason: 'unknown_commune', suggestions: names(c) };
      commune = c.found.name;
    }
    return { ok: true, invite: await createInvite(db, { ...common, role: 'officer', province, commune }) };
  }
  const coop = o.cooperativeId
    ? await db.cooperative.findUnique({ where: { id: o.cooperativeId }, select: { id: true, province: true, commune: true, status: true } })
    : null;
  if (!coop) return { ok: false, reason: 'cooperative_not_found' };
  const refusal = inviteRefusal(o.by, { role: o.role, cooperative: coop });
  if (refusal) return { ok: false, reason: refusal };
  if (coop.status !== 'active') return { ok: false, reason: 'cooperative_not_active' };
  // A one-use director invite is made for a director on record who has not joined yet and has no
  // open invite (imported from the register): whoever redeems it becomes that person.
  const pending =
    o.role === 'director' && common.maxUses === 1
      ? await db.person.findFirst({
          where: {
            role: 'director',
            cooperativeId: coop.id,
            accounts: { none: {} },
            invitesFor: { none: { revokedAt: null, expiresAt: { gt: o.now } } },
          },
          orderBy: { id: 'asc' },
          select: { id: true },
        })
      : null;
  return { ok: true, invite: await createInvite(db, { ...common, role: o.role, cooperativeId: coop.id, ...(pending ? { personId: pending.id } : {}) }) };
}

const names = (m: { ambiguous: { name: string }[] } | { none: true; suggestions: { name: string }[] }) =>
  ('ambiguous' in m ? m.ambiguous : m.suggestions).map((u) => u.name);
