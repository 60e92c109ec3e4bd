/**
 * Dates and reporting periods as people type them: "15/3/2026", "ngày 15 tháng 3", "hôm nay",
 * "tháng 3/2026", "quý II/2026", "quý trước", "năm ngoái". `ref` is "now": it gives the year
 * when none is typed and the meaning of relative words, in Việt Nam time (UTC+7, no daylight saving).
 */
import { dropHedges } from './parse-count.js';
import { fail, ok, prepare, type ParseResult } from './parse-result.js';
import { addDays, dayKey, daysInMonth, vnDay } from './vn-time.js';

export type YearQuarter = { year: number; quarter: 1 | 2 | 3 | 4 };

const pad = (n: number) => String(n).padStart(2, '0');

/** Folded input with hedges ("khoảng 15/3") and the final full stop dropped. */
const input = (text: string) => prepare(dropHedges(text));

const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ['hom nay', 0],
  ['ngay hom nay', 0],
  ['nay', 0],
  ['hom qua', -1],
  ['hom kia', -2],
  ['ngay mai', 1],
  ['mai', 1],
  // "mốt", "ngày mốt", "ngày kia": the day after tomorrow ("hôm kia" is the day before yesterday).
  ['mot', 2],
  ['ngay mot', 2],
  ['ngay kia', 2],
]);

