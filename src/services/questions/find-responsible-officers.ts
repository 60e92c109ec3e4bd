import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';
import { staffCovering, type QuestionArea } from '../access/jurisdiction.js';

export interface ResponsibleOfficer {
  personId: number;
  /** Their chosen language, else their most recent app's, else Vietnamese. */
  locale: Locale;
}

/**
 * The officers and admins to notify of a question in an area (see access/jurisdiction.ts for the rule),
 * except the asker. Empty when nobody is responsible yet: the question then waits, open, for the
 * first officer who lists the questions of the area.
 */
export async function findResponsibleOfficers(db: Db, area: QuestionArea, exceptPersonId?: number): Promise<ResponsibleOfficer[]> {
  const people = await db.person.findMany({
    where: { AND: [staffCovering(area), ...(exceptPersonId ? [{ id: { not: exceptPersonId } }] : [])] },
    select: {
      id: true,
      ...localeFields,
    },
    orderBy: { id: 'asc' },
  });
  return people.map((p) => ({
    personId: p.id,
    locale: preferredLocale(p),
  }));
}
