/**
 * Counts and percentages as people type them, and the pieces the other number parsers share:
 * hedging words in front of a number ("khoảng 45") and Vietnamese number words 0–999
 * ("bốn mươi lăm", "một trăm linh năm", "hai trăm rưỡi").
 */
import { fail, ok, prepare, type ParseResult } from './parse-result.js';
import { cleanText, foldText } from './vietnamese-text.js';

// ——— Vietnamese number words (folded) ———

/** Digit names 1–9. "năm" is 5 (and also "year": see TAIL). */
const DIGITS: ReadonlyMap<string, number> = new Map([
  ['mot', 1],
  ['hai', 2],
  ['ba', 3],
  ['bon', 4],
  ['nam', 5],
  ['sau', 6],
  ['bay', 7],
  ['tam', 8],
  ['chin', 9],
]);

/**
 * The last digit after "mươi"/"mười": "mốt" (1), "tư" (4), "lăm"/"nhăm" (5). Not "năm": 25 is
 * "hai mươi lăm", and "hai mươi năm" is twenty years.
 */
const TAIL: ReadonlyMap<string, number> = new Map([...[...DIGITS].filter(([w]) => w !== 'nam'), ['tu', 4], ['lam', 5], ['nham', 5]]);

/** The tens digit after "trăm" when the tens are left out: "một trăm hai" = 120, "hai trăm mốt" = 210. */
const TENS_AFTER_HUNDRED: ReadonlyMap<string, number> = new Map([...TAIL].filter(([w]) => w !== 'lam' && w !== 'nham'));

/** The units digit after "linh"/"lẻ": "một trăm linh năm" = 105, "hai trăm lẻ tư" = 204. */
const AFTER_LINH: ReadonlyMap<string, number> = new Map([...DIGITS, ['tu', 4]]);

/** Every word that can be part of a number 0–999. */
const NUMBER_WORDS: ReadonlySet<string> = new Set([...DIGITS.keys(), 'khong', 'muoi', 'tram', 'linh', 'le', 'lam', 'nham', 'tu', 'ruoi']);

/** A leading digit: its name, or the digit itself ("2 trăm" is written as often as "hai trăm"). */
function leadingDigit(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (/^[1-9]$/.test(word)) return Number(word);
  return DIGITS.get(word);
}

/** 1–99 from exactly these words, or undefined. */
function tensValue(w: readonly string[]): number | undefined {
  const [a, b, c] = w;
  if (a === 'muoi') {
    if (w.length === 1) return 10;
    const t = w.length === 2 ? TAIL.get(b!) : undefined;
    return t === undefined ? undefined : 10 + t;
  }
  const d = leadingDigit(a);
  if (d === undefined) return undefined;
  if (w.length === 1) return d;
  if (d < 2) return undefined;
  if (b === 'muoi') {
    if (w.length === 2) return d * 10;
    const t = w.length === 3 ? TAIL.get(c!) : undefined;
    return t === undefined ? undefined : d * 10 + t;
  }
  // Spoken short forms without "mươi": "hai lăm" = 25, "ba mốt" = 31, "hai tư" = 24. ("hai ba" is
  // "two or three", so other digits are not read this way.)
  if (w.length === 2 && (b === 'lam' || b === 'nham' || b === 'mot' || b === 'tu')) return d * 10 + TAIL.get(b)!;
  return undefined;
}

