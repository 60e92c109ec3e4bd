import type { Db } from '../../db/database.js';
import { invitesIn, type InviteStaff } from '../access/invite-access.js';
import { isStaff } from '../access/jurisdiction.js';
import { writeAudit } from '../audit/write-audit.js';
import { inviteState, type InviteState } from './invite-state.js';

export type RevokeInviteResult =
  | { ok: true; invite: { id: number; code: string } }
  | { ok: false; reason: 'not_found' | 'outside_jurisdiction' }
  /** Already revoked, used up or expired: nothing to withdraw. */
  | { ok: false; reason: 'not_open'; state: InviteState; code: string };

/**
 * Withdraws an open invite of the officer's area (access/invite-access.ts): its code stops working
 * at once. The update applies only while the invite is unrevoked and within the area, so a
 * repeated or concurrent revoke changes nothing more; each revoke is audited.
 */
export async function revokeInvite(db: Db, o: { inviteId: number; by: InviteStaff; now: Date }): Promise<RevokeInviteResult> {
  const invite = await db.invite.findUnique({ where: { id: o.inviteId }, select: { id: true } });
  if (!invite) return { ok: false, reason: 'not_found' };
  if (!isStaff(o.by.role)) return { ok: false, reason: 'outside_jurisdiction' };
  const mine = await db.invite.findFirst({ where: { AND: [{ id: o.inviteId }, invitesIn(o.by)] } });
  if (!mine) return { ok: false, reason: 'outside_jurisdiction' };
  const state = inviteState(mine, o.now);
  if (state !== 'open') return { ok: false, reason: 'not_open', state, code: mine.code };
  const { count } = await db.invite.updateMany({ where: { id: mine.id, revokedAt: null }, data: { revokedAt: o.now } });
  if (count === 0) return { ok: false, reason: 'not_open', state: 'revoked', code: mine.code };
  await writeAudit(db, {
    actorId: o.by.personId,
    action: 'invite.revoked',
    subject: `invite:${mine.id}`,
    details: { role: mine.role, uses: mine.uses, maxUses: mine.maxUses },
  });
  return { ok: true, invite: { id: mine.id, code: mine.code } };
}
