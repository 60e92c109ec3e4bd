import type { Db } from '../../db/database.js';

/** What an answer to an invitation repeats of it: its title, kind, state, time and place (null: no such announcement). */
export async function findAnnouncementEvent(db: Db, o: { announcementId: number }) {
  return db.announcement.findUnique({ where: { id: o.announcementId }, select: { title: true, kind: true, status: true, startsAt: true, place: true } });
}
