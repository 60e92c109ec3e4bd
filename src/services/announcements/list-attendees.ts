import type { Db } from '../../db/database.js';

export interface Attendee {
  /** The person's name, else the name their app shows. */
  name: string | null;
  cooperative: string | null;
  /** The cooperative's commune (else the person's own). */
  commune: string | null;
  /** Only for people who accepted the privacy notice. */
  phone: string | null;
  answeredAt: Date;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** Text order (Vietnamese), empty values last. */
const byText = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b));

/** Who said they will attend, by commune, cooperative and name. */
export async function listAttendees(db: Db, announcementId: number): Promise<Attendee[]> {
  const rsvps = await db.rsvp.findMany({
    where: { announcementId, attending: true },
    select: {
      answeredAt: true,
      person: {
        select: {
          id: true,
          name: true,
          phone: true,
          privacyConsentAt: true,
          commune: true,
          cooperative: { select: { name: true, commune: true } },
          accounts: {
            select: { displayName: true },
            where: { displayName: { not: null } },
            orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
            take: 1,
          },
        },
      },
    },
  });
  const rows = rsvps.map(({ answeredAt, person: p }) => ({
    id: p.id,
    row: {
      name: p.name ?? p.accounts[0]?.displayName ?? null,
      cooperative: p.cooperative?.name ?? null,
      commune: p.cooperative?.commune ?? p.commune ?? null,
      phone: p.privacyConsentAt ? p.phone : null,
      answeredAt,
    } satisfies Attendee,
  }));
  rows.sort((x, y) => byText(x.row.commune, y.row.commune) || byText(x.row.cooperative, y.row.cooperative) || byText(x.row.name, y.row.name) || x.id - y.id);
  return rows.map((r) => r.row);
}
