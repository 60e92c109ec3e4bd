import type { Db } from '../../db/database.js';
import { RSVP_KINDS } from './record-rsvp.js';

/**
 * The trainings and fairs sent (or being sent) that start between `from` and `to` and whose
 * attendees have not been reminded yet (see markAttendeesReminded), oldest first.
 */
export async function listEventsToRemind(db: Db, o: { from: Date; to: Date }): Promise<{ id: number; title: string; startsAt: Date; place: string | null }[]> {
  const rows = await db.announcement.findMany({
    where: {
      status: { in: ['sending', 'done'] },
      kind: { in: [...RSVP_KINDS] },
      startsAt: { gte: o.from, lte: o.to },
      attendeeReminderAt: null,
    },
    select: { id: true, title: true, startsAt: true, place: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((a) => ({ ...a, startsAt: a.startsAt! }));
}
