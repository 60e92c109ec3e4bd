import type { Announcement } from '../../generated/prisma/client.js';
import { isStaff } from '../questions/question-area.js';

/**
 * Whether an officer may see an announcement and its results: one they created, or one whose area
 * lies within their jurisdiction (no province: everything; a province: its announcements; a
 * commune: those sent to that commune only). Admins see everything.
 */
export function canSeeAnnouncement(
  who: { personId: number; role: string; province: string | null; commune: string | null },
  a: Pick<Announcement, 'createdById' | 'province' | 'communes'>,
): boolean {
  if (!isStaff(who.role)) return false;
  if (a.createdById === who.personId || who.role === 'admin' || !who.province) return true;
  if (a.province !== who.province) return false;
  if (!who.commune) return true;
  return a.communes.length > 0 && a.communes.every((c) => c === who.commune);
}
