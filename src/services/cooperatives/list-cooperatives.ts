import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { CooperativeKind, CooperativeStatus } from '../../generated/prisma/enums.js';
import { cooperativesInSql } from '../access/directory-access.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { foldedMatch, searchWords } from './folded-search.js';

export interface CooperativeListQuery {
  /** The officer's jurisdiction: only its cooperatives are listed. */
  jurisdiction: Jurisdiction;
  /** Words of the name or registration code, with or without diacritics. */
  search?: string;
  /** One commune (exact, as stored). */
  commune?: string;
  status?: CooperativeStatus;
  kind?: CooperativeKind;
  /** From 1. */
  page: number;
  pageSize: number;
}

export interface CooperativeListRow {
  id: number;
  name: string;
  registrationCode: string | null;
  province: string;
  commune: string | null;
  sector: string;
  kind: CooperativeKind;
  status: CooperativeStatus;
  /** Directors and members who have joined (have a chat account), and those imported who have not yet. */
  joined: number;
  pending: number;
}

/**
 * One page of the cooperatives of an officer's jurisdiction, by commune then name, narrowed by a
 * search (name or registration code, typed with or without diacritics), a commune, a status and a
 * kind; with the number matching.
 */
export async function listCooperatives(db: Db, q: CooperativeListQuery): Promise<{ rows: CooperativeListRow[]; total: number }> {
  const where = Prisma.join(
    [
      cooperativesInSql(q.jurisdiction),
      q.commune ? Prisma.sql`c.commune = ${q.commune}` : Prisma.sql`true`,
      q.status ? Prisma.sql`c.status::text = ${q.status}` : Prisma.sql`true`,
      q.kind ? Prisma.sql`c.kind::text = ${q.kind}` : Prisma.sql`true`,
      foldedMatch([Prisma.sql`c.name`, Prisma.sql`c."registrationCode"`], searchWords(q.search)),
    ],
    ' and ',
  );
  const page = Math.max(1, q.page);
  const [ids, counted] = await Promise.all([
    db.$queryRaw<{ id: number }[]>`
      select c.id from "Cooperative" c where ${where}
      order by c.commune asc nulls last, c.name asc, c.id asc
      limit ${q.pageSize} offset ${(page - 1) * q.pageSize}`,
    db.$queryRaw<{ n: number }[]>`select count(*)::int as n from "Cooperative" c where ${where}`,
  ]);
  if (!ids.length) return { rows: [], total: counted[0]?.n ?? 0 };
  const found = await db.cooperative.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: {
      id: true,
      name: true,
      registrationCode: true,
      province: true,
      commune: true,
      sector: true,
      kind: true,
      status: true,
      people: { where: { role: { in: ['director', 'member'] } }, select: { _count: { select: { accounts: true } } } },
    },
  });
  const byId = new Map(found.map((c) => [c.id, c]));
  const rows = ids.flatMap(({ id }) => {
    const c = byId.get(id);
    if (!c) return [];
    const { people, ...fields } = c;
    const joined = people.filter((p) => p._count.accounts > 0).length;
    return [{ ...fields, joined, pending: people.length - joined }];
  });
  return { rows, total: counted[0]?.n ?? 0 };
}
