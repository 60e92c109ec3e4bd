import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import { writeAudit } from '../audit/write-audit.js';
import { failedChecks, keptAnswers, missingFields } from './check-answers.js';
import type { Answers, CrossCheck, FieldDef, FormDef } from './form-definition.js';
import { readAnswers } from './load-report-answers.js';

export type SubmitResult =
  | { ok: true; revision: number; answers: Answers }
  | { ok: false; reason: 'no_draft'; submittedAt: Date | null }
  | { ok: false; reason: 'incomplete'; missing: FieldDef[] }
  | { ok: false; reason: 'inconsistent'; errors: CrossCheck[] };

/**
 * Submits a report's draft: checked again in full under a row lock (another chat may have changed
 * it), then stored as the submitted values with a new revision; earlier submissions stay in
 * ReportRevision. A draft already submitted from another chat gives `no_draft`.
 */
export async function submitReport(db: Db, o: { reportId: number; form: FormDef; personId: number; previous?: Answers; now: Date }): Promise<SubmitResult> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Report" WHERE "id" = ${o.reportId} FOR UPDATE`;
    const report = await tx.report.findUniqueOrThrow({ where: { id: o.reportId } });
    if (report.draft === null) return { ok: false, reason: 'no_draft', submittedAt: report.submittedAt } as const;
    const draft = readAnswers(o.form, report.draft);
    const missing = missingFields(o.form, draft);
    if (missing.length) return { ok: false, reason: 'incomplete', missing } as const;
    const errors = failedChecks(o.form, draft, o.previous).filter((c) => c.level === 'error');
    if (errors.length) return { ok: false, reason: 'inconsistent', errors } as const;

    const answers = keptAnswers(o.form, draft);
    const revision = report.revision + 1;
    await tx.report.update({
      where: { id: report.id },
      data: {
        answers: answers as Prisma.InputJsonValue,
        formVersion: o.form.version,
        revision,
        status: 'submitted',
        draft: Prisma.DbNull,
        draftVersion: null,
        submittedAt: o.now,
        submittedById: o.personId,
        reviewedAt: null,
        reviewedById: null,
      },
    });
    await tx.reportRevision.create({
      data: {
        reportId: report.id,
        revision,
        formVersion: o.form.version,
        answers: answers as Prisma.InputJsonValue,
        submittedById: o.personId,
        submittedAt: o.now,
      },
    });
    await writeAudit(tx, {
      actorId: o.personId,
      action: revision === 1 ? 'report.submitted' : 'report.resubmitted',
      subject: `report:${report.id}`,
      details: { form: report.form, period: report.period, revision },
    });
    return { ok: true, revision, answers } as const;
  });
}
