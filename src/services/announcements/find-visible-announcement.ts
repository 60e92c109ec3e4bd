import type { Db } from '../../db/database.js';
import { announcementsVisibleTo, type AnnouncementViewer } from '../access/announcement-access.js';

/** One announcement an officer may see (announcementsVisibleTo), or null: none such, or not theirs to see. */
export async function findVisibleAnnouncement(db: Db, o: { officer: AnnouncementViewer; announcementId: number }) {
  return db.announcement.findFirst({
    where: { AND: [{ id: o.announcementId }, announcementsVisibleTo(o.officer)] },
    select: { id: true, title: true, kind: true, status: true },
  });
}
