import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import { chunk } from '../../lib/chunk.js';
import { vnDateText, vnDayKey, vnEndOfDay, vnTimeText } from '../../lib/vn-time.js';
import { weekdayOf } from '../../lib/parse-date-time.js';
import type { HandlerContext } from '../../router/context.js';
import type { AreaCooperative } from '../../services/announcements/find-audience.js';
import { supportChoices } from '../../services/eligibility/qualifying-cooperatives.js';
import { timeText } from '../reports/report-text.js';
import {
  annFlow,
  AUDIENCES,
  areaOf,
  BODY_LENGTH,
  FILTERS,
  KINDS,
  PLACE_LENGTH,
  progressOf,
  provinceName,
  settled,
  TITLE_LENGTH,
  type AnnData,
  type Step,
} from './compose-state.js';

/** Toggle buttons shown at most (a saved menu holds 100 buttons); the others are picked by typing their names. */
export const MAX_TOGGLES = 90;

const act = annFlow.action;

export const sectorLabel = (t: T, sector: string) => t(`announcements.sector.${sector}`, { defaultValue: sector });

/** "Cooperative name (commune)". */
export const coopLabel = (c: Pick<AreaCooperative, 'name' | 'commune'>) => (c.commune ? `${c.name} (${c.commune})` : c.name);

/** The cooperatives chosen so far, re-read in the current area (some may have left it). */
export function chosenCooperatives(ctx: HandlerContext, d: AnnData): Promise<AreaCooperative[]> {
  return ctx.services.areaCooperativesById(areaOf(ctx.who, d), d.cooperativeIds ?? []);
}

/** "Toàn tỉnh Demo" (not "Toàn tỉnh Tỉnh Demo"), "Toàn thành phố Huế"; "All of Tỉnh Demo" in English. */
export function wholeProvince(t: T, province: string): string {
  const { name, city } = provinceName(province);
  return t(city ? 'announcements.area.whole_city' : 'announcements.area.whole', { province, name });
}

const mark = (on: boolean, label: string) => (on ? `✅ ${label}` : label);

/** Whether an instant is the last moment of its day (a deadline given as a day alone). */
export const isEndOfDay = (at: Date) => vnEndOfDay(vnDayKey(at)).getTime() === at.getTime();

/** A registration deadline as shown: "10/12/2026" (until the end of that day), or "17:00 10/12/2026". */
export const deadlineText = (at: Date) => (isEndOfDay(at) ? vnDateText(at) : timeText(at));

