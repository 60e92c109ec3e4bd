import type { Db } from '../../db/database.js';

/** The id of a cooperative's report for a form and period, or null when it has none. */
export async function findReportId(db: Db, o: { cooperativeId: number; form: string; period: string }): Promise<number | null> {
  const found = await db.report.findUnique({
    where: { cooperativeId_form_period: { cooperativeId: o.cooperativeId, form: o.form, period: o.period } },
    select: { id: true },
  });
  return found?.id ?? null;
}
