import type { Db } from '../../db/database.js';

/**
 * Records that an announcement's attendees were reminded (at `at`). Only the first call marks it
 * (true); whoever comes later finds it marked.
 */
export async function markAttendeesReminded(db: Db, o: { announcementId: number; at: Date }): Promise<boolean> {
  const marked = await db.announcement.updateMany({ where: { id: o.announcementId, attendeeReminderAt: null }, data: { attendeeReminderAt: o.at } });
  return marked.count > 0;
}
