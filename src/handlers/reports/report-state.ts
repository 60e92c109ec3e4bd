import type { CooperativeReport } from '../../services/reports/find-cooperative-report.js';
import { z } from 'zod';
import type { HandlerContext } from '../../router/context.js';
import { readAnswers } from '../../services/reports/load-report-answers.js';
import type { Answers, FormDef } from '../../services/reports/form-definition.js';
import { findForm } from '../../services/reports/forms/forms.js';

/** The report flow's name, the prefix of its buttons. */
export const REP = 'rep';

/** What a chat remembers of the report being filled in; the answers themselves live in the Report row. */
export const RepData = z.object({
  reportId: z.number().int(),
  form: z.string(),
  period: z.string(),
  /** The question asked last. */
  key: z.string().optional(),
  /** Answering one question from the summary (back to the summary after it). */
  edit: z.boolean().optional(),
  /** Options ticked so far in a multiple-choice question. */
  picked: z.array(z.string()).optional(),
  /** A date read from relative words ("hôm qua", "thứ 6 tuần trước"), waiting for "Có"/"Không". */
  pending: z.iso.date().optional(),
});
export type RepData = z.infer<typeof RepData>;

export interface OpenDraft {
  data: RepData;
  form: FormDef;
  report: CooperativeReport;
  /** The draft's answers (empty when the report has no draft). */
  answers: Answers;
  /** Last period's submitted values, offered as defaults. */
  previous?: Answers;
}

/** The report this chat is working on, re-read from the database (another chat may have changed it). */
export async function loadOpenDraft(ctx: HandlerContext): Promise<OpenDraft | null> {
  if (ctx.conversation.flow !== REP) return null;
  const parsed = RepData.safeParse(ctx.conversation.data);
  if (!parsed.success) return null;
  const data = parsed.data;
  const form = findForm(data.form);
  if (!form) return null;
  if (ctx.who.cooperativeId === null) return null;
  const report = await ctx.services.findCooperativeReport({ cooperativeId: ctx.who.cooperativeId, reportId: data.reportId });
  if (!report) return null;
  const previous = await ctx.services.previousAnswers({ cooperativeId: report.cooperativeId, form, period: data.period });
  return { data, form, report, answers: readAnswers(form, report.draft), previous };
}
