import type { OutboundMessage } from '../../lib/messages.js';
import type { HandlerContext } from '../../router/context.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { failedChecks, unansweredFields } from '../../services/reports/check-answers.js';
import { visibleFields, type AnswerValue, type FieldDef } from '../../services/reports/form-definition.js';
import { askField, defaultFor } from './ask-field.js';
import { checkValue, fieldKey, formatValue, readTypedAnswer } from './field-values.js';
import { REP, type OpenDraft } from './report-state.js';
import { checkMessage, summary } from './report-summary.js';

/** Typed words that steer the questions (folded, no diacritics). */
const WORDS = {
  back: ['quay lai', 'lui', 'lui lai', 'tro lai', 'back', 'cau truoc'],
  skip: ['bo qua', 'bo', 'skip', 'khong tra loi', 'de trong'],
  keep: ['giu nguyen', 'giu', 'nhu cu', 'nhu nam truoc', 'nhu quy truoc', 'keep', 'same'],
  help: ['?', 'giup', 'giai thich', 'huong dan', 'help', 'la gi', 'nghia la gi'],
  pause: ['tam dung', 'dung', 'de sau', 'lam sau', 'pause', 'luu'],
  summary: ['xem lai', 'tom tat', 'summary', 'review'],
};
const said = (text: string, words: string[]) => words.includes(foldText(text).replace(/[.!]+$/, ''));

/** Sets the chat on a question and asks it. */
export function ask(ctx: HandlerContext, d: OpenDraft, f: FieldDef, notes: string[] = [], edit = d.data.edit): OutboundMessage[] {
  const data = { reportId: d.data.reportId, form: d.data.form, period: d.data.period, key: f.key, ...(edit ? { edit: true } : {}) };
  ctx.goTo(REP, 'ask', data);
  return [askField(ctx, { ...d, data }, f, notes)];
}

/** The next question after `afterKey` that has no answer yet (then any unanswered one), else the summary. */
export function askNext(ctx: HandlerContext, d: OpenDraft, notes: string[] = [], afterKey?: string): OutboundMessage[] {
  const open = unansweredFields(d.form, d.answers);
  const order = visibleFields(d.form, d.answers).map((f) => f.key);
  const after = afterKey ? order.indexOf(afterKey) : -1;
  const next = open.find((f) => order.indexOf(f.key) > after) ?? open[0];
  if (!next) return [summary(ctx, d, notes)];
  return ask(ctx, d, next, notes, false);
}

/** The question before this one (in the order they are asked now). */
function previousField(d: OpenDraft, key: string): FieldDef | undefined {
  const visible = visibleFields(d.form, d.answers);
  const i = visible.findIndex((f) => f.key === key);
  return i > 0 ? visible[i - 1] : undefined;
}

/** The report was submitted from another chat while this one was filling it in. */
export function draftGone(ctx: HandlerContext): OutboundMessage[] {
  ctx.endFlow();
  return [ctx.mainMenu(ctx.t('reports.draft_gone'))];
}

/**
 * Stores an answer (checked against the other answers first) and moves on: to the next question,
 * or back to the summary when the answer was an edit from it. A value that breaks a rule is not
 * stored and the question is asked again with the reason.
 */
export async function accept(ctx: HandlerContext, d: OpenDraft, f: FieldDef, value: AnswerValue | null): Promise<OutboundMessage[]> {
  const candidate = { ...d.answers, [f.key]: value };
  const failed = value === null ? [] : failedChecks(d.form, candidate, d.previous, f.key);
  const errors = failed.filter((c) => c.level === 'error');
  if (errors.length) {
    return ask(
      ctx,
      d,
      f,
      errors.map((c) => `❗ ${checkMessage(ctx, d.form, c, candidate, d.previous)}`),
    );
  }
  const saved = await ctx.services.saveReportAnswer({ reportId: d.report.id, key: f.key, value, personId: ctx.who.personId, now: ctx.now });
  if (!saved) return draftGone(ctx);
  const next: OpenDraft = { ...d, answers: candidate };
  const echo =
    value === null
      ? ctx.t('reports.skipped', { label: ctx.t(fieldKey(d.form, f, 'label')) })
      : ctx.t('reports.saved', { label: ctx.t(fieldKey(d.form, f, 'label')), value: formatValue(ctx.t, ctx.locale, d.form, f, value, { words: true }) });
  const notes = [echo, ...failed.map((c) => `⚠️ ${checkMessage(ctx, d.form, c, candidate, d.previous)}`)];
  if (d.data.edit) {
    // An edit can open new questions (a "yes" that asks "which partner?"): ask those first.
    const opened = unansweredFields(d.form, next.answers).find((o) => visibleFields(d.form, d.answers).every((v) => v.key !== o.key));
    return opened ? ask(ctx, next, opened, notes, true) : [summary(ctx, next, notes)];
  }
  return askNext(ctx, next, notes, f.key);
}

