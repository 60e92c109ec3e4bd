import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';

/** A cooperative's reports for some forms and periods, plus every report it has a draft of. */
export async function listCooperativeReports(db: Db, cooperativeId: number, wanted: { form: string; period: string }[]) {
  return db.report.findMany({
    where: { cooperativeId, OR: [...wanted.map((w) => ({ form: w.form, period: w.period })), { draft: { not: Prisma.DbNull } }] },
    select: { id: true, form: true, period: true, status: true, draft: true, revision: true, submittedAt: true, reviewComment: true, draftUpdatedAt: true },
    orderBy: [{ draftUpdatedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
  });
}
