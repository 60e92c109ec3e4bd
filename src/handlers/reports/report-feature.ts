import type { OutboundMessage } from '../../lib/messages.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { canFileReports } from '../../services/access/report-access.js';
import { visibleFields } from '../../services/reports/form-definition.js';
import { delegateHandler, DELEGATE } from './delegate.js';
import { ask, askNext, answerTyped, finishMulti, fixEarlier, goBack, keep, pause, pickOption, skip, toggleOption } from './fill-flow.js';
import { openFromHome, reportHome } from './report-home.js';
import { loadOpenDraft, REP } from './report-state.js';
import { summary } from './report-summary.js';
import { REVIEW, reviewCommand, reviewHandler, reviewList } from './review-flow.js';
import { submit } from './submit-step.js';

/** "sửa 7", "sua cau 7", "7": the number of the answer to change, from the summary. */
function editNumber(text: string): number | undefined {
  const m = /^(?:sua|chinh|doi|edit)?\s*(?:cau|muc|so)?\s*(\d{1,3})$/.exec(foldText(text));
  return m ? Number(m[1]) : undefined;
}

/** Who may not file reports is told why, and what to do instead. */
function notAllowed(ctx: HandlerContext): OutboundMessage[] {
  if (ctx.conversation.flow === REP) ctx.endFlow();
  const key = isStaff(ctx.who.role) ? 'reports.officer_instead' : ctx.who.cooperativeId ? 'reports.only_directors' : 'reports.no_cooperative';
  return [ctx.mainMenu(ctx.t(key))];
}

/** Every `rep:…` button and every message while a report is being filled in. */
const reportHandler: Handler = async (ctx) => {
  if (!canFileReports(ctx.who)) return notAllowed(ctx);
  const [verb = '', key, arg] = ctx.action ? ctx.args : [];
  if (ctx.action) {
    if (verb === '') return reportHome(ctx);
    if (verb === 'more') return reportHome(ctx, [], true);
    if (verb === 'f') return openFromHome(ctx, key, ctx.args.slice(2).join(':') || undefined);
  }
  const d = await loadOpenDraft(ctx);
  if (!d) return reportHome(ctx, ctx.action ? [ctx.t('errors.button_expired')] : []);
  if (verb === 'revise') return openFromHome(ctx, d.form.id, d.data.period, true);
  if (d.report.draft === null) {
    // Looking at a submitted report: anything typed shows it again (with its "correct" button).
    if (ctx.conversation.step === 'view') return openFromHome(ctx, d.form.id, d.data.period);
    return reportHome(ctx, [ctx.t('reports.draft_gone')]);
  }
  const step = ctx.conversation.step;
  const asked = d.data.key ? d.form.fields.find((f) => f.key === d.data.key) : undefined;
  const current = asked && visibleFields(d.form, d.answers).includes(asked) ? asked : undefined;

  if (ctx.action) {
    if (verb === 'pause') return pause(ctx);
    if (verb === 'sum') return [summary(ctx, d)];
    if (verb === 'next') return askNext(ctx, d);
    if (verb === 'send') return submit(ctx, d);
    if (verb === 'edit') {
      ctx.goTo(REP, 'pick', { reportId: d.data.reportId, form: d.data.form, period: d.data.period });
      const count = visibleFields(d.form, d.answers).length;
      return [{ text: ctx.t('reports.pick_number', { count }), input: 'text', buttons: [[{ label: ctx.t('reports.to_summary'), action: `${REP}:sum` }]] }];
    }
    // Question buttons carry their question's key: a stale button re-asks the current question.
    if (!current || key !== current.key) return current ? ask(ctx, d, current, [ctx.t('reports.old_button')]) : [summary(ctx, d)];
    if (verb === 'keep') return keep(ctx, d, current);
    if (verb === 'skip') return skip(ctx, d, current);
    if (verb === 'back') return goBack(ctx, d, current);
    if (verb === 'o') return pickOption(ctx, d, current, arg);
    if (verb === 'm') return toggleOption(ctx, d, current, arg);
    if (verb === 'done') return finishMulti(ctx, d, current);
    if (verb === 'fix') return fixEarlier(ctx, d, arg);
    return ask(ctx, d, current);
  }

  // Typed text.
  if (step === 'ask' && current) return answerTyped(ctx, d, current);
  if (step === 'summary' || step === 'pick') {
    const folded = foldText(ctx.text);
    if (step === 'summary' && ['gui', 'gui bao cao', 'nop', 'send', 'submit'].includes(folded)) return submit(ctx, d);
    const n = editNumber(ctx.text);
    const visible = visibleFields(d.form, d.answers);
    if (n !== undefined && n >= 1 && n <= visible.length) return ask(ctx, d, visible[n - 1]!, [], true);
    if (n !== undefined) return [summary(ctx, d, [ctx.t('reports.no_such_number', { count: visible.length })])];
    return [summary(ctx, d, [ctx.t('reports.summary_not_understood')])];
  }
  return askNext(ctx, d);
};

/** `/baocao` and the menu button: the home screen (or straight back into a report being filled in). */
const reportCommand: Handler = async (ctx) => {
  if (!canFileReports(ctx.who)) return isStaff(ctx.who.role) ? reviewList(ctx) : notAllowed(ctx);
  return reportHome(ctx);
};

/**
 * Self-reports: directors (and the members they delegate) fill in the cooperative's periodic
 * reports one question at a time; officers of the area accept them or return them with a comment.
 */
export const reportsFeature: Feature = {
  name: 'reports',
  commands: { baocao: reportCommand, report: reportCommand, uyquyen: delegateHandler, duyetbaocao: reviewCommand },
  actions: { [REP]: reportHandler, [REVIEW]: reviewHandler, [DELEGATE]: delegateHandler },
  flows: { [REP]: reportHandler, [REVIEW]: reviewHandler },
  menu: (ctx) => {
    if (canFileReports(ctx.who)) return [{ label: ctx.t('reports.menu'), action: REP }];
    if (isStaff(ctx.who.role)) return [{ label: ctx.t('review.menu'), action: REVIEW }];
    return [];
  },
};
