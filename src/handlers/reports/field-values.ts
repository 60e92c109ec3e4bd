import type { Locale, T } from '../../i18n/i18n.js';
import { formatInteger, formatMoney, formatMoneyWords, formatPercent } from '../../lib/format-number.js';
import { parseInteger, parsePercent } from '../../lib/parse-count.js';
import { parseDate } from '../../lib/parse-date.js';
import { parseMoneyPer } from '../../lib/parse-money.js';
import { prepare, type ParseError } from '../../lib/parse-result.js';
import { parseYesNoExplained } from '../../lib/parse-yes-no.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { fieldSchema, type AnswerValue, type FieldDef, type FormDef } from '../../services/reports/form-definition.js';

/** The i18n key of a field's text (`label`, `prompt`, `help`, `unit`). */
export const fieldKey = (form: FormDef, f: FieldDef, part: string) => `forms.${form.id}.fields.${f.key}.${part}`;
export const optionLabel = (t: T, form: FormDef, f: FieldDef, value: string) => t(fieldKey(form, f, `options.${value}`));
/** What an empty answer means for fields that have a word for it ("Chưa có", "Không có"), else undefined. */
export const noneLabel = (t: T, form: FormDef, f: FieldDef): string | undefined => t(fieldKey(form, f, 'none'), { defaultValue: '' }) || undefined;
/** A button for a number of a `picks` field: "4 sao". */
export const pickLabel = (t: T, form: FormDef, f: FieldDef, n: number) => `${n} ${t(fieldKey(form, f, 'unit'), { defaultValue: '', count: n })}`.trim();

/** A value as the user reads it back: `1.500.000.000 đ`, `45 thành viên`, `Có`, `Đất đai, Tín dụng`. */
export function formatValue(t: T, locale: Locale, form: FormDef, f: FieldDef, v: AnswerValue | null | undefined, o: { words?: boolean } = {}): string {
  if (v === undefined) return t('reports.value_none');
  if (v === null) return noneLabel(t, form, f) ?? t('reports.value_skipped');
  const unit = () => {
    const u = t(fieldKey(form, f, 'unit'), { defaultValue: '', count: typeof v === 'number' ? v : 2 });
    return u ? ` ${u}` : '';
  };
  switch (f.type) {
    case 'integer':
      return `${formatInteger(v as number, locale)}${unit()}`;
    case 'money': {
      const exact = formatMoney(v as number, locale);
      const words = formatMoneyWords(v as number, locale);
      return o.words && Math.abs(v as number) >= 1_000_000 ? `${exact} (${words})` : exact;
    }
    case 'percent':
      return formatPercent(v as number, locale);
    case 'date': {
      const [y, m, d] = String(v).split('-');
      return `${d}/${m}/${y}`;
    }
    case 'choice':
      return optionLabel(t, form, f, String(v));
    case 'multi':
      return (v as string[]).map((x) => optionLabel(t, form, f, x)).join(', ');
    case 'yesno':
      return t(v ? 'reports.yes' : 'reports.no');
    case 'text':
      // '': answered "không", "ko" (nothing to report), shown as "(không có)".
      return v === '' ? t('reports.none_text') : String(v);
  }
}

/**
 * A typed answer read: its value (null: "none" for an optional field), with notes to show (how a
 * monthly amount was turned into a yearly one) and the explanation typed after a yes or no.
 */
export type ReadResult = { ok: true; value: AnswerValue | null; notes?: string[]; explanation?: string } | { ok: false; problem: string };
type CheckResult = { ok: true; value: AnswerValue } | { ok: false; problem: string };

const PARSE_PROBLEM: Record<ParseError, string> = {
  empty: 'reports.bad.empty',
  not_a_number: 'reports.bad.not_a_number',
  not_integer: 'reports.bad.not_integer',
  negative: 'reports.bad.negative',
  too_large: 'reports.bad.too_large',
  missing_unit: 'reports.bad.missing_unit',
  not_a_date: 'reports.bad.not_a_date',
  no_such_day: 'reports.bad.no_such_day',
  not_a_period: 'reports.bad.not_a_date',
  not_yes_no: 'reports.bad.not_yes_no',
  wrong_weekday: 'reports.bad.wrong_weekday',
};

