/**
 * Amounts of money in đồng as Vietnamese people type them: "1,5 tỷ", "200tr", "15 củ",
 * "2 tỷ 300", "1tr5", "5 triệu rưỡi", "500k", "1.500.000đ", "hai trăm triệu".
 */
import { dropHedges, isNumberWord, readNumberWords } from './parse-count.js';
import { fail, ok, prepare, type ParseResult } from './parse-result.js';
import { foldText } from './vietnamese-text.js';

/** Unit words (folded) and their size in đồng. "củ" is slang for triệu. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ['ty', 1e9],
  ['ti', 1e9],
  ['trieu', 1e6],
  ['triu', 1e6],
  ['tr', 1e6],
  ['cu', 1e6],
  ['nghin', 1e3],
  ['ngan', 1e3],
  ['ngin', 1e3],
  ['k', 1e3],
]);

/** The currency, allowed once at the end: "đ", "đồng", "vnđ", "VND", "₫". */
const CURRENCY: ReadonlySet<string> = new Set(['d', 'dong', 'vnd', '₫']);

/** Answers that mean "nothing" besides "0" and "không". */
const ZERO_PHRASES: ReadonlySet<string> = new Set(['ko', 'khong co', 'ko co', 'chua co']);

const MAX_VND = 1e15;

type Token =
  | { kind: 'num'; raw: string; grouped: boolean } // grouped: 1–3 digits, then groups of three after spaces
  | { kind: 'unit'; size: number }
  | { kind: 'word'; word: string };

/** An amount read before a unit (or at the end): its value, whether it had a fraction, its digit count. */
type Amount = { value: number; decimal: boolean; digits: number; next: number };

/**
 * Reads a written amount: "1,5 tỷ", "1.5 ty", "200tr", "15 củ", "2 tỷ 300 triệu", "2 tỷ 300"
 * (2,3 tỷ: a bare number after a unit is a fraction of it by its digit count), "1tr25",
 * "1 tỷ rưỡi", "500k", "1.500.000", "1 500 000", "1500000 vnđ", "không", "hai trăm triệu".
 * Returns whole đồng. A plain number below 1000 without a unit or currency ("45", "1,5") is
 * 'missing_unit'. Negative amounts ("-200 triệu", "âm 200 triệu", "lỗ 200 triệu") need
 * `allowNegative`, otherwise 'negative'.
 */
export function parseMoney(text: string, o: { allowNegative?: boolean } = {}): ParseResult<number> {
  let s = dropHedges(text);
  if (!prepare(s)) return fail('empty');

  // Sign: "-", "âm" or "lỗ" in front, "lãi"/"lời" (a profit) for plus; hedges may follow it
  // ("lỗ khoảng 200 triệu").
  let negative = false;
  const first = /^(?:([-−+])\s*|(\S+)\s+)/.exec(s);
  const word = first?.[2] === undefined ? undefined : foldText(first[2]);
  if (first && (first[1] !== undefined || ['am', 'lo', 'lai', 'loi'].includes(word!))) {
    negative = first[1] !== '+' && word !== 'lai' && word !== 'loi';
    s = dropHedges(s.slice(first[0].length));
  }
  const body = prepare(s);
  const read = ZERO_PHRASES.has(body) ? { vnd: 0, plain: false } : readAmount(body);
  if (!read) return fail('not_a_number');

  const vnd = Math.round(read.vnd);
  if (vnd > MAX_VND) return fail('too_large');
  if (negative && vnd !== 0 && !o.allowNegative) return fail('negative');
  if (read.plain && read.vnd !== 0 && read.vnd < 1000) return fail('missing_unit');
  return ok(negative && vnd !== 0 ? -vnd : vnd);
}

/** A period an amount is given for: "4tr/tháng", "120 triệu một năm", "30tr mỗi quý". */
export type MoneyPer = 'month' | 'quarter' | 'year';

const PER_WORDS: Readonly<Record<string, MoneyPer>> = { thang: 'month', th: 'month', quy: 'quarter', nam: 'year' };
/**
 * The period at the end (folded): after "/", or after "một", "mỗi", "1", "hằng", "hàng", "trên".
 * "tháng" and "quý" may also just follow the amount ("4 triệu tháng"); "năm" may not: it is also five.
 */
const PER_TAIL = /^(.*?\S)(?:\s*\/\s*(thang|th|quy|nam)|\s+(?:mot|moi|1|hang|tren)\s+(thang|quy|nam)|\s+(thang|quy))$/;

/**
 * An amount with the period it is given for, if any: "4tr/tháng" → 4.000.000 per month,
 * "120 triệu một năm" → per year, "1,5 tỷ" → no period. The amount is read as `parseMoney` does.
 */
export function parseMoneyPer(text: string, o: { allowNegative?: boolean } = {}): ParseResult<{ vnd: number; per?: MoneyPer }> {
  const m = PER_TAIL.exec(prepare(dropHedges(text)));
  if (m) {
    const amount = parseMoney(m[1]!, o);
    if (!amount.ok) return amount;
    return ok({ vnd: amount.value, per: PER_WORDS[(m[2] ?? m[3] ?? m[4])!] });
  }
  const amount = parseMoney(text, o);
  return amount.ok ? ok({ vnd: amount.value }) : amount;
}

/**
 * The amount in `body` (folded, no sign), or undefined. `plain` is true for a bare number with
 * neither unit nor currency, the case where "45" means 45 triệu more likely than 45 đồng.
 */
