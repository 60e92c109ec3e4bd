import type { OutboundMessage } from '../../lib/messages.js';
import { parseDateTime, readDateTime, typedWeekday, weekdayOf, type DateTimeReading, type ParseDateTimeOptions } from '../../lib/parse-date-time.js';
import type { ParseError } from '../../lib/parse-result.js';
import { parseYesNo } from '../../lib/parse-yes-no.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { vnDateText, vnDayKey, vnEndOfDay, vnWallClock, yearLater } from '../../lib/vn-time.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { matchCommuneName } from '../../services/areas/match-area-name.js';
import { supportChoices } from '../../services/eligibility/qualifying-cooperatives.js';
import { timeText } from '../reports/report-text.js';
import { ask, coopLabel, deadlineText } from './compose-ask.js';
import { confirm, previewTarget, sendAtProblem, showPreview } from './compose-preview.js';
import {
  annFlow,
  areaOf,
  AUDIENCES,
  BODY_LENGTH,
  FILTERS,
  KINDS,
  PLACE_LENGTH,
  sequence,
  settled,
  TITLE_LENGTH,
  WORDS,
  type AnnData,
  type Step,
} from './compose-state.js';

/**
 * Composing an announcement (a training, a trade fair, another notice) for the cooperatives of an
 * officer's area, one question at a time: kind → title → description → (time → place →
 * registration deadline) → audience → area → filter → when → preview → send. Every answer is saved
 * in the conversation before the next question; ◀️ Quay lại and Hủy work at every step, and buttons
 * carry their step so an old one never answers the wrong question.
 */

const said = (text: string, words: string[]) => words.includes(foldText(text).replace(/[.!]+$/, ''));
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => values.find((x) => x === v);
const length = (s: string) => [...s].length;

/** Asks a step, or shows the preview; a toggle step first loads its choices (none: back a step). */
async function enter(ctx: HandlerContext, step: Step, d: AnnData, notes: string[] = []): Promise<OutboundMessage[]> {
  if (step === 'preview') return showPreview(ctx, d, notes);
  if (step === 'communes') {
    const options = await ctx.services.listAreaCommunes(ctx.who.province ?? '');
    if (!options.length) return ask(ctx, 'area', { ...d, area: undefined }, [...notes, ctx.t('announcements.communes.none_available')]);
    return ask(ctx, step, { ...d, options, picked: (d.communes ?? []).filter((c) => options.includes(c)) }, notes);
  }
  if (step === 'sectors') {
    const options = await ctx.services.listAreaSectors(areaOf(ctx.who, d));
    if (!options.length) return ask(ctx, 'filter', { ...d, filter: undefined }, [...notes, ctx.t('announcements.sectors.none_available')]);
    return ask(ctx, step, { ...d, options, picked: (d.sectors ?? []).filter((s) => options.includes(s)) }, notes);
  }
  if (step === 'support') {
    const options = supportChoices(ctx.now).map((x) => x.ruleId);
    if (!options.length) return ask(ctx, 'filter', { ...d, filter: undefined }, [...notes, ctx.t('announcements.support.none_available')]);
    return ask(ctx, step, { ...d, options }, notes);
  }
  return ask(ctx, step, d, notes);
}

/** The step after `from` (given the answers now), asked. */
function next(ctx: HandlerContext, from: Step, d: AnnData, notes: string[] = []): Promise<OutboundMessage[]> {
  return enter(ctx, annFlow.after(sequence(d, ctx.who), from) ?? 'preview', settled(d), notes);
}

function back(ctx: HandlerContext, from: Step, d: AnnData): Promise<OutboundMessage[]> {
  const previous = annFlow.before(sequence(d, ctx.who), from);
  if (!previous) return ask(ctx, 'kind', settled(d), [ctx.t('announcements.first_step')]);
  return enter(ctx, previous, settled(d));
}

/** The same step again (a toggle step keeps its choices), with notes. */
function again(ctx: HandlerContext, step: Step, d: AnnData, notes: string[] = []): Promise<OutboundMessage[]> {
  return step === 'preview' ? showPreview(ctx, d, notes) : ask(ctx, step, d, notes);
}

