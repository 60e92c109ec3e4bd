import type { Db } from '../../db/database.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { reviewReportsWhere, type ReviewFilter } from './review-filter.js';

/**
 * One page of the reports an officer reviews, newest submission first, within their jurisdiction
 * and the filter; paged in the database (`page` from 1; past the end gives the last page).
 */
export async function pageReportsForReview(db: Db, j: Jurisdiction, o: { filter: ReviewFilter; page: number; pageSize: number }) {
  const where = reviewReportsWhere(j, o.filter);
  const total = await db.report.count({ where });
  const pages = Math.max(1, Math.ceil(total / o.pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page)), pages);
  const reports = await db.report.findMany({
    where,
    orderBy: [{ submittedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    skip: (page - 1) * o.pageSize,
    take: o.pageSize,
    select: {
      id: true,
      form: true,
      period: true,
      status: true,
      submittedAt: true,
      revision: true,
      cooperative: { select: { name: true, commune: true } },
    },
  });
  return { reports, total, page, pages };
}
