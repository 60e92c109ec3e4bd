import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';

/** Who said they will attend an announcement's event, except those who asked for no announcements, with their language. */
export async function listAttendingPeople(db: Db, o: { announcementId: number }): Promise<{ personId: number; locale: Locale }[]> {
  const rows = await db.rsvp.findMany({
    where: { announcementId: o.announcementId, attending: true, person: { announcementsOffAt: null } },
    select: { personId: true, person: { select: localeFields } },
    orderBy: { personId: 'asc' },
  });
  return rows.map((r) => ({ personId: r.personId, locale: preferredLocale(r.person) }));
}
