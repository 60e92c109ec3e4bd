import type { CooperativeKind } from '../../src/generated/prisma/enums.js';
import { failedChecks, keptAnswers, missingFields } from '../../src/services/reports/check-answers.js';
import { fieldSchema, num, type Answers, type FormDef } from '../../src/services/reports/form-definition.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { SUPPORT_KINDS } from '../../src/services/reports/forms/support-kinds.js';
import { DIFFICULTIES, HIGH_TECH, PARTNERS } from './demo-names.js';
import type { Random } from './seeded-random.js';

const MILLION = 1_000_000;
const SUPPORT = SUPPORT_KINDS.filter((k) => k !== 'none');

/** What a cooperative's figures follow: its kind, sector and a size picked once. */
export interface DemoCooperativeProfile {
  kind: CooperativeKind;
  sector: string;
  /** Official members in the first year (a union: member cooperatives). */
  members: number;
  /** Yearly revenue per member, in VND (0: a cooperative with no business yet). */
  revenuePerMember: number;
}

/** A size for a new demo cooperative. */
export function demoProfile(r: Random, kind: CooperativeKind, sector: string): DemoCooperativeProfile {
  const members = kind === 'union' ? r.int(4, 15) : kind === 'group' ? r.int(3, 15) : Math.round(Math.exp(r.between(Math.log(8), Math.log(320))));
  const perMember = kind === 'union' ? r.between(800, 4000) * MILLION : sector === 'credit' ? r.between(20, 60) * MILLION : r.between(15, 180) * MILLION;
  return { kind, sector, members, revenuePerMember: kind === 'cooperative' && r.chance(0.02) ? 0 : Math.round(perMember) };
}

const round = (v: number, to: number) => Math.round(v / to) * to;
const multi = (r: Random, none: number) => (r.chance(none) ? ['none'] : r.some(SUPPORT, r.int(1, 3)));

/**
 * One year's annual report of a cooperative, consistent within itself and with last year's
 * (`previous`): no error and no warning of the form's checks. Dates fall in `year`.
 */
export function demoAnnualAnswers(r: Random, p: DemoCooperativeProfile, year: number, previous?: Answers): Answers {
  const union = p.kind === 'union';
  const lastMembers = num(previous?.members);
  const members = lastMembers !== undefined ? Math.max(union ? 2 : 3, Math.round(lastMembers * r.between(0.92, 1.2))) : p.members;
  const memberEntities = union ? members : p.kind === 'group' ? 0 : r.chance(0.25) ? r.int(1, 3) : 0;
  const memberHouseholds = union ? 0 : Math.round((members - memberEntities) * r.between(0.7, 1));
  const workers = union ? r.int(3, 15) : Math.max(1, Math.round(members * r.between(0.1, 0.6)));
  const lastRevenue = num(previous?.revenue);
  const revenue =
    lastRevenue !== undefined && lastRevenue > 0
      ? round(lastRevenue * r.between(0.85, 1.5), MILLION)
      : round(members * p.revenuePerMember * r.between(0.8, 1.2), MILLION);
  const charter = round(members * r.between(5, 50) * MILLION * (union ? 10 : 1), MILLION);
  const profit = revenue > 0 ? round(revenue * r.between(-0.05, 0.15), 1000) : -round(r.between(1, 20) * MILLION, 1000);
  const managers = p.kind === 'group' ? r.int(1, 2) : r.int(3, 7);
  const ocop =
    p.kind === 'group'
      ? 0
      : r.weighted([
          [0, 70],
          [1, 18],
          [2, 8],
          [3, 4],
        ] as const);
  const valueChain = previous?.value_chain === true ? r.chance(0.9) : r.chance(0.3);
  const highTech = previous?.high_tech === true ? r.chance(0.95) : r.chance(0.12);
  const a: Answers = {
    members,
    associate_members: r.chance(0.6) ? 0 : r.int(1, 10),
    member_households: memberHouseholds,
    member_entities: memberEntities,
    workers,
    workers_members: Math.round(workers * r.between(0.5, 1)),
    charter_capital: charter,
    total_assets: round(charter * r.between(1.1, 4), MILLION),
    revenue,
    revenue_members: round(revenue * r.between(0.2, 0.8), MILLION),
    profit,
    avg_income: round(r.between(30, 110) * MILLION, 100_000),
    rating: r.weighted([
      ['good', 25],
      ['fair', 35],
      ['average', 25],
      ['weak', 8],
      ['not_rated', 7],
    ] as const),
    value_chain: valueChain,
    value_chain_partner: typeof previous?.value_chain_partner === 'string' && r.chance(0.8) ? previous.value_chain_partner : r.pick(PARTNERS),
    high_tech: highTech,
    high_tech_what: typeof previous?.high_tech_what === 'string' && r.chance(0.8) ? previous.high_tech_what : r.pick(HIGH_TECH),
    digital_tools: previous?.digital_tools === true || r.chance(0.5),
    ocop_products: ocop,
    ocop_stars: r.weighted([
      [3, 70],
      [4, 25],
      [5, 5],
    ] as const),
    managers,
    managers_trained: r.int(0, managers),
    member_service_share: r.chance(0.8) ? Math.round(r.between(20, 100) * 10) / 10 : null,
    general_meeting_date: r.chance(0.85) ? `${year}-0${r.int(1, 4)}-${String(r.int(1, 28)).padStart(2, '0')}` : null,
    trade_fairs: r.weighted([
      [0, 50],
      [1, 30],
      [2, 15],
      [3, 5],
    ] as const),
    support_received: multi(r, 0.4),
    support_needed: multi(r, 0.15),
    difficulties: r.chance(0.55) ? r.pick(DIFFICULTIES) : null,
  };
  return keptAnswers(annualForm, a);
}

/** A quarter's quick report, close to the year's figures. */
export function demoQuarterlyAnswers(r: Random, annual: Answers): Answers {
  const revenue = num(annual.revenue) ?? 0;
  return {
    members: Math.max(1, (num(annual.members) ?? 1) + r.int(-2, 2)),
    quarter_revenue: round((revenue / 4) * r.between(0.7, 1.3), 100_000),
    difficulties: r.chance(0.4) ? r.pick(DIFFICULTIES) : null,
    support_needed: multi(r, 0.3),
  };
}

/**
 * Throws unless the answers are what a director could submit: every value fits its field's schema,
 * every required question is answered, and no check of the form fails (errors or warnings).
 */
export function assertValidAnswers(form: FormDef, a: Answers, previous?: Answers): void {
  for (const f of form.fields) {
    const v = a[f.key];
    if (v === undefined || v === null) continue;
    const parsed = fieldSchema(f).safeParse(v);
    if (!parsed.success) throw new Error(`demo ${form.id} answer ${f.key}=${JSON.stringify(v)} does not fit the form: ${parsed.error.message}`);
  }
  const missing = missingFields(form, a);
  if (missing.length) throw new Error(`demo ${form.id} answers miss ${missing.map((f) => f.key).join(', ')}`);
  const failed = failedChecks(form, a, previous);
  if (failed.length) throw new Error(`demo ${form.id} answers fail ${failed.map((c) => c.id).join(', ')}: ${JSON.stringify(a)}`);
}
