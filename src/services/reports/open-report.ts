import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { FormDef } from './form-definition.js';

export interface OpenReportOptions {
  cooperativeId: number;
  form: FormDef;
  period: string;
  personId: number;
  now: Date;
}

/**
 * The report a director is about to fill in, with a draft to edit: a new one is created; a
 * submitted (or returned) one gets a draft copied from its submitted values, so correcting it
 * keeps the submitted version until the correction is submitted. Safe when two chats race.
 */
export async function openReport(db: Db, o: OpenReportOptions) {
  const key = { cooperativeId_form_period: { cooperativeId: o.cooperativeId, form: o.form.id, period: o.period } };
  await db.report.upsert({
    where: key,
    update: {},
    create: {
      cooperativeId: o.cooperativeId,
      form: o.form.id,
      period: o.period,
      draft: {},
      draftVersion: o.form.version,
      draftUpdatedAt: o.now,
      draftUpdatedById: o.personId,
      createdById: o.personId,
    },
  });
  // Only a report with no draft gets one (the condition makes concurrent openings harmless).
  const report = await db.report.findUniqueOrThrow({ where: key });
  if (report.draft === null) {
    await db.report.updateMany({
      where: { id: report.id, draft: { equals: Prisma.DbNull } },
      data: { draft: report.answers as Prisma.InputJsonValue, draftVersion: o.form.version, draftUpdatedAt: o.now, draftUpdatedById: o.personId },
    });
    return db.report.findUniqueOrThrow({ where: key });
  }
  return report;
}
