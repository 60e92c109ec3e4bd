import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import { peopleVisibleTo, type DirectoryActor } from '../access/directory-access.js';
import { foldedMatch, searchWords } from '../cooperatives/folded-search.js';

/** `joined`: has a chat account; `pending`: on record (imported from a register), no account yet. */
export type PeopleState = 'joined' | 'pending';
export const LISTED_ROLES: readonly Role[] = ['director', 'member', 'officer', 'admin'];

export interface PeopleQuery {
  actor: DirectoryActor;
  state: PeopleState;
  /** Words of the name or of the cooperative's name (with or without diacritics), or digits of the phone. */
  search?: string;
  role?: Role;
  page: number;
  pageSize: number;
}

export interface PersonRow {
  id: number;
  name: string | null;
  role: Role;
  phone: string | null;
  cooperative: { id: number; name: string; commune: string | null } | null;
  /** An officer's jurisdiction. */
  province: string | null;
  commune: string | null;
  channels: string[];
  lastActiveAt: Date | null;
  joinedAt: Date;
}

/**
 * One page of the people an officer may see (peopleVisibleTo): those who have joined (a chat
 * account: their channels and when they last wrote) or those pending (imported, no account yet),
 * directors, members and officers (not guests), by cooperative then name; with the number matching.
 */
export async function listPeople(db: Db, q: PeopleQuery): Promise<{ rows: PersonRow[]; total: number }> {
  const words = searchWords(q.search);
  const digits = q.search?.replace(/\D/g, '') ?? '';
  let matchIds: number[] | undefined;
  if (words.length) {
    // Names folded in SQL (translate), narrowed below by Prisma's filters: the officer's area, state and role.
    const byText = foldedMatch([Prisma.sql`p.name`, Prisma.sql`c.name`], words);
    const byPhone = digits.length >= 4 ? Prisma.sql`or regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g') like ${`%${digits.slice(-9)}%`}` : Prisma.empty;
    // A superset of the officer's area (their province), so that the list of ids stays that of one province at most.
    const province = q.actor.province ? Prisma.sql`and (c.province = ${q.actor.province} or p.province = ${q.actor.province})` : Prisma.empty;
    const rows = await db.$queryRaw<{ id: number }[]>`
      select p.id from "Person" p left join "Cooperative" c on c.id = p."cooperativeId"
      where p.role::text <> 'guest' ${province} and (${byText} ${byPhone})`;
    matchIds = rows.map((r) => r.id);
  }
  const where: Prisma.PersonWhereInput = {
    AND: [
      peopleVisibleTo(q.actor),
      { role: q.role ? q.role : { in: [...LISTED_ROLES] } },
      q.state === 'joined' ? { accounts: { some: {} } } : { accounts: { none: {} } },
      ...(matchIds ? [{ id: { in: matchIds } }] : []),
    ],
  };
  const page = Math.max(1, q.page);
  const [found, total] = await Promise.all([
    db.person.findMany({
      where,
      orderBy: [{ cooperative: { name: 'asc' } }, { name: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * q.pageSize,
      take: q.pageSize,
      select: {
        id: true,
        name: true,
        role: true,
        phone: true,
        province: true,
        commune: true,
        createdAt: true,
        cooperative: { select: { id: true, name: true, commune: true } },
        accounts: { select: { channel: true, lastInboundAt: true } },
      },
    }),
    db.person.count({ where }),
  ]);
  const rows = found.map(({ accounts, createdAt, ...p }) => ({
    ...p,
    joinedAt: createdAt,
    channels: [...new Set(accounts.map((a) => a.channel))].sort(),
    lastActiveAt: accounts.reduce<Date | null>((latest, a) => (a.lastInboundAt && (!latest || a.lastInboundAt > latest) ? a.lastInboundAt : latest), null),
  }));
  return { rows, total };
}
