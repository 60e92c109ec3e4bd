import type { OutboundMessage } from '../../lib/messages.js';
import type { HandlerContext } from '../../router/context.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { isRelativeDay, weekdayOf } from '../../lib/parse-date.js';
import { prepare } from '../../lib/parse-result.js';
import { parseYesNo } from '../../lib/parse-yes-no.js';
import { dayKeyText } from '../../lib/vn-time.js';
import { failedChecks, unansweredFields } from '../../services/reports/check-answers.js';
import { visibleFields, type AnswerValue, type FieldDef } from '../../services/reports/form-definition.js';
import { askField, defaultFor } from './ask-field.js';
import { checkValue, fieldKey, formatValue, noneLabel, readTypedAnswer } from './field-values.js';
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
  done: ['xong', 'done', 'da chon xong', 'chon xong'],
};
const said = (text: string, words: string[]) => words.includes(foldText(text).replace(/[.!]+$/, ''));

/** Sets the chat on a question and asks it. */
export function ask(ctx: HandlerContext, d: OpenDraft, f: FieldDef, notes: string[] = [], edit = d.data.edit, fixes: FieldDef[] = []): OutboundMessage[] {
  const data = { reportId: d.data.reportId, form: d.data.form, period: d.data.period, key: f.key, ...(edit ? { edit: true } : {}) };
  ctx.goTo(REP, 'ask', data);
  return [askField(ctx, { ...d, data }, f, notes, undefined, fixes)];
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

/** The echo of a stored answer: "✔️ Đã ghi Doanh thu: 1.500.000.000 đ (1,5 tỷ đồng)", "⏭ Đã bỏ qua: …". */
function echo(ctx: HandlerContext, d: OpenDraft, f: FieldDef, value: AnswerValue | null): string {
  const label = ctx.t(fieldKey(d.form, f, 'label'));
  if (value === null && !noneLabel(ctx.t, d.form, f)) return ctx.t('reports.skipped', { label });
  return ctx.t('reports.saved', { label, value: formatValue(ctx.t, ctx.locale, d.form, f, value, { words: true }) });
}

/**
 * Stores an answer (checked against the other answers first) and moves on: to the next question,
 * or back to the summary when the answer was an edit from it. A value that breaks a rule is not
 * stored and the question is asked again with the reason, and with a button to correct each
 * earlier answer the rule involves (the mistake may be there). `explanation`: typed after a "yes",
 * stored in the field that holds it (`explainedBy`) when that question comes next.
 */
export async function accept(
  ctx: HandlerContext,
  d: OpenDraft,
  f: FieldDef,
  value: AnswerValue | null,
  readNotes: string[] = [],
  explanation?: string,
): Promise<OutboundMessage[]> {
  const candidate = { ...d.answers, [f.key]: value };
  const failed = value === null ? [] : failedChecks(d.form, candidate, d.previous, f.key);
  const errors = failed.filter((c) => c.level === 'error');
  if (errors.length) {
    const visible = visibleFields(d.form, candidate);
    const fixes = visible.filter(
      (o) => o.key !== f.key && errors.some((c) => c.fields.includes(o.key)) && d.answers[o.key] !== undefined && d.answers[o.key] !== null,
    );
    const hint = fixes.length ? [ctx.t('reports.fix_hint', { button: ctx.t('reports.fix', { label: ctx.t(fieldKey(d.form, fixes[0]!, 'label')) }) })] : [];
    return ask(ctx, d, f, [...errors.map((c) => `❗ ${checkMessage(ctx, d.form, c, candidate, d.previous)}`), ...hint], d.data.edit, fixes);
  }
  const saved = await ctx.services.saveReportAnswer({ reportId: d.report.id, key: f.key, value, personId: ctx.who.personId, now: ctx.now });
  if (!saved) return draftGone(ctx);
  let next: OpenDraft = { ...d, answers: candidate };
  const notes = [...readNotes, echo(ctx, d, f, value), ...failed.map((c) => `⚠️ ${checkMessage(ctx, d.form, c, candidate, d.previous)}`)];
  const holder = explanation && f.explainedBy ? visibleFields(d.form, candidate).find((o) => o.key === f.explainedBy && o.type === 'text') : undefined;
  if (holder && explanation) {
    // "có, ký với công ty Sao Việt": the follow-up question is answered too (shown, and editable from the summary).
    const checked = checkValue(ctx.t, ctx.locale, d.form, holder, explanation);
    if (
      checked.ok &&
      (await ctx.services.saveReportAnswer({ reportId: d.report.id, key: holder.key, value: checked.value, personId: ctx.who.personId, now: ctx.now }))
    ) {
      next = { ...next, answers: { ...next.answers, [holder.key]: checked.value } };
      notes.push(echo(ctx, d, holder, checked.value));
    }
  }
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
  if (f.type === 'multi' && said(text, WORDS.done)) return finishMulti(ctx, d, f);
  if (f.type === 'date' && d.data.pending) {
    // "Thứ Sáu 04/12/2026 — đúng không?": có / ko typed; anything else is a new answer.
    const yes = parseYesNo(text);
    if (yes.ok) return confirmDate(ctx, d, f, yes.value);
  }
  const read = readTypedAnswer(ctx.t, ctx.locale, d.form, f, text, ctx.now);
  if (!read.ok) return ask(ctx, d, f, [`❗ ${read.problem}`], d.data.edit);
  if (read.value === null) return skip(ctx, d, f);
  if (f.type === 'date' && typeof read.value === 'string' && isRelativeDay(prepare(text))) return askToConfirmDate(ctx, d, f, read.value);
  return accept(ctx, d, f, read.value, read.notes, read.explanation);
}

/** A date named relative to today ("hôm qua", "thứ 6 tuần trước", "mai"), shown with its weekday to confirm. */
function askToConfirmDate(ctx: HandlerContext, d: OpenDraft, f: FieldDef, day: string): OutboundMessage[] {
  const data = { reportId: d.data.reportId, form: d.data.form, period: d.data.period, key: f.key, ...(d.data.edit ? { edit: true } : {}), pending: day };
  ctx.goTo(REP, 'ask', data);
  const weekday = ctx.t(`announcements.weekday.${weekdayOf(day)}`);
  const when = `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)} ${dayKeyText(day)}`;
  return [
    {
      text: ctx.t('reports.date_confirm.question', { label: ctx.t(fieldKey(d.form, f, 'label')), when }),
      input: 'choice',
      buttons: [
        [
          { label: ctx.t('reports.yes'), action: `${REP}:o:${f.key}:cy` },
          { label: ctx.t('reports.no'), action: `${REP}:o:${f.key}:cn` },
        ],
        [{ label: ctx.t('reports.pause'), action: `${REP}:pause` }],
      ],
    },
  ];
}

/** "Có" keeps the date waiting for confirmation; "Không" asks the question again. */
async function confirmDate(ctx: HandlerContext, d: OpenDraft, f: FieldDef, yes: boolean): Promise<OutboundMessage[]> {
  const day = d.data.pending;
  if (!day) return ask(ctx, d, f);
  if (!yes) return ask(ctx, d, f, [ctx.t('reports.date_confirm.again')]);
  const checked = checkValue(ctx.t, ctx.locale, d.form, f, day);
  if (!checked.ok) return ask(ctx, d, f, [`❗ ${checked.problem}`]);
  return accept(ctx, d, f, checked.value);
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

/**
 * "✏️ Sửa: <label>" under a question refused by a rule: the earlier answer it names, asked again;
 * once answered, the questions go on from there (back to this one).
 */
export function fixEarlier(ctx: HandlerContext, d: OpenDraft, arg: string | undefined): OutboundMessage[] {
  const target = visibleFields(d.form, d.answers).find((o) => o.key === arg);
  if (!target) return askNext(ctx, d);
  return ask(ctx, d, target, [], d.data.edit);
}

/** A choice or yes/no button (`o:<key>:<index|y|n>`). */
export async function pickOption(ctx: HandlerContext, d: OpenDraft, f: FieldDef, arg: string | undefined): Promise<OutboundMessage[]> {
  if (f.type === 'date' && (arg === 'cy' || arg === 'cn')) return confirmDate(ctx, d, f, arg === 'cy');
  let value: AnswerValue | undefined;
  if (f.type === 'yesno' && (arg === 'y' || arg === 'n')) value = arg === 'y';
  if (f.type === 'choice') value = f.options?.[Number(arg)];
  if (f.picks?.includes(Number(arg))) value = Number(arg);
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
