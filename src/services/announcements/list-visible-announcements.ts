import type { Db } from '../../db/database.js';
import { announcementsVisibleTo, type AnnouncementViewer } from '../access/announcement-access.js';

/** An announcement as the officers' listings show it (chat and dashboard). */
export interface ListedAnnouncement {
  id: number;
  kind: string;
  title: string;
  status: string;
  createdAt: Date;
  sendAt: Date | null;
}

/**
 * The announcements sent (or being sent, or scheduled) that an officer may see, newest first: the
 * database picks them by the officer's jurisdiction (announcementsVisibleTo), so old announcements
 * of a quiet commune are listed however many others the province sent since.
 */
export async function listVisibleAnnouncements(db: Db, o: { officer: AnnouncementViewer; limit: number }): Promise<ListedAnnouncement[]> {
  return db.announcement.findMany({
    where: { AND: [{ status: { in: ['scheduled', 'sending', 'done'] } }, announcementsVisibleTo(o.officer)] },
    orderBy: { id: 'desc' },
    take: o.limit,
    select: { id: true, kind: true, title: true, status: true, createdAt: true, sendAt: true },
  });
}