const saved = (ctx: HandlerContext, step: Step, value?: string) =>
  value === undefined
    ? ctx.t('announcements.saved', { what: ctx.t(`announcements.fields.${step}`) })
    : ctx.t('announcements.saved_value', { what: ctx.t(`announcements.fields.${step}`), value });

function timeError(ctx: HandlerContext, step: TimeStep, error: ParseError, text: string): string {
  if (error === 'wrong_weekday') {
    // "thứ 2 15/12": say which weekday that day is, and let them check which of the two they meant.
    const r = parseDateTime(text, ctx.now, { future: true, ignoreWeekday: true });
    const typed = typedWeekday(foldText(text)).weekday;
    if (r.ok && typed !== undefined) {
      const day = vnDayKey(r.value);
      return ctx.t('announcements.errors.wrong_weekday', {
        date: vnDateText(r.value),
        weekday: ctx.t(`announcements.weekday.${weekdayOf(day)}`),
        typed: ctx.t(`announcements.weekday.${typed}`),
      });
    }
  }
  return error === 'no_such_day' ? ctx.t('announcements.errors.no_such_day') : ctx.t(`announcements.${step}.not_understood`);
}

/** The steps that take a moment: the event's time, the registration deadline, the sending time. */
type TimeStep = 'time' | 'deadline' | 'sendat';
type Pending = NonNullable<AnnData['pending']>;

/** How the composer reads a moment: ahead, and "2 giờ" (no part of the day) as 14:00, to confirm. */
const MOMENT: ParseDateTimeOptions = { future: true, guessAfternoon: true };

/**
 * A reading to confirm before it is kept ("Thứ Ba 15/12/2026, 08:00 — đúng không?"): a day named
 * relative to today ("mai", "thứ 3 tuần sau"), an hour taken from a part of the day ("sáng mai"),
 * or "2 giờ" read as the afternoon.
 */
function toConfirm(step: TimeStep, r: DateTimeReading, at: Date, endOfDay = false): Pending | undefined {
  if (!r.relative && !r.hourGuessed && !r.afternoonGuessed) return undefined;
  return {
    step,
    at: at.toISOString(),
    ...(r.afternoonGuessed ? { afternoon: vnWallClock(r.at).getUTCHours() - 12 } : {}),
    ...(endOfDay ? { endOfDay } : {}),
  };
}

/** The end of a calendar day (Việt Nam), or the event's start when it is that day. */
function registrationCloses(day: string, startsAt: Date): Date {
  const end = vnEndOfDay(day);
  return end.getTime() > startsAt.getTime() ? startsAt : end;
}

/**
 * A registration deadline, in the same words as the event's time: a day ("10/12", "thứ 6 tuần sau",
 * "mai": until the end of that day) or a moment ("17h 10/12"), from now up to the event's start.
 */
function readDeadline(ctx: HandlerContext, d: AnnData, text: string): { registerBy: Date; confirm?: Pending } | { problem: string } {
  const startsAt = d.startsAt ? new Date(d.startsAt) : undefined;
  if (!startsAt) return { problem: ctx.t('announcements.deadline.not_understood') };
  const r = readDateTime(text, ctx.now, { guessAfternoon: true });
  if (!r.ok) return { problem: timeError(ctx, 'deadline', r.error, text) };
  let reading = r.value;
  const today = vnDayKey(ctx.now);
  const gone = (x: DateTimeReading) => (x.timed ? x.at.getTime() <= ctx.now.getTime() : vnDayKey(x.at) < today);
  if (gone(reading)) {
    // "5/1" typed in December for a January event: next year's, when the year was not typed.
    const later = /\d/.test(text) ? readDateTime(text, yearLater(ctx.now), { guessAfternoon: true }) : undefined;
    if (!later?.ok || vnDayKey(later.value.at) === vnDayKey(reading.at) || gone(later.value))
      return { problem: ctx.t('announcements.deadline.past', { date: vnDateText(reading.at) }) };
    reading = later.value;
  }
  const day = vnDayKey(reading.at);
  if (reading.timed ? reading.at.getTime() > startsAt.getTime() : day > vnDayKey(startsAt)) return { problem: ctx.t('announcements.deadline.after_event') };
  const registerBy = reading.timed ? reading.at : registrationCloses(day, startsAt);
  const confirm = toConfirm('deadline', reading, registerBy, !reading.timed && registerBy.getTime() !== startsAt.getTime());
  return confirm ? { registerBy, confirm } : { registerBy };
}

