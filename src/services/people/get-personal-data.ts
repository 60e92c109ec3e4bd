import type { Db } from '../../db/database.js';

/** Everything we hold about a person, as shown by the "my data" command. */
export async function getPersonalData(db: Db, personId: number) {
  return db.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      name: true,
      phone: true,
      role: true,
      locale: true,
      province: true,
      commune: true,
      privacyConsentAt: true,
      createdAt: true,
      cooperative: { select: { name: true } },
      accounts: { select: { channel: true, displayName: true, optedOut: true, lastInboundAt: true, createdAt: true } },
    },
  });
}
