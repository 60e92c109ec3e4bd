import type { Db } from '../../db/database.js';
import { cleanLine } from '../../lib/vietnamese-text.js';

export interface PersonChanges {
  name?: string;
  phone?: string | null;
  locale?: 'vi' | 'en';
  privacyConsentAt?: Date | null;
}

/** Changes a person's own details. A phone number is refused unless privacy consent is recorded. */
export async function updatePerson(db: Db, personId: number, changes: PersonChanges): Promise<void> {
  if (changes.phone) {
    const person = await db.person.findUniqueOrThrow({ where: { id: personId }, select: { privacyConsentAt: true } });
    if (!person.privacyConsentAt && !changes.privacyConsentAt) {
      throw new Error('A phone number may only be stored after the person accepted the privacy notice');
    }
  }
  await db.person.update({ where: { id: personId }, data: { ...changes, ...(changes.name !== undefined ? { name: cleanLine(changes.name) } : {}) } });
}
