import type { Prisma } from '../../generated/prisma/client.js';
import { isStaff } from './jurisdiction.js';

/** An officer (or admin) as far as seeing announcements goes. */
export interface AnnouncementViewer {
  personId: number;
  role: string;
  province: string | null;
  commune: string | null;
}

/**
 * Whether an officer may see an announcement and its results: one they created, or one whose area
 * lies within their jurisdiction (no province: everything; a province: its announcements; a
 * commune: those sent to that commune only). Admins see everything. The same rule as
 * announcementsVisibleTo, for one announcement already read.
 */
export function canSeeAnnouncement(who: AnnouncementViewer, a: { createdById: number | null; province: string | null; communes: readonly string[] }): boolean {
  if (!isStaff(who.role)) return false;
  if (a.createdById === who.personId || who.role === 'admin' || !who.province) return true;
  if (a.province !== who.province) return false;
  if (!who.commune) return true;
  return a.communes.length === 1 && a.communes[0] === who.commune;
}

/**
 * The announcements an officer may see, as a Prisma filter (the same rule as canSeeAnnouncement),
 * so that listings ask the database for them rather than filtering the newest few in memory.
 */
export function announcementsVisibleTo(who: AnnouncementViewer): Prisma.AnnouncementWhereInput {
  if (!isStaff(who.role)) return { id: { in: [] } };
  if (who.role === 'admin' || !who.province) return {};
  const inArea: Prisma.AnnouncementWhereInput = who.commune ? { province: who.province, communes: { equals: [who.commune] } } : { province: who.province };
  return { OR: [{ createdById: who.personId }, inArea] };
}
