import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';

export interface AuditQuery {
  /** Only actions starting with this (`api.`, `export`). */
  actionPrefix?: string;
  /** Only what this person did. */
  personId?: number;
  /** Only entries at or after this instant. */
  since?: Date;
  /** At most this many entries, newest first (default 50). */
  limit?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  subject: string | null;
  /** The area read (`Xã An Bình, Tỉnh Demo`), `whole country`, or null when the entry has none. */
  scope: string | null;
  /** The rows an export or API pull returned, when it says. */
  rows: number | null;
  details: Prisma.JsonValue | null;
}

export const DEFAULT_AUDIT_LIMIT = 50;

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The area an entry's details name: `details.scope` ({ province, commune }) or `details.province` / `details.commune`. */
export function auditScope(details: Prisma.JsonValue | null): string | null {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return null;
  const d = details as Record<string, unknown>;
  const s =
    d.scope && typeof d.scope === 'object' && !Array.isArray(d.scope) ? (d.scope as Record<string, unknown>) : 'province' in d || 'commune' in d ? d : null;
  if (!s) return null;
  const parts = [text(s.commune), text(s.province)].filter(Boolean);
  return parts.length ? parts.join(', ') : 'whole country';
}

function auditRows(details: Prisma.JsonValue | null): number | null {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return null;
  const rows = (details as Record<string, unknown>).rows;
  return typeof rows === 'number' ? rows : null;
}

/**
 * The audit log, newest first: who (person, name, role), when, what action on what subject, and
 * for exports and API pulls the area read and the rows returned.
 */
export async function listAudit(db: Db, q: AuditQuery = {}): Promise<AuditRow[]> {
  const entries = await db.auditLog.findMany({
    where: {
      ...(q.actionPrefix ? { action: { startsWith: q.actionPrefix } } : {}),
      ...(q.personId !== undefined ? { actorId: q.personId } : {}),
      ...(q.since ? { at: { gte: q.since } } : {}),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: q.limit ?? DEFAULT_AUDIT_LIMIT,
  });
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id): id is number => id !== null))];
  const people = actorIds.length ? await db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, role: true } }) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return entries.map((e) => {
    const actor = e.actorId === null ? undefined : byId.get(e.actorId);
    return {
      id: e.id,
      at: e.at,
      actorId: e.actorId,
      actorName: actor?.name ?? null,
      actorRole: actor?.role ?? null,
      action: e.action,
      subject: e.subject,
      scope: auditScope(e.details),
      rows: auditRows(e.details),
      details: e.details,
    };
  });
}
