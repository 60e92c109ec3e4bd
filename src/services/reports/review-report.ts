import type { Db } from '../../db/database.js';
import type { Identity } from '../people/identity.js';
import { writeAudit } from '../audit/write-audit.js';
import { canReviewReportsOf } from '../access/report-access.js';

export const REVIEW_COMMENT_MAX = 1000;

export type ReviewResult =
  | { ok: true; report: { id: number; form: string; period: string; cooperativeId: number; cooperativeName: string } }
  | { ok: false; reason: 'not_found' | 'not_allowed' | 'not_submitted' };

/**
 * An officer accepts a submitted report, or returns it with a comment (the director corrects it
 * and submits again). Only officers whose jurisdiction covers the cooperative may do either, and
 * only a report waiting for review (submitted) changes.
 */
export async function reviewReport(
  db: Db,
  o: { reportId: number; reviewer: Pick<Identity, 'personId' | 'role' | 'province' | 'commune'>; decision: 'accept' | 'return'; comment?: string; now: Date },
): Promise<ReviewResult> {
  const report = await db.report.findUnique({
    where: { id: o.reportId },
    select: { id: true, form: true, period: true, status: true, cooperativeId: true, cooperative: { select: { name: true, province: true, commune: true } } },
  });
  if (!report) return { ok: false, reason: 'not_found' };
  if (!canReviewReportsOf(o.reviewer, report.cooperative)) return { ok: false, reason: 'not_allowed' };
  const changed = await db.report.updateMany({
    where: { id: report.id, status: 'submitted' },
    data: {
      status: o.decision === 'accept' ? 'accepted' : 'returned',
      reviewedAt: o.now,
      reviewedById: o.reviewer.personId,
      reviewComment: o.decision === 'return' ? (o.comment ?? '').slice(0, REVIEW_COMMENT_MAX) : null,
    },
  });
  if (changed.count === 0) return { ok: false, reason: 'not_submitted' };
  await writeAudit(db, {
    actorId: o.reviewer.personId,
    action: o.decision === 'accept' ? 'report.accepted' : 'report.returned',
    subject: `report:${report.id}`,
    // A return keeps its comment here too: the report holds only the latest one (the dashboard shows them all).
    details: { form: report.form, period: report.period, ...(o.decision === 'return' ? { comment: (o.comment ?? '').slice(0, REVIEW_COMMENT_MAX) } : {}) },
  });
  return {
    ok: true,
    report: { id: report.id, form: report.form, period: report.period, cooperativeId: report.cooperativeId, cooperativeName: report.cooperative.name },
  };
}