/** Why a moment cannot be this step's value now (passed, or after the event), else undefined. */
function momentProblem(ctx: HandlerContext, step: TimeStep, d: AnnData, at: Date): string | undefined {
  const { t } = ctx;
  if (step === 'time') return at <= ctx.now ? t('announcements.time.passed', { time: timeText(at) }) : undefined;
  if (step === 'sendat') return at <= ctx.now ? t('announcements.sendat.passed', { time: timeText(at) }) : sendAtProblem(t, d, at);
  if (at <= ctx.now) return t('announcements.deadline.passed');
  return d.startsAt && at.getTime() > new Date(d.startsAt).getTime() ? t('announcements.deadline.after_event') : undefined;
}

/** Keeps a moment as the step's value (checked first) and goes on. */
function keepMoment(ctx: HandlerContext, step: TimeStep, d: AnnData, at: Date): Promise<OutboundMessage[]> {
  const base = { ...d, pending: undefined };
  const problem = momentProblem(ctx, step, base, at);
  if (problem) return ask(ctx, step, base, [problem]);
  if (step === 'time') return next(ctx, step, { ...base, startsAt: at.toISOString() }, [saved(ctx, step, timeText(at))]);
  if (step === 'sendat') return next(ctx, step, { ...base, sendAt: at.toISOString() }, [saved(ctx, step, timeText(at))]);
  return next(ctx, step, { ...base, registerBy: at.toISOString() }, [saved(ctx, step, deadlineText(at))]);
}

/** A moment typed at its step: kept, or first confirmed when relative or ambiguous. */
function typedMoment(ctx: HandlerContext, step: 'time' | 'sendat', d: AnnData, text: string): Promise<OutboundMessage[]> {
  const r = readDateTime(text, ctx.now, MOMENT);
  if (!r.ok) return ask(ctx, step, d, [timeError(ctx, step, r.error, text)]);
  const confirm = toConfirm(step, r.value, r.value.at);
  if (!confirm) return keepMoment(ctx, step, d, r.value.at);
  const problem = momentProblem(ctx, step, d, r.value.at);
  return problem ? ask(ctx, step, d, [problem]) : ask(ctx, step, { ...d, pending: confirm });
}

/** "Có"/"Không" to a moment waiting for confirmation: kept, or asked again. */
function confirmed(ctx: HandlerContext, step: Step, d: AnnData, yes: boolean): Promise<OutboundMessage[]> {
  const p = d.pending;
  if (!p || p.step !== step) return again(ctx, step, d);
  if (yes) return keepMoment(ctx, p.step, d, new Date(p.at));
  return ask(ctx, step, { ...d, pending: undefined }, [ctx.t('announcements.confirm.again')]);
}

