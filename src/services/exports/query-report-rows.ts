import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { CooperativeKind, CooperativeStatus, ReportStatus } from '../../generated/prisma/enums.js';
import type { CooperativeRow, ExportCooperative, ExportScope } from './export-types.js';

export type { CooperativeRow } from './export-types.js';

// Exports read every submitted report of an area, often 10,000 and more. These queries are
// written in SQL: Prisma's `id IN (…1,000 values)` and joined selects cost several times as much
// on the embedded database, for the same rows. A page of ids is one array parameter; joined from
// `unnest` so that the planner looks each one up rather than scanning the area.

/** A submitted report's own columns. */
export interface ReportRow {
  id: number;
  cooperativeId: number;
  status: ReportStatus;
  revision: number;
  submittedAt: Date | null;
  formVersion: number | null;
  answers: unknown;
}


/** The area (and sector) of an export as SQL on the cooperative `c`; a commune needs its province. */
function areaSql(s: Pick<ExportScope, 'province' | 'commune' | 'sector'>): Prisma.Sql {
  if (s.commune && !s.province) throw new Error('A commune needs its province');
  const parts: Prisma.Sql[] = [Prisma.sql`true`];
  if (s.province) parts.push(Prisma.sql`c.province = ${s.province}`);
  if (s.province && s.commune) parts.push(Prisma.sql`c.commune = ${s.commune}`);
  if (s.sector) parts.push(Prisma.sql`c.sector = ${s.sector}`);
  return Prisma.join(parts, ' and ');
}

/** The cooperatives of an export's area (and sector), every status. */
export function queryAreaCooperatives(db: Db, s: Pick<ExportScope, 'province' | 'commune' | 'sector'>): Promise<CooperativeRow[]> {
  return db.$queryRaw<CooperativeRow[]>`
    select c.id, c.name, c."registrationCode", c.province, c.commune, c.sector, c.kind::text as kind, c.status::text as status
    from "Cooperative" c
    where ${areaSql(s)}`;
}

/** Id, cooperative and status of every submitted report (`revision > 0`) of the form and period in the area, whatever the status filter. */
export function querySubmittedKeys(db: Db, s: ExportScope): Promise<{ id: number; cooperativeId: number; status: ReportStatus }[]> {
  return db.$queryRaw`
    select r.id, r."cooperativeId", r.status::text as status
    from "Report" r join "Cooperative" c on c.id = r."cooperativeId"
    where r.form = ${s.form.id} and r.period = ${s.period} and r.revision > 0 and ${areaSql(s)}`;
}

/** These reports (any order; a removed one is missing). */
export function queryReportsById(db: Db, ids: readonly number[]): Promise<ReportRow[]> {
  return db.$queryRaw<ReportRow[]>`
    select r.id, r."cooperativeId", r.status::text as status, r.revision, r."submittedAt", r."formVersion", r.answers
    from "Report" r
    where r.id = any(${[...ids]}::int[])`;
}

/** The ids of the submitted reports of the scope (in its statuses), ascending. */
export async function querySubmittedIds(db: Db, s: ExportScope): Promise<number[]> {
  const status = s.status ? Prisma.sql`and r.status::text = any(${[...s.status]}::text[])` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: number }[]>`
    select r.id
    from "Report" r join "Cooperative" c on c.id = r."cooperativeId"
    where r.form = ${s.form.id} and r.period = ${s.period} and r.revision > 0 ${status} and ${areaSql(s)}
    order by r.id`;
  return rows.map((r) => r.id);
}

/** These reports with their cooperatives (any order; a removed one is missing). */
export async function queryReportsWithCooperative(db: Db, ids: readonly number[]): Promise<(ReportRow & { cooperative: ExportCooperative })[]> {
  const rows = await db.$queryRaw<(ReportRow & { c_name: string; c_registrationCode: string | null; c_province: string; c_commune: string | null; c_sector: string })[]>`
    select r.id, r."cooperativeId", r.status::text as status, r.revision, r."submittedAt", r."formVersion", r.answers,
      c.name as c_name, c."registrationCode" as "c_registrationCode", c.province as c_province, c.commune as c_commune, c.sector as c_sector
    from unnest(${[...ids]}::int[]) as u(id)
      join "Report" r on r.id = u.id
      join "Cooperative" c on c.id = r."cooperativeId"`;
  return rows.map(({ c_name, c_registrationCode, c_province, c_commune, c_sector, ...r }) => ({
    ...r,
    cooperative: { id: r.cooperativeId, name: c_name, registrationCode: c_registrationCode, province: c_province, commune: c_commune, sector: c_sector },
  }));
}
