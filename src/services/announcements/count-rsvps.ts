import type { Db } from '../../db/database.js';

export interface RsvpCounts {
  attending: number;
  declined: number;
}

/** How many recipients said they will attend, and how many said they will not. */
export async function countRsvps(db: Db, announcementId: number): Promise<RsvpCounts> {
  const groups = await db.rsvp.groupBy({ by: ['attending'], where: { announcementId }, _count: { _all: true } });
  const count = (attending: boolean) => groups.find((g) => g.attending === attending)?._count._all ?? 0;
  return { attending: count(true), declined: count(false) };
}