/** "Giữ nguyên": the value the step already holds, checked again (a time may have passed meanwhile). */
async function keep(ctx: HandlerContext, step: Step, held: AnnData): Promise<OutboundMessage[]> {
  const d = { ...held, pending: undefined };
  const nothing = () => again(ctx, step, d, [ctx.t('announcements.nothing_to_keep')]);
  switch (step) {
    case 'title':
    case 'body':
    case 'place':
      return (step === 'title' ? d.title : step === 'body' ? d.body : d.place) ? next(ctx, step, d) : nothing();
    case 'time': {
      if (!d.startsAt) return nothing();
      const at = new Date(d.startsAt);
      if (at <= ctx.now) return ask(ctx, step, { ...d, startsAt: undefined }, [ctx.t('announcements.time.passed', { time: timeText(at) })]);
      return next(ctx, step, d);
    }
    case 'deadline': {
      if (d.registerBy === undefined) return nothing();
      if (d.registerBy === null) return next(ctx, step, d);
      const checked = readDeadline(ctx, d, deadlineText(new Date(d.registerBy)));
      if ('problem' in checked) return ask(ctx, step, { ...d, registerBy: undefined }, [checked.problem]);
      return next(ctx, step, { ...d, registerBy: checked.registerBy.toISOString() });
    }
    case 'sendat': {
      if (!d.sendAt) return nothing();
      const at = new Date(d.sendAt);
      const problem = at <= ctx.now ? ctx.t('announcements.sendat.passed', { time: timeText(at) }) : sendAtProblem(ctx.t, d, at);
      if (problem) return ask(ctx, step, { ...d, sendAt: undefined }, [problem]);
      return next(ctx, step, d);
    }
    default:
      return nothing();
  }
}

/** Ticks or unticks a commune or sector (by its index in the choices offered). */
function toggle(d: AnnData, index: number): AnnData {
  const option = d.options?.[index];
  if (option === undefined) return d;
  const picked = new Set(d.picked ?? []);
  if (picked.has(option)) picked.delete(option);
  else picked.add(option);
  return { ...d, picked: (d.options ?? []).filter((o) => picked.has(o)) };
}

/** "Xong" at a toggle step: stores the ticked communes or sectors. */
function finishToggles(ctx: HandlerContext, step: 'communes' | 'sectors', d: AnnData): Promise<OutboundMessage[]> {
  const picked = d.picked ?? [];
  if (!picked.length) return ask(ctx, step, d, [ctx.t(`announcements.${step}.empty`)]);
  return next(ctx, step, { ...d, [step]: picked });
}

