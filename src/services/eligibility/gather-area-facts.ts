import type { Db } from '../../db/database.js';
import type { CooperativeKind, Prisma } from '../../generated/prisma/client.js';
import { askableFact } from './askable-facts.js';
import { AGRICULTURAL_SECTORS, type CooperativeFacts, type FactId, type FactSource, type FactValue } from './facts.js';

type Answers = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The report's answers that are facts (annual form key → fact). */
const FROM_REPORT: [string, FactId][] = [
  ['members', 'members'],
  ['revenue', 'revenue'],
  ['profit', 'profit'],
  ['total_assets', 'totalAssets'],
  ['charter_capital', 'charterCapital'],
  ['rating', 'rating'],
  ['value_chain', 'valueChain'],
  ['digital_tools', 'digitalTools'],
  ['managers_trained', 'managersTrained'],
  ['trade_fairs', 'tradeFairs'],
  ['support_received', 'supportReceived'],
];

const share = (a: Answers) => {
  const revenue = num(a.revenue);
  const members = num(a.revenue_members);
  return revenue && revenue > 0 && members !== undefined ? members / revenue : undefined;
};

/** A cooperative as the area's eligibility lists show it. */
export interface AreaCooperative {
  id: number;
  name: string;
  registrationCode: string | null;
  province: string;
  commune: string | null;
  sector: string;
  kind: CooperativeKind;
}

export interface AreaCooperativeFacts {
  cooperative: AreaCooperative;
  facts: CooperativeFacts;
}

/** A submitted annual report as the facts read it. */
export interface FactReport {
  id: number;
  period: string;
  answers: unknown;
  submittedAt: Date | null;
}

/**
 * The facts of one cooperative from rows already read (pure): its row, its director's answers
 * (Cooperative.facts) and its latest two submitted or accepted annual reports, newest first.
 * gatherCooperativeFacts (one cooperative) and gatherAreaFacts (an area) both read through it.
 */
export function factsFromRows(
  coop: { id: number; kind: string; sector: string; province: string; commune: string | null; facts: unknown },
  reports: readonly FactReport[],
): CooperativeFacts {
  const values: Partial<Record<FactId, FactValue>> = {};
  const sources: Partial<Record<FactId, FactSource>> = {};
  const set = (id: FactId, v: FactValue | undefined | null, source: FactSource) => {
    if (v === undefined || v === null) return;
    values[id] = v;
    sources[id] = source;
  };
  set('kind', coop.kind, 'cooperative');
  set('sector', coop.sector, 'cooperative');
  set('agricultural', AGRICULTURAL_SECTORS.includes(coop.sector), 'cooperative');
  set('province', coop.province, 'cooperative');
  set('commune', coop.commune, 'cooperative');

  const stored = (coop.facts && typeof coop.facts === 'object' && !Array.isArray(coop.facts) ? coop.facts : {}) as Record<string, unknown>;
  for (const [id, raw] of Object.entries(stored)) {
    const fact = askableFact(id);
    const parsed = fact?.schema.safeParse(raw);
    if (!fact || !parsed?.success) continue;
    if (fact.kind === 'revenue') {
      const r = parsed.data as { vnd: number; year: number };
      set('revenue', r.vnd, 'director');
      set('revenueYear', r.year, 'director');
    } else set(fact.id, parsed.data as FactValue, 'director');
  }

  const [latest, before] = reports;
  let report: CooperativeFacts['report'];
  if (latest) {
    const a = (latest.answers ?? {}) as Answers;
    const year = Number(/^\d{4}/.exec(latest.period)?.[0]);
    for (const [key, id] of FROM_REPORT) {
      const v = a[key];
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') set(id, v, 'report');
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) set(id, v as string[], 'report');
    }
    if (Number.isFinite(year)) {
      set('reportYear', year, 'report');
      if (num(a.revenue) !== undefined) set('revenueYear', year, 'report');
    }
    report = { id: latest.id, period: latest.period, year, submittedAt: latest.submittedAt?.toISOString() ?? null };
    if (before) {
      const b = (before.answers ?? {}) as Answers;
      const [m1, m0] = [num(a.members), num(b.members)];
      if (m1 !== undefined && m0 !== undefined) set('membersGrowth', m1 > m0, 'report');
      const [s1, s0] = [share(a), share(b)];
      if (s1 !== undefined && s0 !== undefined) set('internalShareGrowth', s1 > s0, 'report');
    }
  }
  return { cooperativeId: coop.id, values, sources, ...(report ? { report } : {}) };
}

/** Cooperatives read per query: an area of thousands is read in a few round trips, never one per cooperative. */
const CHUNK = 500;

/**
 * The facts of every cooperative `where` selects (an officer's area: see cooperativesIn), read in
 * two queries per 500 cooperatives — their rows, then all their submitted or accepted annual
 * reports — never one query per cooperative. By commune, then name.
 */
export async function gatherAreaFacts(db: Db, where: Prisma.CooperativeWhereInput): Promise<AreaCooperativeFacts[]> {
  const coops = await db.cooperative.findMany({
    where,
    select: { id: true, name: true, registrationCode: true, province: true, commune: true, sector: true, kind: true, facts: true },
    orderBy: [{ commune: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }, { id: 'asc' }],
  });
  const out: AreaCooperativeFacts[] = [];
  for (let i = 0; i < coops.length; i += CHUNK) {
    const part = coops.slice(i, i + CHUNK);
    const reports = await db.report.findMany({
      where: { cooperativeId: { in: part.map((c) => c.id) }, form: 'annual', status: { in: ['submitted', 'accepted'] } },
      orderBy: [{ cooperativeId: 'asc' }, { period: 'desc' }],
      select: { id: true, cooperativeId: true, period: true, answers: true, submittedAt: true },
    });
    const byCoop = new Map<number, FactReport[]>();
    for (const r of reports) {
      const list = byCoop.get(r.cooperativeId) ?? [];
      if (list.length < 2) list.push(r);
      byCoop.set(r.cooperativeId, list);
    }
    for (const c of part) {
      const { facts, ...cooperative } = c;
      out.push({ cooperative, facts: factsFromRows(c, byCoop.get(c.id) ?? []) });
    }
  }
  return out;
}
