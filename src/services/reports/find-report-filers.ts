import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';

export interface ReportFiler {
  personId: number;
  name: string | null;
  locale: Locale;
  role: string;
}

/** Who fills in a cooperative's reports: its directors and the members they delegated. */
export async function findReportFilers(db: Db, cooperativeId: number): Promise<ReportFiler[]> {
  const people = await db.person.findMany({
    where: { cooperativeId, OR: [{ role: 'director' }, { role: 'member', canReport: true }] },
    select: {
      id: true,
      name: true,
      role: true,
      ...localeFields,
    },
    orderBy: { id: 'asc' },
  });
  return people.map((p) => ({
    personId: p.id,
    name: p.name,
    role: p.role,
    locale: preferredLocale(p),
  }));
}
