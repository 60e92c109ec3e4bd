import type { Db } from '../../db/database.js';
import { createInvite } from './create-invite.js';
import type { InviteArea } from './invite-area.js';
import { areaCooperatives, openDirectorInvites } from './open-director-invites.js';

/** How long an invite printed on a sheet stays valid by default: sheets are handed out at meetings over weeks. */
export const SHEET_INVITE_DAYS = 60;

export interface CreateAreaInvitesOptions {
  area: InviteArea;
  /** Days the new invites stay valid (default SHEET_INVITE_DAYS). */
  validDays?: number;
  createdById?: number;
  now?: Date;
}

export interface AreaInvitesResult {
  created: number;
  /** Directors (or cooperatives without a director on record) that already had an open invite. */
  alreadyInvited: number;
  /** Cooperatives of the area whose every director on record has joined (no invite needed). */
  joined: number;
}

/**
 * One director invite for each director of the area's active cooperatives who has no chat account
 * yet (a pending person from the register: the invite is made for that person), and one for each
 * cooperative with no director on record. Those with an open director invite already are skipped,
 * so running it again creates nothing new. Each invite is audited (`invite.created`).
 */
export async function createAreaInvites(db: Db, o: CreateAreaInvitesOptions): Promise<AreaInvitesResult> {
  const now = o.now ?? new Date();
  const cooperatives = await db.cooperative.findMany({
    where: areaCooperatives(o.area),
    select: { id: true, people: { where: { role: 'director' }, select: { id: true, _count: { select: { accounts: true } } }, orderBy: { id: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  const open = await db.invite.findMany({
    where: { ...openDirectorInvites(db, now), cooperativeId: { in: cooperatives.map((c) => c.id) } },
    select: { cooperativeId: true, personId: true },
  });
  const openForPerson = new Set(open.map((i) => i.personId).filter((id) => id !== null));
  const openForCoop = new Set(open.map((i) => i.cooperativeId));
  const result: AreaInvitesResult = { created: 0, alreadyInvited: 0, joined: 0 };
  const make = (cooperativeId: number, personId?: number) =>
    createInvite(db, { role: 'director', cooperativeId, personId, validDays: o.validDays ?? SHEET_INVITE_DAYS, createdById: o.createdById, now });
  for (const coop of cooperatives) {
    if (coop.people.length === 0) {
      if (openForCoop.has(coop.id)) result.alreadyInvited++;
      else {
        await make(coop.id);
        result.created++;
      }
      continue;
    }
    const pending = coop.people.filter((p) => p._count.accounts === 0);
    if (pending.length === 0) result.joined++;
    for (const person of pending) {
      if (openForPerson.has(person.id)) result.alreadyInvited++;
      else {
        await make(coop.id, person.id);
        result.created++;
      }
    }
  }
  return result;
}
