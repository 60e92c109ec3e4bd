import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { writeAudit } from '../audit/write-audit.js';
import { normalizeInviteCode } from './invite-code.js';
import { checkInviteLimit, INVITE_LIMITED_ACTION, INVITE_WRONG_ACTION, recordInviteFailure } from './invite-attempts.js';

export type RedeemResult =
  | { ok: true; role: Role; cooperativeName: string | null; province: string | null; commune: string | null }
  | { ok: false; reason: 'not_found' | 'expired' | 'used_up' }
  /** Too many wrong codes: from this person in the last hour, or from everyone in the last minute. Try again at `retryAt`. */
  | { ok: false; reason: 'too_many' | 'busy'; retryAt: Date };

/**
 * Binds the person to the invite's role and cooperative or jurisdiction; each use is counted once.
 * Wrong codes are limited (see checkInviteLimit) and audited: while a limit holds, no code is
 * looked at, the right one included, so guessing gains nothing.
 */
export async function redeemInvite(db: Db, personId: number, rawCode: string, now = new Date()): Promise<RedeemResult> {
  const code = normalizeInviteCode(rawCode);
  const limit = await checkInviteLimit(db, personId, now);
  if (limit.limited) {
    const reason = limit.scope === 'account' ? 'too_many' : 'busy';
    await recordInviteFailure(db, { personId, action: INVITE_LIMITED_ACTION, reason, codeLength: code.length, now });
    return { ok: false, reason, retryAt: limit.retryAt };
  }
  const result = await redeemCode(db, personId, code, now);
  if (!result.ok) await recordInviteFailure(db, { personId, action: INVITE_WRONG_ACTION, reason: result.reason, codeLength: code.length, now });
  return result;
}

function redeemCode(db: Db, personId: number, code: string, now: Date): Promise<RedeemResult> {
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({ where: { code }, include: { cooperative: { select: { name: true, province: true, commune: true } } } });
    if (!invite || invite.revokedAt) return { ok: false, reason: 'not_found' } as const;
    if (invite.expiresAt <= now) return { ok: false, reason: 'expired' } as const;
    // Conditional increment: two people racing for the last use cannot both win.
    const taken = await tx.invite.updateMany({ where: { id: invite.id, uses: { lt: invite.maxUses } }, data: { uses: { increment: 1 } } });
    if (taken.count === 0) return { ok: false, reason: 'used_up' } as const;
    const coop = invite.cooperative;
    const province = invite.province ?? coop?.province ?? null;
    const commune = invite.commune ?? coop?.commune ?? null;
    await tx.person.update({
      where: { id: personId },
      data: { role: invite.role, canReport: invite.canReport, cooperativeId: invite.cooperativeId, province, commune },
    });
    await writeAudit(tx, { actorId: personId, action: 'invite.redeemed', subject: `invite:${invite.id}`, details: { role: invite.role } });
    return { ok: true, role: invite.role, cooperativeName: coop?.name ?? null, province, commune } as const;
  });
}