/** "Nothing" typed: "ko", "k", "không", "hông", "không có", "chưa có gì", "không có khó khăn gì". */
const NONE_TEXT =
  /^(?:khong|ko|k|kg|kh|khg|hong|hok|khum|chua|none|no|nothing|n\/a)(?: co)?(?: gi)?(?: (?:kho khan|kien nghi|de xuat)(?: gi)?)?(?: (?:ca|het))?$/;
const saysNone = (text: string) => NONE_TEXT.test(prepare(text.replace(/[,…]/g, ' ')));

const MONTHS: Record<'month' | 'quarter' | 'year', number> = { month: 1, quarter: 3, year: 12 };

/** Letters, digits and single spaces, folded: "Xúc tiến thương mại – hội chợ" → "xuc tien thuong mai hoi cho". */
const bare = (s: string) =>
  foldText(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Picks options by typed numbers ("1, 3", "1 3") or words of their labels, with or without
 * diacritics, separated by commas or spaces: "đất đai, tín dụng", "dao tao, hoi cho", "dat dai tin dung".
 */
function readOptions(t: T, form: FormDef, f: FieldDef, text: string): string[] | undefined {
  const options = f.options ?? [];
  const labels = options.map((o) => ` ${bare(optionLabel(t, form, f, o))} `);
  /** The one option whose label is, starts with or holds these words (a whole word each), else undefined. */
  const find = (words: string): number | undefined => {
    if (/^\d{1,2}$/.test(words)) return Number(words) >= 1 && Number(words) <= options.length ? Number(words) - 1 : undefined;
    if (words.length < 2) return undefined;
    const exact = labels.findIndex((l) => l.trim() === words);
    if (exact >= 0) return exact;
    const starts = labels.flatMap((l, i) => (l.startsWith(` ${words} `) || (words.length >= 3 && l.startsWith(` ${words}`)) ? [i] : []));
    if (starts.length === 1) return starts[0];
    const inside = labels.flatMap((l, i) => (l.includes(` ${words} `) ? [i] : []));
    return inside.length === 1 ? inside[0] : undefined;
  };
  const picked: number[] = [];
  for (const part of text.split(/[,;+\n]|\s+v[aà]\s+|\s+với\s+|\s+voi\s+/i)) {
    const words = bare(part).split(' ').filter(Boolean);
    // Each run of words, longest first: "dat dai tin dung" → "dat dai", "tin dung".
    for (let i = 0; i < words.length;) {
      let j = words.length;
      let hit: number | undefined;
      for (; j > i; j--) if ((hit = find(words.slice(i, j).join(' '))) !== undefined) break;
      if (hit === undefined) return undefined;
      if (!picked.includes(hit)) picked.push(hit);
      i = j;
    }
  }
  return picked.length ? options.filter((_o, i) => picked.includes(i)) : undefined;
}

/**
 * Reads a typed answer for a field: parsed in the Vietnamese way (money in words, no diacritics),
 * then checked with the field's zod schema. A problem is an i18n key plus values, ready to show.
 */
export function readTypedAnswer(t: T, locale: Locale, form: FormDef, f: FieldDef, text: string, now: Date): ReadResult {
  const bad = (key: string, values: Record<string, unknown> = {}): ReadResult => ({ ok: false, problem: t(key, values) });
  const example = () => t(fieldKey(form, f, 'example'), { defaultValue: t(`reports.example.${f.type}`) });
  // "ko", "không có", "chưa có": nothing to report. An optional free text stores nothing ('', shown
  // "(không có)"; not a skip, which is null); a required one needs its answer; a field with a word for
  // "none" (OCOP stars: "Chưa có") stays empty.
  if (f.type === 'text' && saysNone(text)) return f.required ? bad('reports.bad.none_required') : { ok: true, value: '' };
  if (!f.required && noneLabel(t, form, f) && saysNone(text)) return { ok: true, value: null };
  let value: AnswerValue;
  const notes: string[] = [];
  let explanation: string | undefined;
  switch (f.type) {
    case 'money': {
      const parsed = parseMoneyPer(text, { allowNegative: f.allowNegative });
      if (!parsed.ok) return bad(PARSE_PROBLEM[parsed.error], { example: example() });
      const { vnd, per } = parsed.value;
      value = vnd;
      if (per && per !== f.per) {
        // "4tr/tháng" for a year's income: 12 months of it, said so.
        if (!f.per || MONTHS[per] > MONTHS[f.per]) return bad(`reports.bad.money_per_${f.per ?? 'none'}`, { example: example() });
        const times = MONTHS[f.per] / MONTHS[per];
        value = vnd * times;
        notes.push(t(`reports.money_per.${per}_${f.per}`, { amount: formatMoney(vnd, locale), times, total: formatMoney(value, locale) }));
      }
      break;
    }
    case 'yesno': {
      const parsed = parseYesNoExplained(text);
      if (!parsed.ok) return bad(PARSE_PROBLEM[parsed.error], { example: example() });
      value = parsed.value.value;
      if (parsed.value.value && parsed.value.explanation && f.explainedBy) explanation = parsed.value.explanation;
      break;
    }
    case 'integer':
    case 'percent':
    case 'date': {
      // "4*", "4 ⭐", "4 sao" at a star question: the number.
      const typed = f.picks ? text.replace(/[*⭐★]+/gu, ' ') : text;
      const parsed = f.type === 'integer' ? parseInteger(typed) : f.type === 'percent' ? parsePercent(typed) : parseDate(typed, now);
      if (!parsed.ok) return bad(PARSE_PROBLEM[parsed.error], { example: example() });
      value = parsed.value;
      break;
    }
    case 'choice':
    case 'multi': {
      const picked = readOptions(t, form, f, text);
      if (!picked) return bad('reports.bad.not_an_option', { count: f.options?.length ?? 0 });
      if (f.type === 'choice' && picked.length !== 1) return bad('reports.bad.one_option');
      value = f.type === 'choice' ? picked[0]! : picked;
      break;
    }
    case 'text':
      value = text.trim();
      if (!value) return bad('reports.bad.empty', { example: example() });
      break;
  }
  const checked = checkValue(t, locale, form, f, value);
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value, ...(notes.length ? { notes } : {}), ...(explanation ? { explanation } : {}) };
}

