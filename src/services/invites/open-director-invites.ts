import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { InviteArea } from './invite-area.js';

/** The active cooperatives of an area (a province, or one commune of it). */
export function areaCooperatives(area: InviteArea): Prisma.CooperativeWhereInput {
  return { status: 'active', province: area.province, ...(area.commune ? { commune: area.commune } : {}) };
}

/** Director invites that can still be redeemed: not revoked, not expired, a use left. */
export function openDirectorInvites(db: Db, now: Date): Prisma.InviteWhereInput {
  return { role: 'director', revokedAt: null, expiresAt: { gt: now }, uses: { lt: db.invite.fields.maxUses } };
}
