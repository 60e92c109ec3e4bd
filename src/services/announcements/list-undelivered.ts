import type { Db } from '../../db/database.js';

export interface UndeliveredCopy {
  name: string | null;
  cooperative: string | null;
  commune: string | null;
  channel: string | null;
  status: string;
  reason: string | null;
}

/** The copies of an announcement that did not reach their person, for the officer's download. */
export async function listUndelivered(db: Db, announcementId: number): Promise<UndeliveredCopy[]> {
  const rows = await db.outboxMessage.findMany({
    where: { announcementId, status: { in: ['undeliverable', 'failed'] } },
    orderBy: { id: 'asc' },
    select: { status: true, channel: true, lastError: true, person: { select: { name: true, cooperative: { select: { name: true, commune: true } } } } },
  });
  return rows.map((r) => ({
    name: r.person.name,
    cooperative: r.person.cooperative?.name ?? null,
    commune: r.person.cooperative?.commune ?? null,
    channel: r.channel,
    status: r.status,
    reason: r.lastError,
  }));
}
