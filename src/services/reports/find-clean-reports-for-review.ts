import type { Db } from '../../db/database.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { failedChecks } from './check-answers.js';
import { findForm } from './forms/forms.js';
import { readAnswers } from './load-report-answers.js';
import { parsePeriodId, previousPeriod } from './report-schedule.js';

const before = (period: string) => (parsePeriodId(period) ? previousPeriod(period) : '');
import { reviewReportsWhere, type ReviewFilter } from './review-filter.js';

/**
 * The reports waiting for review (within the officer's jurisdiction and the filter's commune and
 * period) whose automatic checks raise no warning: their submitted answers pass every cross-field
 * rule, against the cooperative's previous period as the form does when it is filled in. The
 * reports are read by one query (jurisdiction and filter in SQL), their previous periods by a
 * second; the checks themselves are code (the forms' rules), so they run here.
 * `waiting`: how many wait for review under the same filter, clean or not.
 */
export async function findCleanReportsForReview(db: Db, j: Jurisdiction, filter: ReviewFilter): Promise<{ ids: number[]; waiting: number }> {
  const reports = await db.report.findMany({
    where: reviewReportsWhere(j, { ...filter, status: 'submitted' }),
    orderBy: [{ submittedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    select: { id: true, cooperativeId: true, form: true, period: true, answers: true },
  });
  if (!reports.length) return { ids: [], waiting: 0 };
  const earlier = await db.report.findMany({
    where: {
      cooperativeId: { in: [...new Set(reports.map((r) => r.cooperativeId))] },
      period: { in: [...new Set(reports.map((r) => before(r.period)))] },
      revision: { gt: 0 },
    },
    select: { cooperativeId: true, form: true, period: true, answers: true },
  });
  const previous = new Map(earlier.map((b) => [`${b.cooperativeId}|${b.form}|${b.period}`, b.answers]));
  const ids = reports
    .filter((r) => {
      const form = findForm(r.form);
      if (!form) return false;
      const prev = previous.get(`${r.cooperativeId}|${r.form}|${before(r.period)}`);
      return failedChecks(form, readAnswers(form, r.answers), prev === undefined ? undefined : readAnswers(form, prev)).length === 0;
    })
    .map((r) => r.id);
  return { ids, waiting: reports.length };
}
