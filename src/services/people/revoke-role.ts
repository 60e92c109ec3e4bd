import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { canRevokeRole, type DirectoryActor } from '../access/directory-access.js';
import { revocablePersonSelect } from './find-revocable-person.js';
import { writeAudit } from '../audit/write-audit.js';

export type RevokeRoleResult = { ok: true; from: Role; invitesRevoked: number } | { ok: false; reason: 'not_found' | 'outside_jurisdiction' | 'not_allowed' };

/**
 * Withdraws a person's role: a director or member becomes a guest, no longer bound to their
 * cooperative (nor a delegate for its reports); an officer (admins only) becomes a guest without a
 * jurisdiction, and loses the dashboard at once (its sessions check the role on every request).
 * Invites still open for the person are revoked with it, so no one can take the role back with
 * one. One transaction, with its audit line (`person.role_revoked`: the role and cooperative
 * before, no personal data). Refused for a person outside the officer's area, an admin, oneself.
 */
export async function revokeRole(db: Db, o: { personId: number; actor: DirectoryActor; now?: Date }): Promise<RevokeRoleResult> {
  const now = o.now ?? new Date();
  const p = await db.person.findUnique({ where: { id: o.personId }, select: revocablePersonSelect });
  if (!p) return { ok: false, reason: 'not_found' };
  const allowed = canRevokeRole(o.actor, p);
  if (allowed !== 'ok') return { ok: false, reason: allowed };
  return db.$transaction(async (tx) => {
    // Conditional: a role changed meanwhile (redeemed again, revoked by someone else) is left alone.
    const done = await tx.person.updateMany({
      where: { id: p.id, role: p.role, cooperativeId: p.cooperative?.id ?? null },
      data: { role: 'guest', cooperativeId: null, canReport: false, province: null, commune: null },
    });
    if (done.count === 0) return { ok: false, reason: 'not_allowed' } as const;
    const invites = await tx.invite.updateMany({ where: { personId: p.id, revokedAt: null }, data: { revokedAt: now } });
    await writeAudit(tx, {
      actorId: o.actor.personId,
      action: 'person.role_revoked',
      subject: `person:${p.id}`,
      details: {
        before: { role: p.role, cooperativeId: p.cooperative?.id ?? null },
        after: { role: 'guest' },
        province: p.cooperative?.province ?? p.province,
        commune: p.cooperative?.commune ?? p.commune,
        invitesRevoked: invites.count,
        via: 'dashboard',
      },
    });
    if (p.cooperative)
      await writeAudit(tx, {
        actorId: o.actor.personId,
        action: 'cooperative.person_removed',
        subject: `cooperative:${p.cooperative.id}`,
        details: { personId: p.id, role: p.role, via: 'dashboard' },
      });
    return { ok: true, from: p.role, invitesRevoked: invites.count } as const;
  });
}
