import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { writeAudit } from '../audit/write-audit.js';
import { INVITE_CODE_LENGTH, newInviteCode } from './invite-code.js';

export interface CreateInviteOptions {
  role: Role;
  /** Directors and members are bound to a cooperative. */
  cooperativeId?: number;
  /** Officers are bound to a province, or one commune of it. */
  province?: string;
  commune?: string;
  maxUses?: number;
  /** A member invite from a director: the invitee may also fill in the cooperative's reports. */
  canReport?: boolean;
  validDays?: number;
  createdById?: number;
  /**
   * A person already on record (imported from the register, no chat account yet): whoever redeems
   * the invite becomes this person. Such an invite has one use, and the person's role and cooperative.
   */
  personId?: number;
  now?: Date;
}

/** Creates an invite that binds whoever redeems it to a role and a cooperative or jurisdiction. */
export async function createInvite(db: Db, o: CreateInviteOptions) {
  if ((o.role === 'director' || o.role === 'member') && !o.cooperativeId) {
    throw new Error(`A ${o.role} invite needs a cooperative`);
  }
  if (o.role === 'officer' && !o.province) throw new Error('An officer invite needs a province (and optionally a commune)');
  if (o.personId !== undefined) {
    const person = await db.person.findUnique({ where: { id: o.personId }, select: { role: true, cooperativeId: true } });
    if (!person) throw new Error(`No person #${o.personId}`);
    if (person.role !== o.role || person.cooperativeId !== (o.cooperativeId ?? null)) {
      throw new Error(`Person #${o.personId} is not a ${o.role} of cooperative #${o.cooperativeId ?? '-'}`);
    }
    if ((o.maxUses ?? 1) !== 1) throw new Error('An invite for one person has one use');
  }
  const now = o.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (o.validDays ?? 14) * 86_400_000);
  for (let attempt = 0; ; attempt++) {
    try {
      const invite = await db.invite.create({
        data: {
          code: newInviteCode(INVITE_CODE_LENGTH),
          role: o.role,
          cooperativeId: o.cooperativeId,
          province: o.province,
          commune: o.commune,
          maxUses: o.maxUses ?? 1,
          canReport: o.canReport ?? false,
          expiresAt,
          createdById: o.createdById,
          personId: o.personId,
        },
      });
      await writeAudit(db, {
        actorId: o.createdById ?? null,
        action: 'invite.created',
        subject: `invite:${invite.id}`,
        details: { role: o.role, maxUses: invite.maxUses, ...(o.personId !== undefined ? { personId: o.personId } : {}) },
      });
      return invite;
    } catch (e) {
      if (attempt >= 3) throw e; // a code collision is rare; try a fresh code
    }
  }
}
