import type { Db } from '../../db/database.js';
import type { ReportStatus } from '../../generated/prisma/enums.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { cooperativesIn } from '../access/report-access.js';
import type { Answers } from '../reports/form-definition.js';
import { findForm } from '../reports/forms/forms.js';
import { readAnswers } from '../reports/load-report-answers.js';

/** One submission of a report, as kept in its revision history. */
export interface DashboardRevision {
  revision: number;
  submittedAt: Date;
  submittedBy: string | null;
  answers: Answers;
}

/** An officer's decision on a report (from the audit log), with the comment of a return. */
export interface DashboardReview {
  decision: 'accepted' | 'returned';
  at: Date;
  by: string | null;
  comment: string | null;
}

/** One report as the dashboard shows it: its answers, every revision and the officers' decisions. */
export interface DashboardReport {
  id: number;
  form: string;
  period: string;
  status: ReportStatus;
  revision: number;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  answers: Answers;
  cooperative: { id: number; name: string; province: string; commune: string | null; sector: string };
  /** Newest first. */
  revisions: DashboardRevision[];
  /** Oldest first. */
  reviews: DashboardReview[];
}

/** How many decisions and revisions a page shows at most (a report is corrected a few times). */
const HISTORY_MAX = 50;

/**
 * A submitted report of a cooperative within the officer's jurisdiction (the access rule is in the
 * query: cooperativesIn), or null when there is none there, so that a report of another area reads
 * exactly like one that does not exist. Drafts never submitted are not shown.
 */
export async function findDashboardReport(db: Db, o: { reportId: number; jurisdiction: Jurisdiction }): Promise<DashboardReport | null> {
  const r = await db.report.findFirst({
    where: { id: o.reportId, revision: { gt: 0 }, cooperative: cooperativesIn(o.jurisdiction) },
    select: {
      id: true,
      form: true,
      period: true,
      status: true,
      revision: true,
      answers: true,
      submittedAt: true,
      reviewedAt: true,
      reviewedById: true,
      reviewComment: true,
      cooperative: { select: { id: true, name: true, province: true, commune: true, sector: true } },
      revisions: {
        orderBy: { revision: 'desc' },
        take: HISTORY_MAX,
        select: { revision: true, submittedAt: true, submittedById: true, answers: true },
      },
    },
  });
  const form = r && findForm(r.form);
  if (!r || !form) return null;
  const audit = await db.auditLog.findMany({
    where: { subject: `report:${r.id}`, action: { in: ['report.accepted', 'report.returned'] } },
    orderBy: { id: 'asc' },
    take: HISTORY_MAX,
    select: { at: true, actorId: true, action: true, details: true },
  });
  const ids = [r.reviewedById, ...r.revisions.map((v) => v.submittedById), ...audit.map((a) => a.actorId)].filter((x): x is number => x !== null);
  const people = ids.length ? await db.person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } }) : [];
  const name = (id: number | null) => (id === null ? null : (people.find((p) => p.id === id)?.name ?? null));
  const comment = (details: unknown) =>
    details && typeof details === 'object' && 'comment' in details && typeof details.comment === 'string' ? details.comment : null;
  const reviews: DashboardReview[] = audit.map((a) => ({
    decision: a.action === 'report.accepted' ? 'accepted' : 'returned',
    at: a.at,
    by: name(a.actorId),
    comment: a.action === 'report.returned' ? comment(a.details) : null,
  }));
  // Returns recorded before the audit kept their comment: the report still holds the last one.
  const lastReturn = reviews.findLast((v) => v.decision === 'returned');
  if (lastReturn && lastReturn.comment === null && r.reviewComment) lastReturn.comment = r.reviewComment;
  return {
    id: r.id,
    form: r.form,
    period: r.period,
    status: r.status,
    revision: r.revision,
    submittedAt: r.submittedAt,
    reviewedAt: r.reviewedAt,
    reviewedBy: name(r.reviewedById),
    reviewComment: r.reviewComment,
    answers: readAnswers(form, r.answers),
    cooperative: r.cooperative,
    revisions: r.revisions.map((v) => ({
      revision: v.revision,
      submittedAt: v.submittedAt,
      submittedBy: name(v.submittedById),
      answers: readAnswers(form, v.answers),
    })),
    reviews,
  };
}
