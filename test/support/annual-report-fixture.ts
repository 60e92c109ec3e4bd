import type { Db } from '../../src/db/database.js';
import type { Prisma } from '../../src/generated/prisma/client.js';

/**
 * A complete, valid annual report: every question of the annual form answered, the optional ones
 * too, and the form's checks pass. Tests that need other values spread it: `{ ...ANNUAL_ANSWERS, members: 120 }`.
 */
export const ANNUAL_ANSWERS = {
  members: 45,
  associate_members: 3,
  member_households: 40,
  member_entities: 2,
  workers: 12,
  workers_members: 10,
  charter_capital: 800_000_000,
  total_assets: 2_100_000_000,
  revenue: 1_500_000_000,
  revenue_members: 600_000_000,
  profit: -50_000_000,
  avg_income: 72_000_000,
  rating: 'good',
  value_chain: true,
  value_chain_partner: 'Công ty ABC',
  high_tech: false,
  digital_tools: true,
  ocop_products: 2,
  ocop_stars: 4,
  managers: 5,
  managers_trained: 3,
  member_service_share: 40.5,
  general_meeting_date: '2026-03-15',
  trade_fairs: 1,
  support_received: ['credit', 'training'],
  support_needed: ['land'],
  difficulties: null as string | null,
};

/** An annual report of 2026, submitted once on 20 November with `ANNUAL_ANSWERS`, unless `data` says otherwise. */
export const annualReport = (cooperativeId: number, data: Partial<Prisma.ReportUncheckedCreateInput> = {}): Prisma.ReportUncheckedCreateInput => ({
  cooperativeId,
  form: 'annual',
  period: '2026',
  status: 'submitted',
  revision: 1,
  formVersion: 1,
  submittedAt: new Date('2026-11-20T03:00:00Z'),
  answers: ANNUAL_ANSWERS,
  ...data,
});

/**
 * Seeds cooperatives by key (their ids in `ids`) and their annual reports (`annualReport`, with
 * `defaults` over it). `db` is called at seeding time, so it may read a database opened later.
 */
export function annualReportSeeder(db: () => Db, defaults: Partial<Prisma.ReportUncheckedCreateInput> = {}) {
  const ids: Record<string, number> = {};
  return {
    ids,
    async coop(key: string, data: Omit<Prisma.CooperativeCreateInput, 'sector'> & { sector?: string }): Promise<number> {
      const { id } = await db().cooperative.create({ data: { sector: 'agriculture', ...data } });
      ids[key] = id;
      return id;
    },
    async report(cooperativeId: number, data: Partial<Prisma.ReportUncheckedCreateInput> = {}): Promise<void> {
      await db().report.create({ data: annualReport(cooperativeId, { ...defaults, ...data }) });
    },
  };
}
