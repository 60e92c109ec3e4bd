import type { Db } from '../../db/database.js';
import type { InviteArea } from './invite-area.js';
import { areaCooperatives, openDirectorInvites } from './open-director-invites.js';

/** One printed invitation: a cooperative's open director invite. */
export interface InviteCard {
  inviteId: number;
  code: string;
  expiresAt: Date;
  cooperativeId: number;
  cooperativeName: string;
  province: string;
  commune: string | null;
  /** The director on record the invite was made for (null: the cooperative has none on record). */
  personId: number | null;
  directorName: string | null;
  directorPhone: string | null;
}

/**
 * The open director invites of the area's active cooperatives, one card each, by commune and
 * cooperative name: those made for a director who joined meanwhile (on another invite) are left out.
 */
export async function listInviteCards(db: Db, o: { area: InviteArea; now?: Date }): Promise<InviteCard[]> {
  const now = o.now ?? new Date();
  const invites = await db.invite.findMany({
    where: {
      ...openDirectorInvites(db, now),
      cooperative: areaCooperatives(o.area),
      OR: [{ personId: null }, { person: { accounts: { none: {} } } }],
    },
    select: {
      id: true,
      code: true,
      expiresAt: true,
      personId: true,
      person: { select: { name: true, phone: true } },
      cooperative: { select: { id: true, name: true, province: true, commune: true } },
    },
  });
  return invites
    .map((i) => ({
      inviteId: i.id,
      code: i.code,
      expiresAt: i.expiresAt,
      cooperativeId: i.cooperative!.id,
      cooperativeName: i.cooperative!.name,
      province: i.cooperative!.province,
      commune: i.cooperative!.commune,
      personId: i.personId,
      directorName: i.person?.name ?? null,
      directorPhone: i.person?.phone ?? null,
    }))
    .sort(
      (a, b) => (a.commune ?? '').localeCompare(b.commune ?? '', 'vi') || a.cooperativeName.localeCompare(b.cooperativeName, 'vi') || a.inviteId - b.inviteId,
    );
}
