import type { ChannelName } from '../../src/lib/messages.js';
import type { Db } from '../../src/db/database.js';
import type { Cooperative, Prisma, Role } from '../../src/generated/prisma/client.js';

/**
 * Test data written straight into the real test database (never a mock), before any message is
 * sent, so no identity is cached yet. Pass the Prisma client: `app.db.prisma` or `database.prisma`.
 *
 * @example
 * const htx = await createCooperative(db(), { province: 'Thái Bình', commune: 'Xã An Bình' });
 * const director = await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-1' });
 * const officer = await createOfficer(db(), { province: 'Thái Bình', accounts: { channel: 'telegram', externalId: '7001', lastInboundAt: new Date() } });
 */

let cooperatives = 0;

/**
 * A cooperative: "HTX Thử nghiệm N" (numbered in the test file) of Xã Xuân Thọ, Lâm Đồng, in
 * agriculture, unless given.
 */
export function createCooperative(db: Db, o: Partial<Prisma.CooperativeUncheckedCreateInput> = {}): Promise<Cooperative> {
  const { name, province, commune, sector, ...rest } = o;
  return db.cooperative.create({
    data: {
      ...rest,
      name: name ?? `HTX Thử nghiệm ${++cooperatives}`,
      province: province ?? 'Lâm Đồng',
      commune: commune === undefined ? 'Xã Xuân Thọ' : commune,
      sector: sector ?? 'agriculture',
    },
  });
}

/** A chat account: on the console unless another channel is given. */
export interface AccountSeed {
  channel?: ChannelName;
  externalId: string;
  lastInboundAt?: Date | null;
  optedOut?: boolean;
  blockedAt?: Date;
  unreachableAt?: Date;
}

export interface PersonSeed {
  /** Guest unless given. */
  role?: Role;
  name?: string;
  phone?: string;
  /** Gave their privacy consent (now). */
  consent?: boolean;
  locale?: string;
  cooperativeId?: number;
  /** The person's own area (an officer's jurisdiction). */
  province?: string | null;
  commune?: string | null;
  canReport?: boolean;
  /** When they turned announcements off (never, unless given). */
  announcementsOffAt?: Date;
  /** Their chat accounts: an external id (a console account), one account, or several; none unless given. */
  accounts?: string | AccountSeed | readonly (string | AccountSeed)[];
}

const isList = (a: NonNullable<PersonSeed['accounts']>): a is readonly (string | AccountSeed)[] => Array.isArray(a);
const accountData = (a: string | AccountSeed) => (typeof a === 'string' ? { channel: 'console', externalId: a } : { ...a, channel: a.channel ?? 'console' });

/** A person (and their accounts); gives the person's id. */
export async function createPerson(db: Db, s: PersonSeed = {}): Promise<number> {
  const { consent, accounts, ...fields } = s;
  const list = accounts === undefined ? [] : isList(accounts) ? accounts : [accounts];
  const person = await db.person.create({
    data: {
      ...fields,
      ...(consent ? { privacyConsentAt: new Date() } : {}),
      ...(list.length ? { accounts: { create: list.map(accountData) } } : {}),
    },
  });
  return person.id;
}

/** An officer (province and commune: their jurisdiction; none: the whole country). */
export const createOfficer = (db: Db, s: Omit<PersonSeed, 'role'> = {}) => createPerson(db, { ...s, role: 'officer' });

/** A cooperative's director. */
export const createDirector = (db: Db, s: Omit<PersonSeed, 'role'> = {}) => createPerson(db, { ...s, role: 'director' });

/** A cooperative's member. */
export const createMember = (db: Db, s: Omit<PersonSeed, 'role'> = {}) => createPerson(db, { ...s, role: 'member' });

export interface ReportSeed {
  cooperativeId: number;
  /** `quarterly` unless given. */
  form?: string;
  /** `2026-Q3` unless given. */
  period?: string;
  /** Submitted (waiting for review) unless given. */
  status?: 'draft' | 'submitted' | 'accepted' | 'returned';
  /** The submitted answers (a plain quarterly report unless given). */
  answers?: Prisma.InputJsonValue;
  /** When it was submitted (now unless given; none for a draft). */
  submittedAt?: Date;
}

/** A report as filed in the chat: submitted once (its first revision kept), unless a draft. */
export async function createReport(db: Db, s: ReportSeed): Promise<number> {
  const answers = s.answers ?? { members: 20, quarter_revenue: 300_000_000, difficulties: 'Thiếu vốn', support_needed: ['credit'] };
  const status = s.status ?? 'submitted';
  const submittedAt = status === 'draft' ? null : (s.submittedAt ?? new Date());
  const report = await db.report.create({
    data: {
      cooperativeId: s.cooperativeId,
      form: s.form ?? 'quarterly',
      period: s.period ?? '2026-Q3',
      status,
      revision: submittedAt ? 1 : 0,
      formVersion: submittedAt ? 1 : null,
      answers: submittedAt ? answers : {},
      submittedAt,
      ...(status === 'accepted' || status === 'returned' ? { reviewedAt: submittedAt } : {}),
      ...(submittedAt ? { revisions: { create: { revision: 1, formVersion: 1, answers, submittedAt } } } : {}),
    },
  });
  return report.id;
}
