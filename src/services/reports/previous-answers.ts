import type { Db } from '../../db/database.js';
import type { Answers, FormDef } from './form-definition.js';
import { readAnswers } from './load-report-answers.js';
import { previousPeriod } from './report-schedule.js';

/** The values the cooperative submitted for the period before (offered as defaults), if any. */
export async function previousAnswers(db: Db, o: { cooperativeId: number; form: FormDef; period: string }): Promise<Answers | undefined> {
  const before = await db.report.findUnique({
    where: { cooperativeId_form_period: { cooperativeId: o.cooperativeId, form: o.form.id, period: previousPeriod(o.period) } },
    select: { answers: true, revision: true },
  });
  if (!before || before.revision === 0) return undefined;
  return readAnswers(o.form, before.answers);
}
