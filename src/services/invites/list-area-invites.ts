import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { invitesIn } from '../access/invite-access.js';
import { inviteState, type InviteState } from './invite-state.js';

export interface AreaInvite {
  id: number;
  code: string;
  role: Role;
  cooperative: { id: number; name: string; commune: string | null } | null;
  /** An officer invite's area (a cooperative invite: the cooperative's). */
  province: string | null;
  commune: string | null;
  uses: number;
  maxUses: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  state: InviteState;
  /** Who joined with it and when (the audit log's `invite.redeemed` lines), oldest first. */
  joined: { personId: number | null; name: string | null; at: Date }[];
}

/**
 * The invites of an area (a jurisdiction or a narrower area within it: access/invite-access.ts),
 * newest first, with their state at `now` and the people who joined with each (`inviteId`: that one only).
 */
export async function listAreaInvites(
  db: Db,
  o: { area: Jurisdiction; now: Date; limit: number; inviteId?: number },
): Promise<{ invites: AreaInvite[]; total: number }> {
  const where = o.inviteId === undefined ? invitesIn(o.area) : { AND: [{ id: o.inviteId }, invitesIn(o.area)] };
  const [rows, total] = await Promise.all([
    db.invite.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: o.limit,
      include: { cooperative: { select: { id: true, name: true, province: true, commune: true } } },
    }),
    db.invite.count({ where }),
  ]);
  const redeemed = rows.length
    ? await db.auditLog.findMany({
        where: { action: 'invite.redeemed', subject: { in: rows.map((r) => `invite:${r.id}`) } },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        select: { actorId: true, subject: true, at: true },
      })
    : [];
  const personIds = [...new Set(redeemed.flatMap((r) => (r.actorId === null ? [] : [r.actorId])))];
  const names = new Map(
    personIds.length
      ? (await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } })).map((p) => [p.id, p.name] as const)
      : [],
  );
  return {
    total,
    invites: rows.map((r) => ({
      id: r.id,
      code: r.code,
      role: r.role,
      cooperative: r.cooperative ? { id: r.cooperative.id, name: r.cooperative.name, commune: r.cooperative.commune } : null,
      province: r.province ?? r.cooperative?.province ?? null,
      commune: r.commune ?? r.cooperative?.commune ?? null,
      uses: r.uses,
      maxUses: r.maxUses,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
      state: inviteState(r, o.now),
      joined: redeemed
        .filter((a) => a.subject === `invite:${r.id}`)
        .map((a) => ({ personId: a.actorId, name: a.actorId === null ? null : (names.get(a.actorId) ?? null), at: a.at })),
    })),
  };
}
