import type { Db } from '../../db/database.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { cooperativesIn } from '../access/report-access.js';

export interface AreaDirectors {
  cooperativeId: number;
  name: string;
  commune: string | null;
  /** The cooperative's directors on record: with an account (joined), or pending (imported, not joined yet). */
  directors: { personId: number; name: string | null; joined: boolean; lastActiveAt: Date | null }[];
  /** Open director invites of the cooperative (not revoked, not expired, not used up). */
  openInvites: number;
}

export interface AreaDirectorsSummary {
  cooperatives: AreaDirectors[];
  /** Every active cooperative of the area (may exceed the ones returned). */
  total: number;
  /** Cooperatives of the area with at least one director who has joined (has an account). */
  joined: number;
}

/**
 * Who has joined, for inviting the rest: the active cooperatives of an area (access/report-access.ts
 * cooperativesIn), the ones without a director who has joined first, each with its directors
 * (joined = has a channel account) and its open director invites.
 */
export async function listAreaDirectors(db: Db, o: { area: Jurisdiction; now: Date; limit: number }): Promise<AreaDirectorsSummary> {
  const where = { status: 'active' as const, ...cooperativesIn(o.area) };
  const hasJoined = { people: { some: { role: 'director' as const, accounts: { some: {} } } } };
  const joinedWhere = { ...where, ...hasJoined };
  const [total, joined] = await Promise.all([db.cooperative.count({ where }), db.cooperative.count({ where: joinedWhere })]);
  const select = {
    id: true,
    name: true,
    commune: true,
    people: {
      where: { role: 'director' as const },
      orderBy: { id: 'asc' as const },
      select: { id: true, name: true, accounts: { select: { lastInboundAt: true } } },
    },
    invites: {
      where: { role: 'director' as const, revokedAt: null, expiresAt: { gt: o.now } },
      select: { uses: true, maxUses: true },
    },
  };
  const order = [{ commune: 'asc' as const }, { name: 'asc' as const }, { id: 'asc' as const }];
  const notJoined = await db.cooperative.findMany({ where: { ...where, NOT: hasJoined }, orderBy: order, take: o.limit, select });
  const rest =
    o.limit - notJoined.length > 0 ? await db.cooperative.findMany({ where: joinedWhere, orderBy: order, take: o.limit - notJoined.length, select }) : [];
  return {
    total,
    joined,
    cooperatives: [...notJoined, ...rest].map((c) => ({
      cooperativeId: c.id,
      name: c.name,
      commune: c.commune,
      directors: c.people.map((p) => ({
        personId: p.id,
        name: p.name,
        joined: p.accounts.length > 0,
        lastActiveAt: p.accounts.reduce<Date | null>((last, a) => (a.lastInboundAt && (!last || a.lastInboundAt > last) ? a.lastInboundAt : last), null),
      })),
      openInvites: c.invites.filter((i) => i.uses < i.maxUses).length,
    })),
  };
}
