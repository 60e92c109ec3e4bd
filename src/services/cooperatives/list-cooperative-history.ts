import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';

/** An audit line's details (JSON). */
export type HistoryDetails = Prisma.JsonValue;

export interface CooperativeHistoryEntry {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  details: Prisma.JsonValue | null;
}

/** The audit log's entries about a cooperative (`subject: cooperative:<id>`), newest first, with who made each. */
export async function listCooperativeHistory(db: Db, o: { cooperativeId: number; limit?: number }): Promise<CooperativeHistoryEntry[]> {
  const entries = await db.auditLog.findMany({
    where: { subject: `cooperative:${o.cooperativeId}` },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: o.limit ?? 100,
    select: { id: true, at: true, actorId: true, action: true, details: true },
  });
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is number => id !== null))];
  const actors = actorIds.length ? await db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, role: true } }) : [];
  const byId = new Map(actors.map((a) => [a.id, a]));
  return entries.map((e) => {
    const a = e.actorId === null ? undefined : byId.get(e.actorId);
    return { ...e, actorName: a?.name ?? null, actorRole: a?.role ?? null };
  });
}
