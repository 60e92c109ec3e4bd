import type { Locale, T } from '../../i18n/i18n.js';
import { formatInteger, formatMoney, formatMoneyWords, formatPercent } from '../../lib/format-number.js';
import { parseInteger, parsePercent } from '../../lib/parse-count.js';
import { parseDate } from '../../lib/parse-date.js';
import { parseMoney } from '../../lib/parse-money.js';
import type { ParseError } from '../../lib/parse-result.js';
import { parseYesNo } from '../../lib/parse-yes-no.js';
import { foldText } from '../../lib/vietnamese-text.js';
import { fieldSchema, type AnswerValue, type FieldDef, type FormDef } from '../../services/reports/form-definition.js';

/** The i18n key of a field's text (`label`, `prompt`, `help`, `unit`). */
export const fieldKey = (form: FormDef, f: FieldDef, part: string) => `forms.${form.id}.fields.${f.key}.${part}`;
export const optionLabel = (t: T, form: FormDef, f: FieldDef, value: string) => t(fieldKey(form, f, `options.${value}`));

/** A value as the user reads it back: `1.500.000.000 đ`, `45 thành viên`, `Có`, `Đất đai, Tín dụng`. */
export function formatValue(t: T, locale: Locale, form: FormDef, f: FieldDef, v: AnswerValue | null | undefined, o: { words?: boolean } = {}): string {
  if (v === undefined) return t('reports.value_none');
  if (v === null) return t('reports.value_skipped');
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
      return String(v);
  }
}

export type ReadResult = { ok: true; value: AnswerValue } | { ok: false; problem: string };

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
};

/** Picks options by typed numbers ("1, 3") or labels ("đất đai, tín dụng"). */
function readOptions(t: T, form: FormDef, f: FieldDef, text: string): string[] | undefined {
  const options = f.options ?? [];
  const parts = text
    .split(/[,;+]|\s+va\s+|\s+và\s+/i)
    .map((p) => p.trim())
    .filter(Boolean);
  const numbers = text.match(/^\s*\d+(\s*[,;\s]\s*\d+)*\s*$/) ? text.match(/\d+/g)!.map(Number) : undefined;
  if (numbers) {
    if (numbers.some((n) => n < 1 || n > options.length)) return undefined;
    return [...new Set(numbers.map((n) => options[n - 1]!))];
  }
  const byLabel = new Map(options.map((o) => [foldText(optionLabel(t, form, f, o)), o]));
  const picked: string[] = [];
  for (const p of parts) {
    const folded = foldText(p);
    const hit = byLabel.get(folded) ?? [...byLabel].find(([label]) => label.startsWith(folded) && folded.length >= 3)?.[1];
    if (!hit) return undefined;
    if (!picked.includes(hit)) picked.push(hit);
  }
  return picked.length ? picked : undefined;
}

/**
 * Reads a typed answer for a field: parsed in the Vietnamese way (money in words, no diacritics),
 * then checked with the field's zod schema. A problem is an i18n key plus values, ready to show.
 */
export function readTypedAnswer(t: T, locale: Locale, form: FormDef, f: FieldDef, text: string, now: Date): ReadResult {
  const bad = (key: string, values: Record<string, unknown> = {}): ReadResult => ({ ok: false, problem: t(key, values) });
  let value: AnswerValue;
  switch (f.type) {
    case 'integer':
    case 'money':
    case 'percent':
    case 'date':
    case 'yesno': {
      const parsed =
        f.type === 'integer'
          ? parseInteger(text)
          : f.type === 'money'
            ? parseMoney(text, { allowNegative: f.allowNegative })
            : f.type === 'percent'
              ? parsePercent(text)
              : f.type === 'date'
                ? parseDate(text, now)
                : parseYesNo(text);
      if (!parsed.ok) return bad(PARSE_PROBLEM[parsed.error], { example: t(`reports.example.${f.type}`) });
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
      break;
  }
  return checkValue(t, locale, form, f, value);
}

/** The field's own rule (range, length, a lone "none" option), with a message that says why. */
export function checkValue(t: T, locale: Locale, form: FormDef, f: FieldDef, value: AnswerValue): ReadResult {
  if (f.type === 'multi' && f.noneOption && Array.isArray(value) && value.includes(f.noneOption) && value.length > 1) {
    return { ok: false, problem: t('reports.bad.none_with_others', { none: optionLabel(t, form, f, f.noneOption) }) };
  }
  const checked = fieldSchema(f).safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  if (f.type === 'text') return { ok: false, problem: t('reports.bad.text_length', { max: f.maxLength ?? 1000 }) };
  if (typeof value === 'number') {
    const min = f.min ?? (f.allowNegative ? undefined : 0);
    if (min !== undefined && value < min) return { ok: false, problem: t('reports.bad.negative') };
    const max = f.max ?? (f.type === 'percent' ? 100 : undefined);
    if (max !== undefined) return { ok: false, problem: t('reports.bad.too_large_max', { max: formatValue(t, locale, form, f, max) }) };
    return { ok: false, problem: t('reports.bad.too_large') };
  }
  return { ok: false, problem: t('reports.bad.not_an_option', { count: f.options?.length ?? 0 }) };
}