const bare = (s: string) =>
  foldText(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const withoutPrefix = (s: string) => s.replace(/^(?:xa|phuong|thi tran|dac khu|nganh) /, '');

/** Typed at a toggle step: numbers and names separated by commas, each ticked or unticked. */
function typedToggles(ctx: HandlerContext, step: 'communes' | 'sectors', d: AnnData, text: string): Promise<OutboundMessage[]> {
  const options = d.options ?? [];
  const labels = options.map((o) => bare(step === 'sectors' ? ctx.t(`announcements.sector.${o}`, { defaultValue: o }) : o));
  let next = d;
  const unknown: string[] = [];
  const notes: string[] = [];
  const suggestions = new Set<string>();
  const terms = /^[\d\s,;.]+$/.test(text) ? text.split(/[\s,;.]+/) : text.split(/[,;\n]+/);
  for (const term of terms.map((s) => s.trim()).filter(Boolean)) {
    const q = bare(term);
    let index = -1;
    // A commune: the official units of the province first ("xa tan lap" → "Xã Tân Lập"), then the names on record.
    const official = step === 'communes' && !/^\d{1,3}$/.test(q) ? matchCommuneName(ctx.who.province ?? '', term, options) : undefined;
    if (official && 'found' in official) index = options.indexOf(official.found);
    if (index >= 0) {
      next = toggle(next, index);
      continue;
    }
    if (/^\d{1,3}$/.test(q)) index = Number(q) - 1 < options.length ? Number(q) - 1 : -1;
    else {
      index = labels.findIndex((l, i) => l === q || withoutPrefix(l) === withoutPrefix(q) || bare(options[i]!) === q);
      if (index < 0) {
        const containing = labels.flatMap((l, i) => (l.includes(q) ? [i] : []));
        if (containing.length === 1) index = containing[0]!;
      }
    }
    if (index >= 0) next = toggle(next, index);
    else if (official && 'found' in official) notes.push(ctx.t('areas.no_active_cooperatives', { commune: official.found }));
    else {
      unknown.push(term);
      const close = official ? ('ambiguous' in official ? official.ambiguous : official.suggestions) : [];
      for (const name of close) if (options.includes(name)) suggestions.add(name);
    }
  }
  if (unknown.length) notes.unshift(ctx.t('announcements.toggle.not_found', { list: unknown.join(', ') }));
  if (suggestions.size) notes.push(ctx.t('areas.did_you_mean', { suggestions: [...suggestions].join(', ') }));
  return ask(ctx, step, next, notes);
}

/** Typed at "specific cooperatives": names or registration codes, matched in the area. */
async function typedCooperatives(ctx: HandlerContext, d: AnnData, text: string): Promise<OutboundMessage[]> {
  const { matches, notFound, tooMany } = await ctx.services.matchAreaCooperatives(areaOf(ctx.who, d), text);
  const notes = [
    ...tooMany.map((m) => ctx.t('announcements.coops.too_many', { term: m.term, count: m.count })),
    ...(notFound.length ? [ctx.t('announcements.coops.not_found', { list: notFound.join(', ') })] : []),
  ];
  if (!matches.length) return ask(ctx, 'coops', d, [...notes, ctx.t('announcements.coops.none')]);
  const found = [ctx.t('announcements.coops.found', { count: matches.length, list: matches.map(coopLabel).join('; ') })];
  return ask(ctx, 'coops', { ...d, cooperativeIds: matches.map((m) => m.id) }, [...found, ...notes]);
}

/** A typed answer to the current step. */
async function onText(ctx: HandlerContext, step: Step, d: AnnData, text: string): Promise<OutboundMessage[]> {
  const { t } = ctx;
  if (said(text, WORDS.back)) return back(ctx, step, d);
  if (d.pending) {
    // "Thứ Ba 15/12/2026, 08:00 — đúng không?": có / ko typed; anything else is a new answer.
    const yes = parseYesNo(text);
    if (yes.ok) return confirmed(ctx, step, d, yes.value);
    d = { ...d, pending: undefined };
  }
  if (said(text, WORDS.keep)) return keep(ctx, step, d);
  switch (step) {
    case 'title': {
      const title = text.replace(/\s+/g, ' ').trim();
      if (length(title) < TITLE_LENGTH.min || length(title) > TITLE_LENGTH.max)
        return ask(ctx, step, d, [t('announcements.title.length', { ...TITLE_LENGTH, len: length(title) })]);
      return next(ctx, step, { ...d, title }, [saved(ctx, step)]);
    }
    case 'body': {
      const body = text
        .replace(/[ \t]+/g, ' ')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      if (length(body) < BODY_LENGTH.min || length(body) > BODY_LENGTH.max)
        return ask(ctx, step, d, [t('announcements.body.length', { ...BODY_LENGTH, len: length(body) })]);
      return next(ctx, step, { ...d, body }, [saved(ctx, step)]);
    }
    case 'time':
    case 'sendat':
      return typedMoment(ctx, step, d, text);
    case 'place': {
      const place = text.replace(/\s+/g, ' ').trim();
      if (length(place) < PLACE_LENGTH.min || length(place) > PLACE_LENGTH.max) return ask(ctx, step, d, [t('announcements.place.length', PLACE_LENGTH)]);
      return next(ctx, step, { ...d, place }, [saved(ctx, step)]);
    }
    case 'deadline': {
      if (said(text, WORDS.skip)) return next(ctx, step, { ...d, registerBy: null }, [t('announcements.deadline.skipped')]);
      const r = readDeadline(ctx, d, text);
      if ('problem' in r) return ask(ctx, step, d, [r.problem]);
      if (r.confirm) return ask(ctx, step, { ...d, pending: r.confirm });
      return keepMoment(ctx, step, d, r.registerBy);
    }
    case 'area':
      // "toan tinh", "chon xa": the buttons' meaning typed in other words.
      if (said(text, WORDS.whole)) return next(ctx, step, { ...d, area: 'all' });
      if (said(text, WORDS.communes)) return next(ctx, step, { ...d, area: 'communes' });
      return again(ctx, step, d, [t('announcements.choose')]);
    case 'communes':
    case 'sectors':
      if (said(text, WORDS.done)) return finishToggles(ctx, step, d);
      return typedToggles(ctx, step, d, text);
    case 'coops':
      if (said(text, WORDS.done)) return d.cooperativeIds?.length ? next(ctx, step, d) : ask(ctx, step, d, [t('announcements.coops.none')]);
      return typedCooperatives(ctx, d, text);
    default:
      // A step answered with buttons: typed numbers and labels were already turned into presses.
      return again(ctx, step, d, [t('announcements.choose')]);
  }
}

/** A button of the current step (`ann:<step>:<verb>[:<arg>]`). */
async function onButton(ctx: HandlerContext, step: Step, d: AnnData, verb: string, arg: string | undefined): Promise<OutboundMessage[]> {
  if (verb === 'back') return back(ctx, step, d);
  if (verb === 'keep') return keep(ctx, step, d);
  if (verb === 'yes' || verb === 'no') return confirmed(ctx, step, d, verb === 'yes');
  switch (step) {
    case 'kind': {
      const kind = oneOf(KINDS, arg);
      if (verb === 'pick' && kind) return next(ctx, step, { ...d, kind });
      break;
    }
    case 'deadline':
      if (verb === 'skip') return next(ctx, step, { ...d, registerBy: null }, [ctx.t('announcements.deadline.skipped')]);
      break;
    case 'audience': {
      const audience = oneOf(AUDIENCES, arg);
      if (verb === 'pick' && audience) return next(ctx, step, { ...d, audience });
      break;
    }
    case 'area':
      if (verb === 'pick' && (arg === 'all' || arg === 'communes')) return next(ctx, step, { ...d, area: arg });
      break;
    case 'communes':
    case 'sectors':
      if (verb === 't' && arg && /^\d{1,3}$/.test(arg)) return ask(ctx, step, toggle(d, Number(arg)));
      if (verb === 'done') return finishToggles(ctx, step, d);
      break;
    case 'filter': {
      const filter = oneOf(FILTERS, arg);
      if (verb === 'pick' && filter) return next(ctx, step, { ...d, filter });
      break;
    }
    case 'coops':
      if (verb === 'done') return d.cooperativeIds?.length ? next(ctx, step, d) : ask(ctx, step, d, [ctx.t('announcements.coops.none')]);
      break;
    case 'support': {
      const eligibleFor = verb === 'pick' && arg && /^\d{1,3}$/.test(arg) ? d.options?.[Number(arg)] : undefined;
      if (eligibleFor) return next(ctx, step, { ...d, eligibleFor });
      break;
    }
    case 'when':
      if (verb === 'pick' && (arg === 'now' || arg === 'later')) return next(ctx, step, { ...d, when: arg, ...(arg === 'now' ? { sendAt: undefined } : {}) });
      break;
    case 'preview': {
      if (verb === 'send') return confirm(ctx, d);
      if (verb === 'edit') return ask(ctx, 'title', d);
      const target = verb === 'goto' ? previewTarget(ctx, d, arg) : undefined;
      if (target) return enter(ctx, target, d);
      break;
    }
    default:
      break;
  }
  return again(ctx, step, d);
}

/** `/thongbao` and the menu entry: a new announcement, or back to the step of the one being composed. */
export const startCompose: Handler = annFlow.start(async (ctx) => {
  const d = annFlow.read(ctx);
  const step = ctx.conversation.step;
  if (d && annFlow.isStep(step)) return again(ctx, step, d, [ctx.t('announcements.resume')]);
  return ask(ctx, 'kind', {}, [ctx.t('announcements.intro')]);
});

/** Every `ann:…` button and every message while an announcement is being composed. */
export const composeHandler: Handler = annFlow.handler({
  start: startCompose,
  // An unreadable state starts over; a button of an announcement already sent or cancelled says so.
  lost: async (ctx) =>
    ctx.conversation.flow === annFlow.name ? ask(ctx, 'kind', {}, [ctx.t('announcements.restart')]) : [ctx.mainMenu(ctx.t('announcements.expired'))],
  again,
  button: onButton,
  text: (ctx, step, d, text) => (text ? onText(ctx, step, d, text) : again(ctx, step, d)),
});
