import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { findForm } from '../../services/reports/forms/forms.js';
import { readAnswers } from '../../services/reports/load-report-answers.js';
import { canReviewReportsOf } from '../../services/access/report-access.js';
import { REVIEW_COMMENT_MAX } from '../../services/reports/review-report.js';
import { answerLines } from './report-summary.js';
import { reportName, timeText } from './report-text.js';

/** The officers' review flow and the prefix of its buttons. */
export const REVIEW = 'rvw';
export const REVIEW_LIST_MAX = 8;

/** A report id from a button (a small positive integer), or undefined for anything else. */
export const idArg = (arg: string | undefined) => (arg && /^\d{1,9}$/.test(arg) ? Number(arg) : undefined);

const listButton = (ctx: HandlerContext): Button[] => [
  { label: ctx.t('review.list_button'), action: REVIEW },
  { label: ctx.t('menu.back'), action: 'menu:main' },
];

/** Reports of the officer's area waiting for review, oldest first. */
export async function reviewList(ctx: HandlerContext, notes: string[] = []): Promise<OutboundMessage[]> {
  if (ctx.conversation.flow === REVIEW) ctx.endFlow();
  const { reports, total } = await ctx.services.listReportsForReview(ctx.who, REVIEW_LIST_MAX);
  const head = [...notes, ...(notes.length ? [''] : [])];
  if (!total) return [{ text: [...head, ctx.t('review.none')].join('\n'), buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];
  const lines = reports.map((r) => {
    const form = findForm(r.form);
    return ctx.t('review.line', {
      id: r.id,
      coop: r.cooperative.commune ? `${r.cooperative.name} (${r.cooperative.commune})` : r.cooperative.name,
      report: form ? reportName(ctx.t, form, r.period) : `${r.form} ${r.period}`,
      revision: r.revision,
      at: r.submittedAt ? timeText(r.submittedAt) : '',
    });
  });
  const more = total > reports.length ? [ctx.t('review.more', { count: total - reports.length })] : [];
  const buttons = reports.map((r) => [
    { label: ctx.t('review.view_label', { id: r.id, coop: r.cooperative.name.slice(0, 40) }), action: `${REVIEW}:v:${r.id}` },
  ]);
  return [
    {
      text: [...head, ctx.t('review.title', { total }), ...lines, ...more].join('\n'),
      buttons: [...buttons, [{ label: ctx.t('menu.back'), action: 'menu:main' }]],
    },
  ];
}

async function loadForReview(ctx: HandlerContext, id: number) {
  const report = await ctx.services.findReportForReview({ reportId: id });
  if (!report) return { problem: ctx.t('review.not_found', { id }) } as const;
  if (!canReviewReportsOf(ctx.who, report.cooperative)) return { problem: ctx.t('review.not_yours', { id }) } as const;
  const form = findForm(report.form);
  if (!form) return { problem: ctx.t('review.not_found', { id }) } as const;
  return { report, form } as const;
}

/** One report in full, with accept / return buttons while it waits for review. */
async function view(ctx: HandlerContext, id: number): Promise<OutboundMessage[]> {
  // Looking at a report ends a comment being typed for another one.
  if (ctx.conversation.flow === REVIEW) ctx.endFlow();
  const loaded = await loadForReview(ctx, id);
  if ('problem' in loaded) return [{ text: loaded.problem!, buttons: [listButton(ctx)] }];
  const { report, form } = loaded;
  const answers = readAnswers(form, report.answers);
  const head = ctx.t('review.view_title', {
    id: report.id,
    coop: report.cooperative.name,
    place: [report.cooperative.commune, report.cooperative.province].filter(Boolean).join(', '),
    report: reportName(ctx.t, form, report.period),
    revision: report.revision,
    at: report.submittedAt ? timeText(report.submittedAt) : '—',
    status: ctx.t(`reports.status.${report.status}`),
  });
  const decide: Button[][] =
    report.status === 'submitted'
      ? [
          [
            { label: ctx.t('review.accept'), action: `${REVIEW}:ok:${report.id}` },
            { label: ctx.t('review.return'), action: `${REVIEW}:ret:${report.id}` },
          ],
        ]
      : [];
  return [{ text: [head, '', ...answerLines(ctx, form, answers)].join('\n'), buttons: [...decide, listButton(ctx)] }];
}

/** Tells the cooperative's directors and reporters about a decision, each in their own language. */
async function tellCooperative(ctx: HandlerContext, cooperativeId: number, message: (t: HandlerContext['t']) => OutboundMessage) {
  const filers = await ctx.services.findReportFilers(cooperativeId);
  const sent = await Promise.all(filers.map((f) => ctx.notify(f.personId, { ...message(ctx.translatorFor(f.locale)), locale: f.locale })));
  return sent.filter(Boolean).length;
}

async function decide(ctx: HandlerContext, id: number, decision: 'accept' | 'return', comment?: string): Promise<OutboundMessage[]> {
  const result = await ctx.services.reviewReport({ reportId: id, reviewer: ctx.who, decision, comment, now: ctx.now });
  if (!result.ok) {
    ctx.endFlow();
    const problem = result.reason === 'not_allowed' ? 'review.not_yours' : result.reason === 'not_found' ? 'review.not_found' : 'review.already_decided';
    return reviewList(ctx, [ctx.t(problem, { id })]);
  }
  const form = findForm(result.report.form)!;
  const told = await tellCooperative(ctx, result.report.cooperativeId, (t) =>
    decision === 'accept'
      ? { text: t('review.accepted_notice', { report: reportName(t, form, result.report.period), coop: result.report.cooperativeName }) }
      : {
          text: t('review.returned_notice', { report: reportName(t, form, result.report.period), coop: result.report.cooperativeName, comment }),
          buttons: [[{ label: t('review.fix_button'), action: `rep:f:${form.id}:${result.report.period}` }]],
        },
  );
  ctx.log.info({ reportId: id, decision, told }, 'report reviewed');
  ctx.endFlow();
  return reviewList(ctx, [ctx.t(decision === 'accept' ? 'review.accepted' : 'review.returned', { id, count: told })]);
}

/** `/duyetbaocao`: officers and admins only. */
export const reviewCommand: Handler = async (ctx) => (isStaff(ctx.who.role) ? reviewList(ctx) : [ctx.mainMenu(ctx.t('review.only_officers'))]);

/** Buttons `rvw`, `rvw:v:<id>`, `rvw:ok:<id>`, `rvw:ret:<id>`, `rvw:cancel`, and the comment typed after "return". */
export const reviewHandler: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) {
    if (ctx.conversation.flow === REVIEW) ctx.endFlow();
    return [ctx.mainMenu(ctx.t('review.only_officers'))];
  }
  const [verb, arg] = ctx.args;
  const id = idArg(arg);
  if (ctx.action) {
    if (verb === 'v' && id !== undefined) return view(ctx, id);
    if (verb === 'ok' && id !== undefined) return decide(ctx, id, 'accept');
    if (verb === 'ret' && id !== undefined) {
      const loaded = await loadForReview(ctx, id);
      if ('problem' in loaded) return reviewList(ctx, [loaded.problem!]);
      if (loaded.report.status !== 'submitted') return reviewList(ctx, [ctx.t('review.already_decided', { id })]);
      ctx.goTo(REVIEW, 'comment', { reportId: id });
      return [
        {
          text: ctx.t('review.type_comment', { id, max: REVIEW_COMMENT_MAX }),
          input: 'text',
          buttons: [[{ label: ctx.t('common.cancel'), action: `${REVIEW}:cancel` }]],
        },
      ];
    }
    if (['v', 'ok', 'ret'].includes(verb ?? '')) return reviewList(ctx, [ctx.t('review.not_found', { id: arg })]);
    return reviewList(ctx);
  }
  // Typed text: the comment for a report being returned.
  const reportId = idArg(String(ctx.conversation.data.reportId ?? ''));
  if (ctx.conversation.step !== 'comment' || reportId === undefined) return reviewList(ctx);
  const comment = ctx.text.trim();
  if (comment.length < 3 || comment.length > REVIEW_COMMENT_MAX) {
    return [
      {
        text: ctx.t('review.comment_length', { max: REVIEW_COMMENT_MAX }),
        input: 'text',
        buttons: [[{ label: ctx.t('common.cancel'), action: `${REVIEW}:cancel` }]],
      },
    ];
  }
  return decide(ctx, reportId, 'return', comment);
};