/** Typed text while a question is open. */
export async function answerTyped(ctx: HandlerContext, d: OpenDraft, f: FieldDef): Promise<OutboundMessage[]> {
  const text = ctx.text;
  if (said(text, WORDS.help)) return ask(ctx, d, f, [`ℹ️ ${ctx.t(fieldKey(d.form, f, 'help'))}`]);
  if (said(text, WORDS.back)) return goBack(ctx, d, f);
  if (said(text, WORDS.skip)) return skip(ctx, d, f);
  if (said(text, WORDS.keep)) return keep(ctx, d, f);
  if (said(text, WORDS.pause)) return pause(ctx);
  if (said(text, WORDS.summary)) return [summary(ctx, d)];
  const read = readTypedAnswer(ctx.t, ctx.locale, d.form, f, text, ctx.now);
  if (!read.ok) return ask(ctx, d, f, [`❗ ${read.problem}`], d.data.edit);
  return accept(ctx, d, f, read.value);
}

export function goBack(ctx: HandlerContext, d: OpenDraft, f: FieldDef): OutboundMessage[] {
  if (d.data.edit) return [summary(ctx, d)];
  const before = previousField(d, f.key);
  if (!before) return ask(ctx, d, f, [ctx.t('reports.first_question')]);
  return ask(ctx, d, before);
}

export async function skip(ctx: HandlerContext, d: OpenDraft, f: FieldDef): Promise<OutboundMessage[]> {
  if (f.required) return ask(ctx, d, f, [ctx.t('reports.required')]);
  return accept(ctx, d, f, null);
}

export async function keep(ctx: HandlerContext, d: OpenDraft, f: FieldDef): Promise<OutboundMessage[]> {
  const value = defaultFor(d, f);
  if (!value) return ask(ctx, d, f, [ctx.t('reports.nothing_to_keep')]);
  // Last period's value must still fit this form's rules (it may be an older version).
  const checked = checkValue(ctx.t, ctx.locale, d.form, f, value.value);
  if (!checked.ok) return ask(ctx, d, f, [`❗ ${checked.problem}`]);
  return accept(ctx, d, f, checked.value);
}

export function pause(ctx: HandlerContext): OutboundMessage[] {
  ctx.endFlow();
  return [ctx.mainMenu(ctx.t('reports.paused'))];
}

/** A choice or yes/no button (`o:<key>:<index|y|n>`). */
export async function pickOption(ctx: HandlerContext, d: OpenDraft, f: FieldDef, arg: string | undefined): Promise<OutboundMessage[]> {
  let value: AnswerValue | undefined;
  if (f.type === 'yesno' && (arg === 'y' || arg === 'n')) value = arg === 'y';
  if (f.type === 'choice') value = f.options?.[Number(arg)];
  if (value === undefined) return ask(ctx, d, f);
  return accept(ctx, d, f, value);
}

/** A multiple-choice button ticks or unticks one option; "Xong" stores the ticked ones. */
export function toggleOption(ctx: HandlerContext, d: OpenDraft, f: FieldDef, arg: string | undefined): OutboundMessage[] {
  const option = f.options?.[Number(arg)];
  const picked = new Set(d.data.picked ?? []);
  if (option) {
    if (picked.has(option)) picked.delete(option);
    else if (option === f.noneOption) (picked.clear(), picked.add(option));
    else {
      if (f.noneOption) picked.delete(f.noneOption);
      picked.add(option);
    }
  }
  const list = (f.options ?? []).filter((o) => picked.has(o));
  const data = { reportId: d.data.reportId, form: d.data.form, period: d.data.period, key: f.key, ...(d.data.edit ? { edit: true } : {}), picked: list };
  ctx.goTo(REP, 'ask', data);
  return [askField(ctx, { ...d, data }, f, [], list)];
}

export async function finishMulti(ctx: HandlerContext, d: OpenDraft, f: FieldDef): Promise<OutboundMessage[]> {
  const picked = d.data.picked ?? [];
  if (!picked.length) return ask(ctx, d, f, [ctx.t('reports.multi_empty')]);
  const checked = checkValue(ctx.t, ctx.locale, d.form, f, picked);
  if (!checked.ok) return ask(ctx, d, f, [`❗ ${checked.problem}`]);
  return accept(ctx, d, f, checked.value);
}
