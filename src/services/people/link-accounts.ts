import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { writeAudit } from '../audit/write-audit.js';
import { normalizeInviteCode } from '../invites/invite-code.js';

export type LinkFailure = 'not_found' | 'expired' | 'used' | 'same_person' | 'conflict';

export type LinkResult =
  | {
      ok: true;
      personId: number;
      /** The person merged into `personId` (now deleted). */ mergedPersonId: number;
      /** Every channel the person now uses, sorted. */ channels: string[];
    }
  | { ok: false; reason: LinkFailure };

/** Roles from least to most privileged. */
export const ROLE_ORDER: readonly Role[] = ['guest', 'member', 'director', 'officer', 'admin'];

/** The more privileged of two roles. */
export function higherRole(a: Role, b: Role): Role {
  return ROLE_ORDER.indexOf(b) > ROLE_ORDER.indexOf(a) ? b : a;
}

interface MergeablePerson {
  id: number;
  role: Role;
  canReport: boolean;
  name: string | null;
  phone: string | null;
  privacyConsentAt: Date | null;
  locale: string | null;
  cooperativeId: number | null;
  province: string | null;
  commune: string | null;
}

const differ = (a: string | number | null, b: string | number | null) => a !== null && b !== null && a !== b;

/**
 * What the surviving person `a` looks like after absorbing `b`, or null when they cannot be one
 * person without a human decision (two cooperatives, two jurisdictions).
 *
 * The jurisdiction (province, commune) travels as a pair, taken from the higher role among those
 * that have one (A on a tie): an officer for a whole province who is also a member of a cooperative
 * in one commune keeps the whole province.
 */
export function mergePeople(a: MergeablePerson, b: MergeablePerson) {
  if (differ(a.cooperativeId, b.cooperativeId) || differ(a.province, b.province) || differ(a.commune, b.commune)) return null;
  const place =
    a.province && b.province
      ? ROLE_ORDER.indexOf(b.role) > ROLE_ORDER.indexOf(a.role)
        ? b
        : a
      : a.province
        ? a
        : b.province
          ? b
          : { province: null, commune: a.commune ?? b.commune };
  return {
    role: higherRole(a.role, b.role),
    canReport: a.canReport || b.canReport,
    cooperativeId: a.cooperativeId ?? b.cooperativeId,
    province: place.province,
    commune: place.commune,
    name: a.name ?? b.name,
    phone: a.phone ?? b.phone,
    privacyConsentAt: a.privacyConsentAt ?? b.privacyConsentAt,
    locale: a.locale ?? b.locale,
  };
}

const personSelect = {
  id: true,
  role: true,
  canReport: true,
  name: true,
  phone: true,
  privacyConsentAt: true,
  locale: true,
  cooperativeId: true,
  province: true,
  commune: true,
} as const;

/**
 * Redeems a link code shown to person A on another channel: the redeeming account's person B is
 * merged into A (role, cooperative, profile), all of B's accounts move to A, and B is deleted.
 * All in one transaction; the code is consumed only when the link is made.
 */
export async function redeemLinkCode(db: Db, o: { code: string; accountId: number; now?: Date }): Promise<LinkResult> {
  const code = normalizeInviteCode(o.code);
  const now = o.now ?? new Date();
  return db.$transaction(async (tx): Promise<LinkResult> => {
    const whyNot = async (): Promise<LinkResult> => {
      const row = await tx.linkCode.findUnique({ where: { code }, select: { usedAt: true, expiresAt: true } });
      if (!row) return { ok: false, reason: 'not_found' };
      if (row.usedAt) return { ok: false, reason: 'used' };
      return { ok: false, reason: 'expired' };
    };
    const link = await tx.linkCode.findUnique({ where: { code }, select: { personId: true, usedAt: true, expiresAt: true } });
    if (!link || link.usedAt || link.expiresAt <= now) return whyNot();
    const account = await tx.channelAccount.findUniqueOrThrow({ where: { id: o.accountId }, select: { personId: true } });
    const aId = link.personId;
    const bId = account.personId;
    if (aId === bId) return { ok: false, reason: 'same_person' };

    // Lock both people (in id order, so two crossing links cannot deadlock) before reading them.
    const [low, high] = aId < bId ? [aId, bId] : [bId, aId];
    await tx.$queryRaw`SELECT id FROM "Person" WHERE id IN (${low}, ${high}) ORDER BY id FOR UPDATE`;
    const current = await tx.channelAccount.findUniqueOrThrow({ where: { id: o.accountId }, select: { personId: true } });
    if (current.personId !== bId) throw new Error('The account moved to another person while linking; try again');
    const a = await tx.person.findUnique({ where: { id: aId }, select: personSelect });
    const b = await tx.person.findUniqueOrThrow({ where: { id: bId }, select: personSelect });
    if (!a) return { ok: false, reason: 'not_found' }; // A was erased or merged away meanwhile
    const merged = mergePeople(a, b);
    if (!merged) return { ok: false, reason: 'conflict' };

    // Conditional claim: of two accounts racing for the same code, only one wins.
    const claimed = await tx.linkCode.updateMany({ where: { code, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count === 0) return whyNot();

    await tx.channelAccount.updateMany({ where: { personId: bId }, data: { personId: aId } });
    await tx.linkCode.updateMany({ where: { personId: bId }, data: { personId: aId } });
    await tx.invite.updateMany({ where: { createdById: bId }, data: { createdById: aId } });
    await tx.person.update({ where: { id: aId }, data: merged });
    await tx.person.delete({ where: { id: bId } });

    const accounts = await tx.channelAccount.findMany({ where: { personId: aId }, select: { channel: true } });
    const channels = [...new Set(accounts.map((x) => x.channel))].sort();
    await writeAudit(tx, { actorId: aId, action: 'account.linked', subject: `person:${aId}`, details: { channels, mergedPersonId: bId } });
    return { ok: true, personId: aId, mergedPersonId: bId, channels };
  });
}
