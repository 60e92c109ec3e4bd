import type { Db } from '../../db/database.js';
import type { AnswerValue } from './form-definition.js';

/**
 * Stores one answer in a report's draft, merged into the stored JSON by the database itself: two
 * chats answering different questions of the same draft both keep their answers, and the same
 * question answered twice keeps the last one. Returns false when the report has no draft any more
 * (it was submitted meanwhile, from another chat): nothing is written then.
 */
export async function saveReportAnswer(db: Db, o: { reportId: number; key: string; value: AnswerValue | null; personId: number; now: Date }): Promise<boolean> {
  const value = JSON.stringify(o.value);
  const changed = await db.$executeRaw`
    UPDATE "Report"
       SET "draft" = "draft" || jsonb_build_object(${o.key}::text, ${value}::jsonb),
           "draftUpdatedAt" = ${o.now}, "draftUpdatedById" = ${o.personId}, "updatedAt" = ${o.now}
     WHERE "id" = ${o.reportId} AND "draft" IS NOT NULL AND jsonb_typeof("draft") = 'object'`;
  return changed === 1;
}
