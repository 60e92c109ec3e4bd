import type { ChannelName } from '../../src/lib/messages.js';
import type { CooperativeKind, CooperativeStatus } from '../../src/generated/prisma/enums.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { demoProfile, type DemoCooperativeProfile } from './demo-answers.js';
import {
  COMMUNE_WEIGHTS,
  COOPERATIVE_NAMES,
  DEMO_COMMUNES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  GROUP_NAMES,
  MIDDLE_NAMES,
  PLACES,
  SECTOR_WEIGHTS,
  UNION_NAMES,
} from './demo-names.js';
import { mixSeed, seededRandom, type Random } from './seeded-random.js';

/** Every generated channel account's platform id starts with this (how a rerun finds them). */
export const DEMO_ACCOUNT_PREFIX = 'demo-';
/** Every generated cooperative's registration code starts with this (DEMO-0001 is the console's demo cooperative). */
export const DEMO_CODE_PREFIX = 'DEMO-';
/** Console user ids of the demo officers (`npm run chat -- --user demo-officer-province`). */
export const DEMO_OFFICER_USERS = { province: 'demo-officer-province', commune: 'demo-officer-commune' } as const;

const DAY = 86_400_000;

export interface DemoAccountPlan {
  channel: ChannelName;
  externalId: string;
  createdAt: Date;
  lastInboundAt: Date;
  optedOut: boolean;
  blockedAt: Date | null;
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

export interface DemoPersonPlan {
  name: string;
  role: 'director' | 'member' | 'officer';
  /** Index of the person's cooperative in `cooperatives`; null for officers. */
  cooperative: number | null;
  province: string;
  commune: string | null;
  canReport: boolean;
  locale: 'vi' | null;
  announcementsOffAt: Date | null;
  createdAt: Date;
  accounts: DemoAccountPlan[];
}

export interface DemoCooperativePlan {
  registrationCode: string;
  name: string;
  commune: string;
  sector: string;
  kind: CooperativeKind;
  status: CooperativeStatus;
  createdAt: Date;
  profile: DemoCooperativeProfile;
  /** Index of its director in `people`. */
  director: number;
}

export interface DemoAreaPlan {
  cooperatives: DemoCooperativePlan[];
  people: DemoPersonPlan[];
  /** Indexes in `people`. */
  provinceOfficer: number;
  communeOfficer: number;
}

/** A code that sorts as a number would: DEMO-0001 … DEMO-9999, DEMO-10000. */
export const demoCode = (n: number) => `${DEMO_CODE_PREFIX}${String(n).padStart(4, '0')}`;

const personName = (r: Random, woman: boolean) =>
  `${r.pick(FAMILY_NAMES)} ${woman ? 'Thị' : r.pick(MIDDLE_NAMES.filter((m) => m !== 'Thị'))} ${r.pick(GIVEN_NAMES)}`;

/**
 * The demo province's cooperatives and people, decided from the seed alone. Cooperative 0 is the
 * console's demo cooperative (`DEMO.cooperative`, in `DEMO.commune`). Each cooperative draws from its
 * own stream, so the first ones are the same whatever the count.
 */
export function planDemoArea(seed: number, count: number, now: Date): DemoAreaPlan {
  const main = seededRandom(mixSeed(seed, 1));
  const unions = count >= 10 ? Math.max(2, Math.round(count / 400)) : 0;
  const groups = Math.round(count * 0.12);
  const others = main.shuffle(Array.from({ length: count - 1 }, (_, i) => i + 1));
  const kinds = new Map<number, CooperativeKind>();
  others.slice(0, unions).forEach((i) => kinds.set(i, 'union'));
  others.slice(unions, unions + groups).forEach((i) => kinds.set(i, 'group'));

  const people: DemoPersonPlan[] = [];
  const cooperatives: DemoCooperativePlan[] = [];
  const usedNames = new Map<string, number>();
  const communeChoices = DEMO_COMMUNES.map((c, i) => [c, COMMUNE_WEIGHTS[i] ?? 10] as const);

  const addPerson = (r: Random, p: Omit<DemoPersonPlan, 'accounts' | 'createdAt' | 'locale' | 'announcementsOffAt'>, since: Date) => {
    const n = people.length + 1;
    const createdAt = new Date(since.getTime() + r.int(1, 60) * DAY);
    people.push({
      ...p,
      createdAt,
      locale: r.chance(0.7) ? 'vi' : null,
      announcementsOffAt: p.role !== 'officer' && r.chance(0.02) ? new Date(now.getTime() - r.int(80, 200) * DAY) : null,
      accounts: demoAccounts(r, n, createdAt, now),
    });
    return people.length - 1;
  };

  for (let i = 0; i < count; i++) {
    const r = seededRandom(mixSeed(seed, 2, i));
    const kind = i === 0 ? 'cooperative' : (kinds.get(i) ?? 'cooperative');
    const commune = i === 0 ? DEMO.commune : r.weighted(communeChoices);
    let name: string;
    let sector: string;
    if (i === 0) ({ name, sector } = DEMO.cooperative);
    else if (kind === 'union') [name, sector] = r.pick(UNION_NAMES);
    else if (kind === 'group') [name, sector] = r.pick(GROUP_NAMES);
    else {
      sector = r.weighted(SECTOR_WEIGHTS);
      name = r.pick(COOPERATIVE_NAMES[sector] ?? COOPERATIVE_NAMES.other!);
    }
    name = name.replace('{p}', r.pick(PLACES));
    const seen = usedNames.get(name) ?? 0;
    usedNames.set(name, seen + 1);
    if (seen) name = `${name} ${seen + 1}`;
    const status: CooperativeStatus =
      i === 0
        ? 'active'
        : r.weighted([
            ['active', 975],
            ['suspended', 15],
            ['dissolved', 10],
          ] as const);
    const createdAt = new Date(now.getTime() - r.int(420, 900) * DAY);
    const profile = demoProfile(r, kind, sector);
    const base = { province: DEMO.province, commune, cooperative: i, canReport: false };
    const director = addPerson(r, { ...base, name: personName(r, r.chance(0.35)), role: 'director' }, createdAt);
    const memberCount =
      kind === 'cooperative'
        ? r.weighted([
            [0, 30],
            [1, 40],
            [2, 20],
            [3, 10],
          ] as const)
        : r.int(0, 1);
    for (let m = 0; m < memberCount; m++) {
      addPerson(r, { ...base, name: personName(r, r.chance(0.5)), role: 'member', canReport: m === 0 && r.chance(0.25) }, createdAt);
    }
    cooperatives.push({ registrationCode: demoCode(i + 1), name, commune, sector, kind, status, createdAt, profile, director });
  }
  // A few directors also try the console (the console channel is how a newcomer sees the bot).
  for (const c of cooperatives.slice(0, 3)) {
    const d = people[c.director]!;
    d.accounts.push(consoleAccount(`${DEMO_ACCOUNT_PREFIX}console-${c.director + 1}`, d.createdAt, new Date(d.createdAt.getTime() + DAY)));
  }

  const r = seededRandom(mixSeed(seed, 3));
  const since = new Date(now.getTime() - 900 * DAY);
  const officer = (name: string, commune: string | null, user: string) => {
    const i = addPerson(r, { name, role: 'officer', cooperative: null, province: DEMO.province, commune, canReport: false }, since);
    const p = people[i]!;
    p.locale = 'vi';
    p.accounts.push(consoleAccount(user, p.createdAt, new Date(now.getTime() - 2 * DAY)));
    p.accounts.sort((a, b) => b.lastInboundAt.getTime() - a.lastInboundAt.getTime());
    return i;
  };
  const provinceOfficer = officer('Nguyễn Thị Lan (Sở Tài chính, demo)', null, DEMO_OFFICER_USERS.province);
  const communeOfficer = officer(`Trần Văn Hùng (${DEMO.commune}, demo)`, DEMO.commune, DEMO_OFFICER_USERS.commune);
  return { cooperatives, people, provinceOfficer, communeOfficer };
}

function consoleAccount(externalId: string, createdAt: Date, lastInboundAt: Date): DemoAccountPlan {
  return { channel: 'console', externalId, createdAt, lastInboundAt, optedOut: false, blockedAt: null, unreachableAt: null, unreachableReason: null };
}

const PLATFORMS: readonly (readonly [Exclude<ChannelName, 'console'>, number])[] = [
  ['telegram', 35],
  ['zalo_oa', 35],
  ['zalo_bot', 30],
];
const ID_PREFIX: Record<ChannelName, string> = { telegram: 'tg', zalo_oa: 'oa', zalo_bot: 'zb', console: 'console' };

/** One platform account, sometimes a second one linked to it (/lienket); clearly fake ids. */
function demoAccounts(r: Random, personNo: number, createdAt: Date, now: Date): DemoAccountPlan[] {
  const first = r.weighted(PLATFORMS);
  const channels = [first];
  if (r.chance(0.25)) channels.push(r.weighted(PLATFORMS.filter(([c]) => c !== first)));
  const span = Math.max(1, Math.floor((now.getTime() - createdAt.getTime()) / DAY));
  return channels
    .map((channel): DemoAccountPlan => {
      const daysAgo = r.weighted([
        [r.int(0, 6), 40],
        [r.int(7, 30), 35],
        [r.int(31, 120), 25],
      ] as const);
      return {
        channel,
        externalId: `${DEMO_ACCOUNT_PREFIX}${ID_PREFIX[channel]}-${personNo}`,
        createdAt,
        lastInboundAt: new Date(now.getTime() - Math.min(daysAgo, span - 1) * DAY - r.int(0, 20 * 3600) * 1000),
        optedOut: false,
        blockedAt: null,
        unreachableAt: null,
        unreachableReason: null,
      };
    })
    .sort((a, b) => b.lastInboundAt.getTime() - a.lastInboundAt.getTime());
}