/** The field's own rule (range, length, a lone "none" option), with a message that says why. */
export function checkValue(t: T, locale: Locale, form: FormDef, f: FieldDef, value: AnswerValue): CheckResult {
  if (f.type === 'multi' && f.noneOption && Array.isArray(value) && value.includes(f.noneOption) && value.length > 1) {
    return { ok: false, problem: t('reports.bad.none_with_others', { none: optionLabel(t, form, f, f.noneOption) }) };
  }
  const checked = fieldSchema(f).safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  if (f.type === 'text') return { ok: false, problem: t('reports.bad.text_length', { max: f.maxLength ?? 1000 }) };
  if (typeof value === 'number') {
    if (f.picks && !f.picks.includes(value)) {
      const list = f.picks.map((n) => pickLabel(t, form, f, n)).join(', ');
      const none = noneLabel(t, form, f);
      return { ok: false, problem: t(none ? 'reports.bad.not_a_pick_or_none' : 'reports.bad.not_a_pick', { list, none }) };
    }
    const min = f.min ?? (f.allowNegative ? undefined : 0);
    if (min !== undefined && value < min)
      return { ok: false, problem: min > 0 ? t('reports.bad.too_small_min', { min: formatValue(t, locale, form, f, min) }) : t('reports.bad.negative') };
    const max = f.max ?? (f.type === 'percent' ? 100 : undefined);
    if (max !== undefined) return { ok: false, problem: t('reports.bad.too_large_max', { max: formatValue(t, locale, form, f, max) }) };
    return { ok: false, problem: t('reports.bad.too_large') };
  }
  return { ok: false, problem: t('reports.bad.not_an_option', { count: f.options?.length ?? 0 }) };
}
