import type { Prisma } from '../../generated/prisma/client.js';
import { cooperativesIn } from '../access/report-access.js';
import type { Jurisdiction } from '../access/jurisdiction.js';

export const REVIEW_STATUSES = ['submitted', 'accepted', 'returned', 'all'] as const;
export type ReviewStatusFilter = (typeof REVIEW_STATUSES)[number];

/**
 * What an officer narrowed the review list to: one commune (within their jurisdiction), a period
 * (a year `2026`: its annual report and its quarters; or one quarter `2026-Q3`), a status (waiting
 * for review by default; drafts are never listed).
 */
export interface ReviewFilter {
  commune?: string;
  period?: string;
  status: ReviewStatusFilter;
}

export const DEFAULT_REVIEW_FILTER: ReviewFilter = { status: 'submitted' };

/**
 * The reports an officer sees for a filter, as a Prisma filter: always inside their jurisdiction
 * (cooperativesIn), the commune asked for only narrowing it (never widening), drafts left out.
 */
export function reviewReportsWhere(j: Jurisdiction, f: ReviewFilter): Prisma.ReportWhereInput {
  const area: Prisma.CooperativeWhereInput[] = [cooperativesIn(j), ...(f.commune ? [{ commune: f.commune }] : [])];
  const period: Prisma.ReportWhereInput =
    f.period === undefined ? {} : /^\d{4}$/.test(f.period) ? { OR: [{ period: f.period }, { period: { startsWith: `${f.period}-Q` } }] } : { period: f.period };
  return {
    status: f.status === 'all' ? { in: ['submitted', 'accepted', 'returned'] } : f.status,
    cooperative: { AND: area },
    ...period,
  };
}