function readAmount(body: string): { vnd: number; plain: boolean } | undefined {
  const tokens = tokenize(body);
  if (!tokens) return undefined;
  const last = tokens.at(-1);
  const currency = last?.kind === 'word' && CURRENCY.has(last.word);
  if (currency) tokens.pop();
  if (tokens.length === 0) return undefined;

  let vnd = 0;
  let unit = Infinity; // the last unit named; units must get smaller ("2 tỷ 300 triệu")
  let unitAmount: Amount | undefined;
  let i = 0;
  while (i < tokens.length) {
    const amount = readUnitAmount(tokens, i);
    if (!amount) return undefined;
    i = amount.next;
    const t = tokens[i];
    if (t?.kind === 'unit') {
      if (t.size >= unit) return undefined;
      vnd += amount.value * t.size;
      unit = t.size;
      unitAmount = amount;
      i++;
      const after = tokens[i];
      if (after?.kind === 'word' && after.word === 'ruoi') {
        // "1 tỷ rưỡi": half of the unit just named, and nothing after it.
        if (amount.decimal || i + 1 < tokens.length) return undefined;
        return { vnd: vnd + t.size / 2, plain: false };
      }
      continue;
    }
    if (t !== undefined) return undefined;
    if (!unitAmount) return { vnd: amount.value, plain: !currency };
    // A bare number after a unit: "2 tỷ 300" = 2,3 tỷ, "1tr25" = 1,25 triệu.
    if (unitAmount.decimal || amount.decimal || amount.digits > 3 || amount.value === 0) return undefined;
    return { vnd: vnd + (amount.value / 10 ** amount.digits) * unit, plain: false };
  }
  return { vnd, plain: false };
}

/** Numbers, unit words and other words; undefined when there is anything else ("%", "/"). */
function tokenize(body: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (const [raw] of body.matchAll(/\d[\d.,]*\d|\d|\p{L}+|\S/gu)) {
    const prev = tokens.at(-1);
    if (/^\d/.test(raw)) {
      // "1 500 000": groups of three digits after a space belong to the number before.
      if (prev?.kind === 'num' && prev.grouped && /^\d{3}$/.test(raw)) {
        prev.raw += raw;
        continue;
      }
      tokens.push({ kind: 'num', raw, grouped: /^\d{1,3}$/.test(raw) });
    } else if (UNITS.has(raw)) {
      tokens.push({ kind: 'unit', size: UNITS.get(raw)! });
    } else if (/^\p{L}+$/u.test(raw) || raw === '₫') {
      tokens.push({ kind: 'word', word: raw });
    } else {
      return undefined;
    }
  }
  return tokens;
}

/** The amount at `i`: number words ("hai trăm", "2 trăm") or a written number. */
function readUnitAmount(tokens: readonly Token[], i: number): Amount | undefined {
  const t = tokens[i];
  const next = tokens[i + 1];
  const words: string[] = [];
  if (t?.kind === 'num' && /^[1-9]$/.test(t.raw) && next?.kind === 'word' && (next.word === 'tram' || next.word === 'muoi')) {
    words.push(t.raw);
  }
  for (let j = i + words.length; j < tokens.length; j++) {
    const w = tokens[j];
    if (w?.kind !== 'word' || !isNumberWord(w.word)) break;
    words.push(w.word);
  }
  if (words.length > 0) {
    const read = readNumberWords(words);
    if (!read) return undefined;
    return { value: read.value, decimal: false, digits: String(read.value).length, next: i + read.used };
  }
  if (t?.kind !== 'num') return undefined;
  const value = numeralValue(t.raw, next?.kind === 'unit');
  if (!value) return undefined;
  return { ...value, digits: /^\d+$/.test(t.raw) ? t.raw.length : Infinity, next: i + 1 };
}

/**
 * A written number. "." before exactly three digits groups thousands ("1.500.000", "1.500 triệu"),
 * otherwise it is a decimal point ("1.5 tỷ"). "," is a decimal comma before a unit ("1,5 tỷ",
 * "1,500 triệu" = 1,5 triệu); without a unit, several commas group ("1,500,000") and so does one
 * comma before exactly three digits ("150,000").
 */
function numeralValue(raw: string, unitFollows: boolean): { value: number; decimal: boolean } | undefined {
  const decimal = (int: string, frac: string) => ({ value: Number(`${int.replace(/[.,]/g, '')}.${frac}`), decimal: true });
  if (/^\d+$/.test(raw)) return { value: Number(raw), decimal: false };
  if (/^\d+(?:\.\d{3})+$/.test(raw)) return { value: Number(raw.replace(/\./g, '')), decimal: false };
  if (/^\d{1,3}(?:,\d{3}){2,}$/.test(raw)) return { value: Number(raw.replace(/,/g, '')), decimal: false };
  if (!unitFollows && /^\d{1,3},\d{3}$/.test(raw)) return { value: Number(raw.replace(',', '')), decimal: false };
  let m = /^(\d+(?:\.\d{3})*),(\d+)$/.exec(raw); // 1,5 · 1.500,5
  if (m) return decimal(m[1]!, m[2]!);
  m = /^(\d{1,3}(?:,\d{3})*)\.(\d+)$/.exec(raw); // 1.5 · 1,500.5
  if (m) return decimal(m[1]!, m[2]!);
  m = /^(\d+)\.(\d+)$/.exec(raw);
  if (m) return decimal(m[1]!, m[2]!);
  return undefined;
}
