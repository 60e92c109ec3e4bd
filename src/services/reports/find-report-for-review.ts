import type { Db } from '../../db/database.js';

/**
 * A report as an officer reviews it, with its cooperative's area (the caller checks
 * canReviewReportsOf, to tell "not yours" from "not found"); null when there is none.
 */
export async function findReportForReview(db: Db, o: { reportId: number }) {
  return db.report.findUnique({
    where: { id: o.reportId },
    select: {
      id: true,
      form: true,
      period: true,
      status: true,
      answers: true,
      revision: true,
      submittedAt: true,
      reviewComment: true,
      cooperative: { select: { id: true, name: true, province: true, commune: true } },
    },
  });
}
