import type { ChannelName } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import type { AnnouncementAudience, Prisma, Role } from '../../generated/prisma/client.js';
import type { Locale } from '../../i18n/i18n.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { preferredLocale } from '../people/preferred-locale.js';

/** Zalo OA may only message a user who wrote within this window. */
export const ZALO_OA_WINDOW_MS = 7 * 24 * 3600_000;
export const CHANNELS: readonly ChannelName[] = ['telegram', 'zalo_oa', 'zalo_bot', 'console'];

/** Who an announcement goes to, as an Announcement row holds it. */
export interface AudienceSpec {
  audience: AnnouncementAudience;
  /** null: the whole country. */
  province: string | null;
  /** Empty: the whole province. */
  communes: readonly string[];
  /** Empty: every sector. */
  sectors: readonly string[];
  /** Empty: every cooperative of the area. */
  cooperativeIds: readonly number[];
}

export interface AudienceAccount {
  id: number;
  channel: string;
  externalId: string;
  optedOut: boolean;
  blockedAt: Date | null;
  unreachableAt: Date | null;
  lastInboundAt: Date | null;
}

export interface Recipient {
  personId: number;
  name: string | null;
  role: Role;
  locale: Locale;
  /** They asked for no announcements. */
  announcementsOffAt: Date | null;
  /** Kept at onboarding, with consent (privacyConsentAt): the only way ZNS reaches them. */
  phone: string | null;
  privacyConsentAt: Date | null;
  cooperativeId: number;
  cooperativeName: string;
  commune: string | null;
  /** Most recently active first. */
  accounts: AudienceAccount[];
}

export const AUDIENCE_ROLES: Record<AnnouncementAudience, Role[]> = {
  directors: ['director'],
  members: ['member'],
  both: ['director', 'member'],
};

/** The active cooperatives an announcement's area and filters cover, as a Prisma filter. */
export function audienceCooperatives(a: Omit<AudienceSpec, 'audience'>): Prisma.CooperativeWhereInput {
  return {
    status: 'active',
    ...(a.province ? { province: a.province } : {}),
    ...(a.province && a.communes.length ? { commune: { in: [...a.communes] } } : {}),
    ...(a.sectors.length ? { sector: { in: [...a.sectors] } } : {}),
    ...(a.cooperativeIds.length ? { id: { in: [...a.cooperativeIds] } } : {}),
  };
}

/**
 * The people an announcement is for: directors, members or both, of the active cooperatives of
 * its area (province null: the whole country; no communes: the whole province), narrowed to some
 * sectors or some cooperatives when given. Everyone is listed, also those who turned
 * announcements off or cannot be reached: `targetAccount` and `countReach` tell them apart.
 */
