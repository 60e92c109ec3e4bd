import type { Db } from '../../db/database.js';

/** An announcement by id, or null (whether the reader may see it is the caller's check: canSeeAnnouncement). */
export function findAnnouncement(db: Db, id: number) {
  return db.announcement.findUnique({ where: { id } });
}
