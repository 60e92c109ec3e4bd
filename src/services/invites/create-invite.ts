import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { writeAudit } from '../audit/write-audit.js';
import { newInviteCode } from './invite-code.js';

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
  now?: Date;
}

/** Creates an invite that binds whoever redeems it to a role and a cooperative or jurisdiction. */
export async function createInvite(db: Db, o: CreateInviteOptions) {
  if ((o.role === 'director' || o.role === 'member') && !o.cooperativeId) {
    throw new Error(`A ${o.role} invite needs a cooperative`);
  }
  if (o.role === 'officer' && !o.province) throw new Error('An officer invite needs a province (and optionally a commune)');
  const now = o.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (o.validDays ?? 14) * 86_400_000);
  for (let attempt = 0; ; attempt++) {
    try {
      const invite = await db.invite.create({
        data: {
          code: newInviteCode(),
          role: o.role,
          cooperativeId: o.cooperativeId,
          province: o.province,
          commune: o.commune,
          maxUses: o.maxUses ?? 1,
          canReport: o.canReport ?? false,
          expiresAt,
          createdById: o.createdById,
        },
      });
      await writeAudit(db, {
        actorId: o.createdById ?? null,
        action: 'invite.created',
        subject: `invite:${invite.id}`,
        details: { role: o.role, maxUses: invite.maxUses },
      });
      return invite;
    } catch (e) {
      if (attempt >= 3) throw e; // a code collision is rare; try a fresh code
    }
  }
}