/** 0–999 from exactly these words, or undefined. */
function numberWordsValue(w: readonly string[]): number | undefined {
  if (w.length === 1 && w[0] === 'khong') return 0;
  if (w[1] !== 'tram') return tensValue(w);
  const h = w[0] === 'khong' ? 0 : leadingDigit(w[0]);
  if (h === undefined) return undefined;
  const rest = w.slice(2);
  const [a, b] = rest;
  // "không trăm" needs something after it: "không trăm linh năm" (in "một nghìn không trăm linh năm").
  if (rest.length === 0) return h === 0 ? undefined : h * 100;
  if (rest.length === 1 && a === 'ruoi') return h * 100 + 50;
  if (rest.length === 1 && TENS_AFTER_HUNDRED.has(a!)) return h * 100 + TENS_AFTER_HUNDRED.get(a!)! * 10;
  if (rest.length === 1) return undefined; // "một trăm năm" is a hundred years, not 105
  if (rest.length === 2 && (a === 'linh' || a === 'le') && AFTER_LINH.has(b!)) return h * 100 + AFTER_LINH.get(b!)!;
  if (/^[0-9]$/.test(a!)) return undefined; // digits only lead: "2 trăm", not "hai trăm 5"
  const t = tensValue(rest);
  return t === undefined ? undefined : h * 100 + t;
}

/**
 * Reads Vietnamese number words 0–999 (folded, one word per item) at the start of `words`, taking
 * as many words as form a number. A single leading digit may stand for its name ("2 trăm").
 * ["bon", "muoi", "lam", "nguoi"] → { value: 45, used: 3 }; ["mot", "tram", "hai"] → 120.
 */
export function readNumberWords(words: readonly string[]): { value: number; used: number } | undefined {
  for (let n = Math.min(words.length, 5); n >= 1; n--) {
    const value = numberWordsValue(words.slice(0, n));
    if (value !== undefined) return { value, used: n };
  }
  return undefined;
}

/** True when the folded word can be part of a number 0–999: "hai", "muoi", "tram", "linh", "ruoi"… */
export function isNumberWord(word: string | undefined): boolean {
  return word !== undefined && NUMBER_WORDS.has(word);
}

// ——— Hedging words ———

const HEDGES: ReadonlySet<string> = new Set(['khoang', 'tam', 'chung', 'gan', 'hon', 'tren', 'duoi', 'xap xi', 'co']);

/**
 * Drops hedging words in front of a number: "khoảng", "tầm", "chừng", "gần", "hơn", "trên",
 * "dưới", "xấp xỉ", "cỡ", "~", "≈", with or without diacritics, as long as a number follows
 * ("khoảng 45" → "45", "cỡ hai triệu" → "hai triệu"; "có" alone is kept). "tám" is eight, so
 * "tam" without diacritics is a hedge only before digits or another digit name ("tam 45",
 * "tam hai trieu"), while "tam muoi" is 80. Returns the cleaned text, lower case, not folded.
 */
export function dropHedges(text: string): string {
  const s = cleanText(text).toLowerCase();
  // The leading run of hedges, each with where it ends in `s`.
  const run: { hedge: string; written: string; end: number }[] = [];
  const word = /\s*([~≈]|[^\s~≈]+)/y;
  for (let m = word.exec(s); m; m = word.exec(s)) {
    const written = m[1]!;
    let hedge = written === '≈' ? '~' : foldText(written);
    if (hedge === 'xap') {
      const xi = word.exec(s);
      if (!xi || foldText(xi[1]!) !== 'xi') break;
      hedge = 'xap xi';
    }
    if (hedge !== '~' && !HEDGES.has(hedge)) break;
    run.push({ hedge, written, end: word.lastIndex });
  }
  // The last hedge that a number follows goes, with all before it: "khoảng hơn 2 tỷ" → "2 tỷ",
  // "khoang tam muoi" (khoảng tám mươi) → "tam muoi".
  const rest = s.slice(run.at(-1)?.end ?? 0).trimStart();
  let next = foldText(rest.split(/\s/, 1)[0] ?? '');
  for (let j = run.length - 1; j >= 0 && rest; j--) {
    const h = run[j]!;
    if (hedgesNumber(h.hedge, h.written, next)) return s.slice(h.end).trimStart();
    next = h.hedge;
  }
  return s;
}

/** Whether `hedge` (folded; `written` as typed) hedges a number that starts with the folded word `next`. */
function hedgesNumber(hedge: string, written: string, next: string): boolean {
  const numeric = /^[-−+]?\d/.test(next);
  if (hedge === '~') return true;
  if (hedge !== 'tam' || written === 'tầm') return numeric || DIGITS.has(next) || next === 'muoi';
  if (written === 'tám') return false;
  return numeric || DIGITS.has(next); // "tam muoi" is tám mươi (80)
}

