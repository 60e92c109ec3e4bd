import type { Db } from '../../db/database.js';

/** A report of a cooperative as its filers work on it. */
export interface CooperativeReport {
  id: number;
  status: string;
  draft: unknown;
  answers: unknown;
  revision: number;
  submittedAt: Date | null;
  reviewComment: string | null;
  cooperativeId: number;
}

/**
 * One report of this cooperative, by id or by form and period; null when the cooperative has no
 * such report (a report of another cooperative is never returned).
 */
export async function findCooperativeReport(
  db: Db,
  o: { cooperativeId: number } & ({ reportId: number } | { form: string; period: string }),
): Promise<CooperativeReport | null> {
  const where = 'reportId' in o ? { id: o.reportId, cooperativeId: o.cooperativeId } : { cooperativeId: o.cooperativeId, form: o.form, period: o.period };
  return db.report.findFirst({
    where,
    select: { id: true, status: true, draft: true, answers: true, revision: true, submittedAt: true, reviewComment: true, cooperativeId: true },
  });
}
