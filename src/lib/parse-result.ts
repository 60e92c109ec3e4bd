/**
 * The outcome of reading what a user typed (an amount, a count, a date, yes or no): a value, or
 * the reason it could not be read. Each error code becomes one polite message to the user.
 */
import { foldText } from './vietnamese-text.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export type ParseError =
  /** Nothing typed (or only spaces, invisible characters, a full stop). */
  | 'empty'
  /** No number could be read: "abc", "nhiều lắm", "tỷ", "200 triệu 3 tỷ". */
  | 'not_a_number'
  /** A count with a fraction: "45,5". */
  | 'not_integer'
  /** A minus sign or "âm"/"lỗ" where only zero or more is allowed. */
  | 'negative'
  /** Beyond what the field can hold (money above 10^15 đồng, counts above 10^9). */
  | 'too_large'
  /** A small amount with no unit: "45" is surely 45 triệu or 45 tỷ, not 45 đồng. */
  | 'missing_unit'
  /** Not a date: "abc", "15/13/2026". */
  | 'not_a_date'
  /** A well-formed date that is not in the calendar: "31/2/2026". */
  | 'no_such_day'
  /** Not a month, quarter or year we accept: "tháng 13", "quý 5", "năm 1990". */
  | 'not_a_period'
  /** Neither yes nor no. */
  | 'not_yes_no'
  /** A weekday that is not the date's: "thứ 2 15/12/2026" (a Tuesday). */
  | 'wrong_weekday';

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail(error: ParseError): { ok: false; error: ParseError } {
  return { ok: false, error };
}

/**
 * Folded text ready for matching (`foldText`), without what people add at the end of an answer:
 * full stops, exclamation marks and the polite particles "ạ", "nhé", "nha".
 * "Có ạ!" → "co"; "1,5 Tỷ." → "1,5 ty".
 */
export function prepare(text: string): string {
  let s = foldText(text);
  for (;;) {
    const next = s.replace(/[\s.!]+$/, '').replace(/\s+(?:a|nhe|nha|nhen)$/, '');
    if (next === s) return s;
    s = next;
  }
}