/** A weekday as typed (folded): "thứ 3", "thứ ba", "thu 3", "T3", "chủ nhật", "CN". */
const WEEKDAY = /(?:^|\s)(?:(?:vao\s+)?(?:ngay\s+)?)(?:thu\s*(2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|t([2-7])|(chu\s*nhat|cn))(?=\s|,|$)/;
const WEEKDAY_NUMBER: Readonly<Record<string, number>> = { hai: 2, ba: 3, tu: 4, nam: 5, sau: 6, bay: 7 };

/**
 * The weekday named in folded text, 0 (Sunday, chủ nhật) to 6 (Saturday, thứ bảy), and the text
 * without it; no weekday when none is named.
 */
export function typedWeekday(folded: string): { weekday?: number; rest: string } {
  const m = WEEKDAY.exec(folded);
  if (!m) return { rest: folded };
  const rest = `${folded.slice(0, m.index)} ${folded.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
  if (m[3]) return { weekday: 0, rest };
  const n = Number(m[1] ?? m[2]) || WEEKDAY_NUMBER[m[1]!]!;
  return { weekday: n - 1, rest };
}

/** The weekday of a calendar day (YYYY-MM-DD): 0 is Sunday. A calendar fact, not a time zone's. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Weeks as people name them (folded): this one, the next, the last. A week runs from thứ Hai to chủ nhật. */
const WEEKS: ReadonlyMap<string, number> = new Map([
  ['tuan nay', 0],
  ['tuan sau', 1],
  ['tuan toi', 1],
  ['tuan den', 1],
  ['tuan truoc', -1],
  ['tuan roi', -1],
]);

/**
 * The day of a weekday named without a date (folded text left after it: "" or a week such as
 * "tuần sau"): "thứ 3" is the coming Tuesday (today if today is one), "thứ 3 tuần sau" the Tuesday
 * of next week (weeks start on thứ Hai), "chủ nhật tuần này" the Sunday ending this week.
 * Undefined when the rest is not a week.
 */
export function weekdayDay(weekday: number, rest: string, ref: Date): string | undefined {
  const today = vnDay(ref);
  const todayIndex = (weekdayOf(dayKey(today)) + 6) % 7; // thứ Hai 0 … chủ nhật 6
  const index = (weekday + 6) % 7;
  const s = rest.replace(/^(?:cua|vao)\s+/, '').trim();
  if (s === '') return dayKey(addDays(today, (index - todayIndex + 7) % 7));
  const week = WEEKS.get(s);
  if (week === undefined) return undefined;
  return dayKey(addDays(today, 7 * week + index - todayIndex));
}

const RELATIVE_YEARS: ReadonlyMap<string, number> = new Map([
  ['nam nay', 0],
  ['nam ngoai', -1],
  ['nam truoc', -1],
  ['nam kia', -2],
  ['nam sau', 1],
  ['nam toi', 1],
  ['sang nam', 1],
]);

/** "2026", "năm 2026", "năm nay", "năm ngoái" (folded) → the year, or undefined. */
function readYear(s: string, ref: Date): number | undefined {
  const offset = RELATIVE_YEARS.get(s);
  if (offset !== undefined) return vnDay(ref).year + offset;
  const m = /^(?:nam\s*)?(\d{4})$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

/**
 * The year after a month, quarter or day: "" (ref's year), "/2026", "-2026", " 2026",
 * " năm 2026", " năm ngoái". `short` (days) also accepts two digits ("/26" → 2026).
 * Undefined when it is none of these.
 */
function readYearTail(tail: string, ref: Date, short = false): number | undefined {
  if (tail === '') return vnDay(ref).year;
  const digits = short ? /^\s*(?:[-/.]\s*|\s(?:nam\s+)?)(\d{2}|\d{4})$/ : /^\s*[-/.]\s*(\d{4})$/;
  const m = digits.exec(tail);
  if (m) return m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  return /^\s/.test(tail) ? readYear(tail.trim(), ref) : undefined;
}

const validPeriodYear = (y: number | undefined): y is number => y !== undefined && y >= 2000 && y <= 2100;

/**
 * A calendar day → "YYYY-MM-DD". Accepts "15/3/2026", "15-03-2026", "15.3.2026", "2026-03-15",
 * "15/3/26" (20xx), "15/3" (ref's year), "ngày 15 tháng 3 năm 2026", "15 tháng 3", "mùng 5 tháng 1",
 * "hôm nay", "hôm qua", "hôm kia", "(ngày) mai", "mốt", "ngày mốt", "ngày kia", a weekday alone
 * ("thứ 3", "T3", "CN": the coming one) or with its week ("thứ 3 tuần sau", "thứ 6 tuần trước"), and
 * a weekday with its date ("thứ 3 15/12", which must be a Tuesday, else 'wrong_weekday').
 * "31/2/2026" → 'no_such_day'.
 */
export function parseDate(text: string, ref: Date): ParseResult<string> {
  const s = input(text);
  if (!s) return fail('empty');
  const { weekday, rest } = typedWeekday(s);
  if (weekday === undefined) return parseDay(s, ref);
  if (Number.isNaN(ref.getTime())) return fail('not_a_date');
  const named = weekdayDay(weekday, rest, ref);
  if (named) return ok(named);
  // "thứ 3 15/12", "thứ 3 ngày mai": the day, which must be that weekday.
  const day = parseDay(rest.replace(/^,\s*|\s*,$/g, '').trim(), ref);
  if (!day.ok) return day.error === 'empty' ? fail('not_a_date') : day;
  return weekdayOf(day.value) === weekday ? day : fail('wrong_weekday');
}

/** Whether folded date text names its day relative to today ("mai", "thứ 3 tuần sau", "hôm qua"), not by its number. */
export const isRelativeDay = (folded: string): boolean => !/\d{1,2}\s*(?:[-/.]|thang|thg)/.test(folded);

/** {@link parseDate} without a weekday. */
function parseDay(s: string, ref: Date): ParseResult<string> {
  if (!s) return fail('empty');
  const relative = RELATIVE_DAYS.get(s);
  if (relative !== undefined) {
    if (Number.isNaN(ref.getTime())) return fail('not_a_date'); // an invalid ref
    return ok(dayKey(addDays(vnDay(ref), relative)));
  }

  const body = s.replace(/^(?:ngay|mung|mong)\s*(?=\d)/, '');
  let year: number | undefined;
  let month: number;
  let day: number;
  let m = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/.exec(body);
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
  } else if ((m = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})(.*)$/.exec(body) ?? /^(\d{1,2})\s*(?:thang|thg)\s*(\d{1,2})(.*)$/.exec(body))) {
    [day, month] = [Number(m[1]), Number(m[2])];
    year = readYearTail(m[3]!, ref, true);
  } else {
    return fail('not_a_date');
  }
  if (year === undefined || !(year >= 1900 && year <= 2100)) return fail('not_a_date');
  if (month < 1 || month > 12 || day < 1 || day > 31) return fail('not_a_date');
  if (day > daysInMonth(year, month)) return fail('no_such_day');
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

const RELATIVE_MONTHS: ReadonlyMap<string, number> = new Map([
  ['thang nay', 0],
  ['thang truoc', -1],
  ['thang sau', 1],
  ['thang toi', 1],
]);

/**
 * A month → "YYYY-MM". Accepts "tháng 3/2026", "thang 3 2026", "T3/2026", "3/2026", "03-2026",
 * "tháng 3 năm 2026", "2026-03", "tháng 3" (ref's year), "tháng 12 năm ngoái", "tháng này",
 * "tháng trước". A bare "3/2026" needs its separator; "tháng 13" → 'not_a_period'.
 */
export function parseMonth(text: string, ref: Date): ParseResult<string> {
  const s = input(text);
  if (!s) return fail('empty');
  let year: number | undefined;
  let month: number;
  const relative = RELATIVE_MONTHS.get(s);
  let m: RegExpExecArray | null;
  if (relative !== undefined) {
    const now = vnDay(ref);
    const index = now.year * 12 + now.month - 1 + relative;
    [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  } else if ((m = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/.exec(s))) {
    [year, month] = [Number(m[1]), Number(m[2])];
  } else if ((m = /^(?:thang|thg|t)\s*(\d{1,2})(.*)$/.exec(s))) {
    month = Number(m[1]);
    year = readYearTail(m[2]!, ref);
  } else if ((m = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(s))) {
    [month, year] = [Number(m[1]), Number(m[2])];
  } else {
    return fail('not_a_period');
  }
  if (!validPeriodYear(year) || month < 1 || month > 12) return fail('not_a_period');
  return ok(`${year}-${pad(month)}`);
}

const RELATIVE_QUARTERS: ReadonlyMap<string, number> = new Map([
  ['quy nay', 0],
  ['quy truoc', -1],
  ['quy sau', 1],
  ['quy toi', 1],
]);

const ROMAN: ReadonlyMap<string, number> = new Map([
  ['i', 1],
  ['ii', 2],
  ['iii', 3],
  ['iv', 4],
  ['v', 5],
]);

/**
 * A quarter → { year, quarter }. Accepts "quý 2/2026", "quy 2 2026", "Q2/2026", "q2 2026",
 * "quý II/2026", "quý 2 năm 2026", "2026-Q2", "quý 2" (ref's year), "quý này", "quý trước".
 * The word quý (or Q) is required: "2/2026" is a month. "quý 5" → 'not_a_period'.
 */
export function parseQuarter(text: string, ref: Date): ParseResult<YearQuarter> {
  const s = input(text);
  if (!s) return fail('empty');
  let year: number | undefined;
  let quarter: number;
  const relative = RELATIVE_QUARTERS.get(s);
  let m: RegExpExecArray | null;
  if (relative !== undefined) {
    const now = vnDay(ref);
    const index = now.year * 4 + Math.floor((now.month - 1) / 3) + relative;
    [year, quarter] = [Math.floor(index / 4), (index % 4) + 1];
  } else if ((m = /^(?:quy|qui|q)\s*(\d+|iv|v|i{1,3})(?![a-z])(.*)$/.exec(s))) {
    quarter = ROMAN.get(m[1]!) ?? Number(m[1]);
    year = readYearTail(m[2]!, ref);
  } else if ((m = /^(\d{4})\s*[-/]?\s*q\s*(\d)$/.exec(s))) {
    [year, quarter] = [Number(m[1]), Number(m[2])];
  } else {
    return fail('not_a_period');
  }
  if (!validPeriodYear(year) || quarter < 1 || quarter > 4) return fail('not_a_period');
  return ok({ year, quarter: quarter as YearQuarter['quarter'] });
}

/**
 * A year: "2026", "năm 2026", "năm nay" (ref's year), "năm ngoái"/"năm trước" (the year before),
 * "năm sau". Only 2000–2100; anything else → 'not_a_period'.
 */
export function parseYear(text: string, ref: Date): ParseResult<number> {
  const s = input(text);
  if (!s) return fail('empty');
  const year = readYear(s, ref);
  return validPeriodYear(year) ? ok(year) : fail('not_a_period');
}
