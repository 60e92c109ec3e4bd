import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { HandlerContext } from '../../router/context.js';
import { FORMS, findForm } from '../../services/reports/forms/forms.js';
import type { Services } from '../../services/services.js';
import { readAnswers } from '../../services/reports/load-report-answers.js';
import { visibleFields, type FormDef } from '../../services/reports/form-definition.js';
import { currentPeriod, parsePeriodId, selectablePeriods } from '../../services/reports/report-schedule.js';
import { unansweredFields } from '../../services/reports/check-answers.js';
import { askNext } from './fill-flow.js';
import { REP, type OpenDraft } from './report-state.js';
import { answerLines, summary } from './report-summary.js';
import { deadlineText, reportName, timeText } from './report-text.js';

type ReportRow = Awaited<ReturnType<Services['listCooperativeReports']>>[number];

/** "đang làm dở (12/26 câu)", "đã gửi, chờ duyệt", "chưa làm"… */
function statusText(ctx: HandlerContext, form: FormDef, row: ReportRow | undefined): string {
  const { t } = ctx;
  if (!row) return t('reports.status.none');
  if (row.draft !== null && row.status !== 'returned') {
    const answers = readAnswers(form, row.draft);
    const total = visibleFields(form, answers).length;
    const done = total - unansweredFields(form, answers).length;
    return row.revision > 0 ? t('reports.status.correcting', { done, total }) : t('reports.status.draft', { done, total });
  }
  return t(`reports.status.${row.status}`);
}

function reportButton(ctx: HandlerContext, form: FormDef, period: string, row: ReportRow | undefined): Button {
  const inProgress = row?.draft !== null && row?.draft !== undefined;
  return { label: `${inProgress ? '▶️ ' : ''}${reportName(ctx.t, form, period)}`, action: `${REP}:f:${form.id}:${period}` };
}

/** `/baocao`: the cooperative's reports for the current periods (and any draft), one button each. */
export async function reportHome(ctx: HandlerContext, notes: string[] = [], older = false): Promise<OutboundMessage[]> {
  const { t } = ctx;
  const s = ctx.reportSchedule;
  const wanted = FORMS.map((form) => ({ form, period: older ? selectablePeriods(form, ctx.now, s)[1]! : currentPeriod(form, ctx.now, s) }));
  const rows = await ctx.services.listCooperativeReports(
    ctx.who.cooperativeId!,
    wanted.map((w) => ({ form: w.form.id, period: w.period })),
  );
  const find = (form: string, period: string) => rows.find((r) => r.form === form && r.period === period);
  const lines: string[] = [];
  const buttons: Button[][] = [];
  // Drafts of other periods first: "coming back later offers to continue".
  for (const r of rows) {
    const form = findForm(r.form);
    if (!form || r.draft === null || wanted.some((w) => w.form.id === r.form && w.period === r.period)) continue;
    lines.push(`• ${reportName(t, form, r.period)}: ${statusText(ctx, form, r)}`);
    buttons.push([reportButton(ctx, form, r.period, r)]);
  }
  for (const { form, period } of wanted) {
    const row = find(form.id, period);
    lines.push(`• ${reportName(t, form, period)}: ${statusText(ctx, form, row)} · ${deadlineText(t, form, period, s, ctx.now)}`);
    buttons.push([reportButton(ctx, form, period, row)]);
  }
  const more: Button[] = [older ? { label: t('reports.current_periods'), action: REP } : { label: t('reports.older_periods'), action: `${REP}:more` }];
  if (ctx.who.role === 'director') more.push({ label: t('reports.delegates_button'), action: 'deleg' });
  if (ctx.conversation.flow === REP) ctx.endFlow();
  return [
    {
      text: [
        ...notes,
        ...(notes.length ? [''] : []),
        t('reports.home_title', { coop: ctx.who.cooperativeName ?? '' }),
        ...lines,
        '',
        t('reports.home_choose'),
      ].join('\n'),
      buttons: [...buttons, more, [{ label: t('menu.back'), action: 'menu:main' }]],
    },
  ];
}

/** Whether a director may open this period now: the current or the one before, or one they already have. */
async function periodAllowed(ctx: HandlerContext, form: FormDef, period: string): Promise<boolean> {
  const p = parsePeriodId(period);
  if (!p || (form.periodKind === 'quarter') !== (p.quarter !== undefined)) return false;
  if (selectablePeriods(form, ctx.now, ctx.reportSchedule).includes(period)) return true;
  return (await ctx.services.findReportId({ cooperativeId: ctx.who.cooperativeId!, form: form.id, period })) !== null;
}

/** A submitted (or accepted) report: what was sent, and a button to correct it. */
function submittedView(ctx: HandlerContext, d: OpenDraft): OutboundMessage[] {
  const { t } = ctx;
  const status =
    d.report.status === 'accepted'
      ? t('reports.view_accepted', { at: timeText(d.report.submittedAt ?? ctx.now), revision: d.report.revision })
      : t('reports.view_submitted', { at: timeText(d.report.submittedAt ?? ctx.now), revision: d.report.revision });
  ctx.goTo(REP, 'view', { reportId: d.data.reportId, form: d.data.form, period: d.data.period });
  return [
    {
      text: [
        t('reports.summary_title', { report: reportName(t, d.form, d.data.period), coop: ctx.who.cooperativeName ?? '' }),
        status,
        '',
        ...answerLines(ctx, d.form, readAnswers(d.form, d.report.answers)),
      ].join('\n'),
      buttons: [
        [{ label: t('reports.revise'), action: `${REP}:revise` }],
        [
          { label: t('reports.home_button'), action: REP },
          { label: t('menu.back'), action: 'menu:main' },
        ],
      ],
    },
  ];
}

/**
 * Opens a report from the home screen: a new or unfinished one goes to its next question (a
 * returned one first shows the officer's comment), a submitted one shows what was sent.
 */
export async function openFromHome(ctx: HandlerContext, formId: string | undefined, period: string | undefined, revise = false): Promise<OutboundMessage[]> {
  const form = formId ? findForm(formId) : undefined;
  if (!form || !period || !(await periodAllowed(ctx, form, period))) return reportHome(ctx, [ctx.t('errors.button_expired')]);
  const cooperativeId = ctx.who.cooperativeId!;
  const existing = await ctx.services.findCooperativeReport({ cooperativeId, form: form.id, period });
  const previous = await ctx.services.previousAnswers({ cooperativeId, form, period });
  if (existing && existing.draft === null && existing.status !== 'returned' && !revise) {
    const d: OpenDraft = { data: { reportId: existing.id, form: form.id, period }, form, report: existing, answers: {}, previous };
    return submittedView(ctx, d);
  }
  const report = await ctx.services.openReport({ cooperativeId, form, period, personId: ctx.who.personId, now: ctx.now });
  const d: OpenDraft = { data: { reportId: report.id, form: form.id, period }, form, report, answers: readAnswers(form, report.draft), previous };
  const notes: string[] = [];
  if (report.status === 'returned' && report.reviewComment) notes.push(ctx.t('reports.returned_comment', { comment: report.reviewComment }));
  if (report.revision > 0) return [summary(ctx, d, [...notes, ctx.t('reports.correcting_hint')])];
  const started = Object.keys(d.answers).length > 0;
  notes.push(started ? ctx.t('reports.resuming') : ctx.t(`forms.${form.id}.about`));
  return askNext(ctx, d, notes);
}