// ——— Counts ———

/** Answers that mean "none". */
const ZERO_PHRASES: ReadonlySet<string> = new Set(['khong', 'ko', 'khong co', 'ko co', 'k co', 'chua co', 'khong co ai', 'chua co ai']);

/**
 * A whole number at the start: digits grouped by ".", "," or " " in threes ("1.200", "1,200",
 * "1 200"), then an optional fraction (",5" or ".5").
 */
const NUMERAL = /^(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?(?![\d.,]?\d)/;

const SIGN = /^(?:[-−]\s*|am\s+)/;

/**
 * A count of people, households, products…: "45", "45 người", "khoảng 45", "1.200", "1 200",
 * "bốn mươi lăm hộ", "không có" (0). Words after the number are its unit and are ignored; words
 * in front of it, other than hedges, are not. "45,5" → 'not_integer'; "-3" → 'negative'.
 */
export function parseInteger(text: string): ParseResult<number> {
  const s = prepare(dropHedges(text));
  if (!s) return fail('empty');
  if (ZERO_PHRASES.has(s)) return ok(0);
  const sign = SIGN.exec(s);
  const body = sign ? s.slice(sign[0].length) : s;

  let value: number;
  const words = body.split(' ');
  const m = NUMERAL.exec(body);
  if (isNumberWord(words[0]) || (/^[1-9]$/.test(words[0]!) && (words[1] === 'tram' || words[1] === 'muoi'))) {
    const read = readNumberWords(words);
    // "hai ba người" (two or three) is not 2, "năm 2026" (a year) is not 5, "không biết" is not 0;
    // "hai năm" is 2 (years).
    const next = words[read?.used ?? 0];
    const rest = words.slice(read?.used ?? 0).join(' ');
    if (!read || (next !== 'nam' && isNumberWord(next)) || /\d/.test(rest) || (read.value === 0 && rest)) {
      return fail('not_a_number');
    }
    value = read.value;
  } else if (m) {
    const rest = body.slice(m[0].length);
    // What follows is a unit ("người", "tv"), never another number ("3-5", "15/3", "45 và 50").
    if (!/^(?:$|\s|\p{L})/u.test(rest) || /\d/.test(rest)) return fail('not_a_number');
    if (m[2] !== undefined && /[1-9]/.test(m[2])) return fail('not_integer');
    value = Number(m[1]!.replace(/[., ]/g, ''));
  } else {
    return fail('not_a_number');
  }
  if (sign && value !== 0) return fail('negative');
  if (value > 1e9) return fail('too_large');
  return ok(value);
}

/**
 * A percentage: "12%", "12 %", "12 phần trăm", "12,5%" and "12.5" (12.5), "12", "mười lăm phần trăm".
 * Both "," and "." are decimal points here. The range (0–100) is for the caller to check.
 */
export function parsePercent(text: string): ParseResult<number> {
  const s = prepare(dropHedges(text));
  if (!s) return fail('empty');
  if (ZERO_PHRASES.has(s)) return ok(0);
  const sign = SIGN.exec(s);
  const body = sign ? s.slice(sign[0].length) : s;

  let value: number | undefined;
  const m = /^(\d+)(?:[.,](\d+))?\s*(?:%|phan tram)?$/.exec(body);
  if (m) {
    value = Number(`${m[1]}.${m[2] ?? '0'}`);
  } else {
    const words = body.replace(/\s*%$/, ' %').split(' ');
    const read = readNumberWords(words);
    const unit = read && words.slice(read.used).join(' ');
    if (read && (unit === '' || unit === '%' || unit === 'phan tram')) value = read.value;
  }
  if (value === undefined) return fail('not_a_number');
  if (sign && value !== 0) return fail('negative');
  return ok(value);
}
