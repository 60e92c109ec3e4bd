import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';

export type { Role };

/** Who is talking: one channel account and the person behind it. */
export interface Identity {
  accountId: number;
  channel: string;
  externalId: string;
  personId: number;
  role: Role;
  /** A member the director delegated to fill in the cooperative's reports. */
  canReport: boolean;
  name: string | null;
  phone: string | null;
  /** The person's chosen language, if they chose one. */
  locale: string | null;
  platformLocale: string | null;
  privacyConsentAt: Date | null;
  cooperativeId: number | null;
  cooperativeName: string | null;
  province: string | null;
  commune: string | null;
  optedOut: boolean;
  lastInboundAt: Date | null;
  /** The platform refused a message to this account until the user writes again. */
  unreachableAt: Date | null;
}

export const identitySelect = {
  id: true,
  channel: true,
  externalId: true,
  platformLocale: true,
  optedOut: true,
  lastInboundAt: true,
  unreachableAt: true,
  person: {
    select: {
      id: true,
      role: true,
      canReport: true,
      name: true,
      phone: true,
      locale: true,
      privacyConsentAt: true,
      cooperativeId: true,
      province: true,
      commune: true,
      cooperative: { select: { name: true } },
    },
  },
} as const;

type AccountRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;

function loadRow(db: Db, channel: string, externalId: string) {
  return db.channelAccount.findUnique({ where: { channel_externalId: { channel, externalId } }, select: identitySelect });
}

export function toIdentity(row: AccountRow): Identity {
  const p = row.person;
  return {
    accountId: row.id,
    channel: row.channel,
    externalId: row.externalId,
    personId: p.id,
    role: p.role,
    canReport: p.canReport,
    name: p.name,
    phone: p.phone,
    locale: p.locale,
    platformLocale: row.platformLocale,
    privacyConsentAt: p.privacyConsentAt,
    cooperativeId: p.cooperativeId,
    cooperativeName: p.cooperative?.name ?? null,
    province: p.province,
    commune: p.commune,
    optedOut: row.optedOut,
    lastInboundAt: row.lastInboundAt,
    unreachableAt: row.unreachableAt,
  };
}

/** Loads the identity of a channel account, or null when the account does not exist. */
export async function loadIdentity(db: Db, channel: string, externalId: string): Promise<Identity | null> {
  const row = await loadRow(db, channel, externalId);
  return row ? toIdentity(row) : null;
}
