import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from './preferred-locale.js';

/** The language to write to a person in (see preferredLocale), or null when there is no such person. */
export async function findPreferredLocale(db: Db, o: { personId: number }): Promise<Locale | null> {
  const person = await db.person.findUnique({ where: { id: o.personId }, select: localeFields });
  return person ? preferredLocale(person) : null;
}