export async function findAudience(db: Pick<Db, 'person'>, a: AudienceSpec): Promise<Recipient[]> {
  const people = await db.person.findMany({
    where: { role: { in: AUDIENCE_ROLES[a.audience] }, cooperative: audienceCooperatives(a) },
    select: {
      id: true,
      name: true,
      role: true,
      locale: true,
      announcementsOffAt: true,
      phone: true,
      privacyConsentAt: true,
      cooperative: { select: { id: true, name: true, commune: true } },
      accounts: {
        select: { id: true, channel: true, externalId: true, optedOut: true, blockedAt: true, unreachableAt: true, lastInboundAt: true, platformLocale: true },
        orderBy: [{ lastInboundAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
      },
    },
    orderBy: { id: 'asc' },
  });
  return people.flatMap((p) =>
    p.cooperative
      ? [
          {
            personId: p.id,
            name: p.name,
            role: p.role,
            locale: preferredLocale(p),
            announcementsOffAt: p.announcementsOffAt,
            phone: p.phone,
            privacyConsentAt: p.privacyConsentAt,
            cooperativeId: p.cooperative.id,
            cooperativeName: p.cooperative.name,
            commune: p.cooperative.commune,
            accounts: p.accounts.map(({ platformLocale: _, ...account }) => account),
          },
        ]
      : [],
  );
}

/** Not opted out and not blocked: the person still wants the bot on this account. */
export const accountOpen = (a: AudienceAccount) => !a.optedOut && !a.blockedAt;

/** The platform can take a bot-initiated message now (not marked unreachable since the user last wrote; Zalo OA's window). */
export function accountInReach(a: AudienceAccount, now: Date): boolean {
  if (a.unreachableAt && !(a.lastInboundAt && a.lastInboundAt > a.unreachableAt)) return false;
  if (a.channel === 'zalo_oa') return a.lastInboundAt !== null && now.getTime() - a.lastInboundAt.getTime() <= ZALO_OA_WINDOW_MS;
  return true;
}

/**
 * Where an announcement to this person goes: the most recently active account that is open and in
 * reach, on a channel we speak (the console counts: it is how the console chat and tests receive).
 * Null when there is none.
 */
export function targetAccount(accounts: readonly AudienceAccount[], now: Date): AudienceAccount | null {
  const usable = accounts.filter((a) => (CHANNELS as readonly string[]).includes(a.channel) && accountOpen(a) && accountInReach(a, now));
  usable.sort((x, y) => (y.lastInboundAt?.getTime() ?? -Infinity) - (x.lastInboundAt?.getTime() ?? -Infinity) || y.id - x.id);
  return usable[0] ?? null;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** The communes (as written on the cooperatives) that have active cooperatives in a province, in Vietnamese order. */
export async function listAreaCommunes(db: Pick<Db, 'cooperative'>, province: string): Promise<string[]> {
  const rows = await db.cooperative.findMany({
    where: { status: 'active', province, commune: { not: null } },
    distinct: ['commune'],
    select: { commune: true },
  });
  return rows.flatMap((r) => (r.commune ? [r.commune] : [])).sort(collator.compare);
}

/** The sectors of the active cooperatives in an area, sorted. */
export async function listAreaSectors(db: Pick<Db, 'cooperative'>, area: { province: string | null; communes: readonly string[] }): Promise<string[]> {
  const rows = await db.cooperative.findMany({
    where: audienceCooperatives({ ...area, sectors: [], cooperativeIds: [] }),
    distinct: ['sector'],
    select: { sector: true },
  });
  return rows.map((r) => r.sector).sort(collator.compare);
}

export interface AreaCooperative {
  id: number;
  name: string;
  registrationCode: string | null;
  commune: string | null;
}

/** More matches than this for one typed name means it is too vague to pick cooperatives by. */
export const MAX_MATCHES_PER_TERM = 10;

/** Letters and digits only, folded: "HTX Nông nghiệp Vũ Thắng" → "htx nong nghiep vu thang". */
const bare = (s: string) =>
  foldText(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Finds the active cooperatives of an area by what an officer typed: names or registration codes
 * separated by commas or semicolons (or new lines), matched without diacritics or case. A code
 * must match whole; a name matches when the cooperative's name contains it (an exact name wins).
 * Terms that match nothing, or too many, are returned to be shown.
 */
export async function matchAreaCooperatives(
  db: Pick<Db, 'cooperative'>,
  area: { province: string | null; communes: readonly string[] },
  typed: string,
): Promise<{ matches: AreaCooperative[]; notFound: string[]; tooMany: { term: string; count: number }[] }> {
  const terms = typed
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter((s) => bare(s).length > 0);
  const all = await db.cooperative.findMany({
    where: audienceCooperatives({ ...area, sectors: [], cooperativeIds: [] }),
    select: { id: true, name: true, registrationCode: true, commune: true },
    orderBy: { id: 'asc' },
  });
  const folded = all.map((c) => ({ c, name: bare(c.name), code: c.registrationCode ? bare(c.registrationCode) : null }));
  const found = new Map<number, AreaCooperative>();
  const notFound: string[] = [];
  const tooMany: { term: string; count: number }[] = [];
  for (const term of terms) {
    const q = bare(term);
    const byCode = folded.filter((f) => f.code === q);
    const exact = folded.filter((f) => f.name === q || f.name === `htx ${q}` || f.name.replace(/^(?:htx|hop tac xa) /, '') === q);
    const hits = byCode.length ? byCode : exact.length ? exact : folded.filter((f) => f.name.includes(q));
    if (!hits.length) notFound.push(term);
    else if (hits.length > MAX_MATCHES_PER_TERM) tooMany.push({ term, count: hits.length });
    else for (const h of hits) found.set(h.c.id, h.c);
  }
  return { matches: [...found.values()].sort((a, b) => collator.compare(a.name, b.name)), notFound, tooMany };
}

/** The active cooperatives with these ids in an area (a selection re-read: some may have left it). */
export async function areaCooperativesById(
  db: Pick<Db, 'cooperative'>,
  area: { province: string | null; communes: readonly string[] },
  ids: readonly number[],
): Promise<AreaCooperative[]> {
  if (!ids.length) return [];
  const rows = await db.cooperative.findMany({
    where: audienceCooperatives({ ...area, sectors: [], cooperativeIds: ids }),
    select: { id: true, name: true, registrationCode: true, commune: true },
  });
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}