/** "Thứ Ba 15/12/2026, 08:00" (or "…, hết ngày"): a moment read from what was typed, to confirm. */
export function whenText(t: T, at: Date, endOfDay = false): string {
  const weekday = t(`announcements.weekday.${weekdayOf(vnDayKey(at))}`);
  const clock = endOfDay ? t('announcements.confirm.end_of_day') : vnTimeText(at).slice(0, 5);
  return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)} ${vnDateText(at)}, ${clock}`;
}

/** The value a text step already holds, as shown beside "keep". */
function currentValue(ctx: HandlerContext, step: Step, d: AnnData): string | undefined {
  switch (step) {
    case 'title':
      return d.title;
    case 'body':
      return d.body;
    case 'time':
      return d.startsAt ? timeText(new Date(d.startsAt)) : undefined;
    case 'place':
      return d.place;
    case 'deadline':
      if (d.registerBy === undefined) return undefined;
      return d.registerBy === null ? ctx.t('announcements.deadline.none') : deadlineText(new Date(d.registerBy));
    case 'sendat':
      return d.sendAt ? timeText(new Date(d.sendAt)) : undefined;
    default:
      return undefined;
  }
}

const short = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Sets the chat on a step and asks its question (one at a time), with what it already holds (after
 * "✏️ Sửa" every answer is offered to keep), and ◀️ Back / Cancel.
 */
export async function ask(ctx: HandlerContext, step: Step, d: AnnData, notes: string[] = []): Promise<OutboundMessage[]> {
  const { t } = ctx;
  let data = settled(d);
  const progress = progressOf(d, ctx.who, step);
  const head = [
    ...annFlow.notesHead(notes),
    progress.total === undefined
      ? t('announcements.progress_first', progress)
      : t(progress.more ? 'announcements.progress_more' : 'announcements.progress', progress),
  ];
  const lines: string[] = [];
  const choices: Button[] = [];
  const extra: Button[] = [];
  let input: OutboundMessage['input'] = 'text';

  const pending = d.pending?.step === step ? d.pending : undefined;
  if (pending) {
    // "Thứ Ba 15/12/2026, 08:00 — đúng không?": Có keeps it, Không asks again; typed có/ko work too.
    const question = [t('announcements.confirm.question', { when: whenText(t, new Date(pending.at), pending.endOfDay) })];
    if (pending.afternoon !== undefined) question.push(t('announcements.confirm.afternoon', { hour: pending.afternoon }));
    const yesNo = [
      { label: t('announcements.confirm.yes'), action: act(step, 'yes') },
      { label: t('announcements.confirm.no'), action: act(step, 'no') },
    ];
    return annFlow.prompt(ctx, step, { ...data, pending }, { text: [...head, ...question].join('\n'), input: 'choice', buttons: [yesNo] });
  }
  const current = currentValue(ctx, step, d);
  switch (step) {
    case 'kind':
      input = 'choice';
      lines.push(t('announcements.kind.prompt'));
      for (const k of KINDS) choices.push({ label: mark(d.kind === k, t(`announcements.kind.${k}`)), action: act(step, 'pick', k) });
      break;
    case 'title':
      lines.push(t('announcements.title.prompt', TITLE_LENGTH));
      break;
    case 'body':
      lines.push(t('announcements.body.prompt', BODY_LENGTH));
      break;
    case 'time':
      lines.push(t('announcements.time.prompt'));
      break;
    case 'place':
      lines.push(t('announcements.place.prompt', PLACE_LENGTH));
      break;
    case 'deadline':
      lines.push(t('announcements.deadline.prompt', { time: d.startsAt ? timeText(new Date(d.startsAt)) : '—' }));
      extra.push({ label: t('announcements.nav.skip'), action: act(step, 'skip') });
      break;
    case 'audience':
      input = 'choice';
      lines.push(t('announcements.audience.prompt'));
      for (const a of AUDIENCES) choices.push({ label: mark(d.audience === a, t(`announcements.audience.${a}`)), action: act(step, 'pick', a) });
      break;
    case 'area':
      input = 'choice';
      lines.push(t('announcements.area.prompt'));
      choices.push(
        { label: mark(d.area === 'all', wholeProvince(t, ctx.who.province ?? '')), action: act(step, 'pick', 'all') },
        { label: mark(d.area === 'communes', t('announcements.area.pick')), action: act(step, 'pick', 'communes') },
      );
      break;
    case 'communes':
    case 'sectors': {
      input = 'choice';
      const options =
        d.options ??
        (step === 'communes' ? await ctx.services.listAreaCommunes(ctx.who.province ?? '') : await ctx.services.listAreaSectors(areaOf(ctx.who, d)));
      const kept = step === 'communes' ? d.communes : d.sectors;
      const picked = (d.picked ?? kept ?? []).filter((p) => options.includes(p));
      data = { ...data, options, picked };
      const label = (o: string) => (step === 'sectors' ? sectorLabel(t, o) : o);
      lines.push(t(`announcements.${step}.prompt`));
      lines.push(picked.length ? t('announcements.toggle.picked', { list: picked.map(label).join(', ') }) : t('announcements.toggle.none_picked'));
      options.slice(0, MAX_TOGGLES).forEach((o, i) => choices.push({ label: mark(picked.includes(o), label(o)), action: act(step, 't', String(i)) }));
      if (options.length > MAX_TOGGLES) lines.push(t('announcements.toggle.more', { count: options.length - MAX_TOGGLES }));
      if (picked.length) extra.push({ label: t('announcements.nav.done'), action: act(step, 'done') });
      break;
    }
    case 'filter':
      input = 'choice';
      lines.push(t('announcements.filter.prompt'));
      for (const f of FILTERS) choices.push({ label: mark(d.filter === f, t(`announcements.filter.${f}`)), action: act(step, 'pick', f) });
      break;
    case 'coops': {
      lines.push(t('announcements.coops.prompt'));
      const chosen = await chosenCooperatives(ctx, d);
      if (chosen.length) {
        lines.push(t('announcements.coops.chosen', { count: chosen.length }), ...chosen.map((c) => `• ${coopLabel(c)}`), t('announcements.coops.retype'));
        extra.push({ label: t('announcements.nav.next'), action: act(step, 'done') });
      }
      break;
    }
    case 'support': {
      // "Các HTX đủ điều kiện hưởng …": the supports in force, by number (a button's id stays short).
      input = 'choice';
      const supports = supportChoices(ctx.now);
      const options = d.options ?? supports.map((x) => x.ruleId);
      const titles = new Map(supports.map((x) => [x.ruleId, x.title[ctx.locale]]));
      data = { ...data, options };
      lines.push(t('announcements.support.prompt'));
      options.forEach((id, i) => choices.push({ label: mark(d.eligibleFor === id, titles.get(id) ?? id), action: act(step, 'pick', String(i)) }));
      break;
    }
    case 'when':
      input = 'choice';
      lines.push(t('announcements.when.prompt'));
      choices.push(
        { label: mark(d.when === 'now', t('announcements.when.now')), action: act(step, 'pick', 'now') },
        { label: mark(d.when === 'later', t('announcements.when.later')), action: act(step, 'pick', 'later') },
      );
      break;
    case 'sendat':
      lines.push(t('announcements.sendat.prompt'));
      break;
    case 'preview':
      throw new Error('The preview is shown by showPreview');
  }
  if (current !== undefined) {
    lines.push(t('announcements.current', { value: current }));
    extra.push({ label: t('announcements.nav.keep', { value: short(current) }), action: act(step, 'keep') });
  }
  const buttons = [...chunk(choices, step === 'communes' || step === 'sectors' ? 2 : 1), ...chunk(extra, 1)];
  return annFlow.prompt(ctx, step, data, { text: [...head, ...lines].join('\n'), input, buttons });
}
