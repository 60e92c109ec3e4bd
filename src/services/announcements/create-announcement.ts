import type { Db } from '../../db/database.js';
import type { Announcement, Role } from '../../generated/prisma/client.js';
import { isStaff } from '../access/jurisdiction.js';
import type { AnnouncementInput } from './announcement-input.js';
import { countReach, type Reach } from './count-reach.js';
import { storeAnnouncement } from './store-announcement.js';
import type { ZnsRoute } from './zns-template.js';
import { areaCooperativesById, findAudience, listAreaCommunes, type AudienceSpec } from './find-audience.js';
import { listQualifyingCooperatives, supportChoices } from '../eligibility/qualifying-cooperatives.js';

/** Who creates it: an officer or admin and their jurisdiction (province null: the whole country). */
export interface AnnouncingOfficer {
  personId: number;
  role: Role;
  province: string | null;
  commune: string | null;
}

/**
 * Why an announcement was refused: `invalid` (the input does not make sense for this officer),
 * `outside_jurisdiction` (communes or cooperatives outside their area, or not an officer),
 * `empty_audience` (nobody it could reach).
 */
export type CreateAnnouncementErrorCode = 'invalid' | 'outside_jurisdiction' | 'empty_audience';

export class CreateAnnouncementError extends Error {
  constructor(
    readonly code: CreateAnnouncementErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CreateAnnouncementError';
  }
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

/**
 * The area an officer's announcement goes to. A province officer: their province, narrowed to
 * communes that have cooperatives in it; a commune officer: their commune only; an officer or
 * admin without a province: the whole country (communes need a province, so none may be named).
 */
export async function announcementArea(
  db: Db,
  officer: AnnouncingOfficer,
  communes: readonly string[],
): Promise<{ province: string | null; communes: string[] }> {
  const asked = unique(communes);
  if (!officer.province) {
    if (asked.length) {
      throw new CreateAnnouncementError(
        'invalid',
        'communes can only be chosen within a province: an officer without one announces to the whole country (leave communes out)',
        {
          communes: asked,
        },
      );
    }
    return { province: null, communes: [] };
  }
  if (officer.commune) {
    const others = asked.filter((c) => c !== officer.commune);
    if (others.length) {
      throw new CreateAnnouncementError('outside_jurisdiction', `outside your commune (${officer.commune}, ${officer.province}): ${others.join(', ')}`, {
        communes: others,
      });
    }
    return { province: officer.province, communes: [officer.commune] };
  }
  if (asked.length) {
    const known = new Set(await listAreaCommunes(db, officer.province));
    const outside = asked.filter((c) => !known.has(c));
    if (outside.length) {
      throw new CreateAnnouncementError('outside_jurisdiction', `not communes of ${officer.province} with active cooperatives: ${outside.join(', ')}`, {
        communes: outside,
      });
    }
  }
  return { province: officer.province, communes: asked };
}

/**
 * Creates an announcement from validated input (announcement-input.ts) for an officer, within
 * their jurisdiction: status `scheduled`, to be queued at once by the caller when it has no
 * `sendAt` (or by the periodic job at `sendAt`). Refuses an announcement nobody can receive.
 * `eligibleFor`: the cooperatives of the area (and sectors) that qualify for that support now.
 * Returns the row and who it reaches now.
 */
export async function createAnnouncement(
  db: Db,
  o: { input: AnnouncementInput; officer: AnnouncingOfficer; now: Date; via?: 'chat' | 'api'; zns?: ZnsRoute },
): Promise<{ announcement: Announcement; reach: Reach }> {
  const { input, officer } = o;
  if (!isStaff(officer.role)) throw new CreateAnnouncementError('outside_jurisdiction', 'only officers and admins may send announcements');
  const area = await announcementArea(db, officer, input.communes ?? []);
  let cooperativeIds = unique(input.cooperativeIds ?? []);
  if (input.eligibleFor !== undefined) {
    // "The cooperatives that qualify for X": resolved now, kept as the announcement's cooperatives.
    const q = await listQualifyingCooperatives(db, { area, sectors: unique(input.sectors ?? []), ruleId: input.eligibleFor, now: o.now });
    if (!q.ok) {
      const known = supportChoices(o.now).map((s) => s.ruleId);
      throw new CreateAnnouncementError('invalid', `"${input.eligibleFor}" is not a support in force; supports: ${known.join(', ') || 'none'}`, {
        eligibleFor: input.eligibleFor,
        supports: known,
      });
    }
    if (!q.cooperativeIds.length) {
      throw new CreateAnnouncementError('empty_audience', `no active cooperative of this area qualifies for "${input.eligibleFor}"`, {
        eligibleFor: input.eligibleFor,
      });
    }
    cooperativeIds = q.cooperativeIds;
  } else if (cooperativeIds.length) {
    const found = new Set((await areaCooperativesById(db, area, cooperativeIds)).map((c) => c.id));
    const outside = cooperativeIds.filter((id) => !found.has(id));
    if (outside.length) {
      throw new CreateAnnouncementError('outside_jurisdiction', `cooperatives not active in your area: ${outside.map((id) => `#${id}`).join(', ')}`, {
        cooperativeIds: outside,
      });
    }
  }
  const spec: AudienceSpec = { audience: input.audience, ...area, sectors: unique(input.sectors ?? []), cooperativeIds };
  const recipients = await findAudience(db, spec);
  const reach = countReach(recipients, o.now, !!o.zns?.kinds.includes(input.kind));
  if (reach.total === 0) {
    throw new CreateAnnouncementError(
      'empty_audience',
      recipients.length ? `none of the ${recipients.length} people of this audience can be reached now` : 'nobody matches this audience',
      { recipients: recipients.length, reach },
    );
  }
  const date = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));
  const announcement = await storeAnnouncement(db, {
    content: {
      kind: input.kind,
      title: input.title,
      body: input.body,
      startsAt: date(input.startsAt),
      place: input.place ?? null,
      registerBy: date(input.registerBy),
    },
    spec,
    sendAt: date(input.sendAt),
    createdById: officer.personId,
    ...(input.eligibleFor !== undefined ? { eligibleFor: input.eligibleFor } : {}),
    via: o.via ?? 'api',
    now: o.now,
  });
  return { announcement, reach };
}
