import type { Db } from '../../db/database.js';

/** How many copies of an announcement were queued (in any state). */
export async function countAnnouncementCopies(db: Db, o: { announcementId: number }): Promise<number> {
  return db.outboxMessage.count({ where: { announcementId: o.announcementId } });
}
