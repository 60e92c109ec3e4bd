/**
 * A moment as people type it: "8h 15/12/2026", "8:30 15/12/2026", "15/12/2026 8h30",
 * "14 giờ ngày 15/12", "15/12 lúc 8 giờ sáng", "2 giờ chiều 15/12", "8 giờ 30 phút tối mai".
 * The date part is read by `parseDate` (so "15/12", "ngày 15 tháng 12", "ngày mai" work too);
 * a date alone means 08:00. "chiều"/"tối"/"pm" add 12 hours to an hour before 12. A weekday
 * ("sáng thứ 3 ngày 15/12 lúc 8h", "thu ba", "T3", "chủ nhật", "CN") must be the date's.
 * Everything is Việt Nam time (UTC+7, no daylight saving).
 */
import { parseDate } from './parse-date.js';
import { fail, ok, prepare, type ParseResult } from './parse-result.js';
import { parseDayKey, vnInstant, yearLater } from './vn-time.js';

/** The hour a date alone means (a working day's start). */
export const DEFAULT_HOUR = 8;

type DayPart = 'sang' | 'trua' | 'chieu' | 'toi' | 'dem' | 'am' | 'pm';
const DAY_PART = '(sang|trua|chieu|toi|dem|am|pm)';

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
  const d = parseDayKey(day);
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/**
 * The time of day: "lúc 8 giờ 30 (phút) sáng", "8h30", "8g", "14h", "8:30", "8 giờ", "2pm". Minutes are
 * not taken when a date follows them ("8 giờ 15/12": 15 is the day).
 */
const TIME = new RegExp(
  String.raw`(?:^|\s)(?:(?:vao\s+)?luc\s+|vao\s+)?(\d{1,2})\s*(?:(?:h|g|gio)(?:\s*(\d{1,2})(?![\d/.-])(?:\s*(?:p|ph|phut))?)?|:(\d{2})|(?=\s*(?:am|pm)\b))(?:\s*${DAY_PART})?(?=\s|,|$)`,
);
/** A part of the day typed apart from the hour: "sáng 15/12 lúc 8h". */
const LONE_DAY_PART = new RegExp(String.raw`(?:^|\s)${DAY_PART}(?=\s|,|$)`);

function applyDayPart(hour: number, part: DayPart | undefined): number {
  switch (part) {
    case 'chieu':
    case 'toi':
    case 'pm':
      return hour < 12 ? hour + 12 : hour;
    case 'trua':
      // "12 giờ trưa" is noon, "1 giờ trưa" is 13:00; "11 giờ trưa" stays 11.
      return hour >= 1 && hour <= 4 ? hour + 12 : hour;
    case 'dem':
      // "10 giờ đêm" is 22:00; "12 giờ đêm" is midnight; "2 giờ đêm" stays 2.
      return hour === 12 ? 0 : hour >= 6 && hour < 12 ? hour + 12 : hour;
    case 'am':
      return hour === 12 ? 0 : hour;
    default:
      return hour;
  }
}

/** The leftover date text: separators and linking words dropped; "mai" is "ngày mai", "nay" "hôm nay". */
function cleanDatePart(s: string): string {
  const d = s
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-–]\s*)+|(?:\s*[-–])+$/g, '')
    .replace(/^(?:vao\s+)?(?:luc\s+)?/, '')
    .replace(/\s+(?:luc|vao|vao luc)$/, '')
    .trim();
  if (d === 'mai') return 'ngay mai';
  return d === 'nay' ? 'hom nay' : d;
}

/** The instant of a Việt Nam wall-clock time on a calendar day (YYYY-MM-DD). */
function dayInstant(day: string, hour: number, minute: number): Date {
  const d = parseDayKey(day);
  return vnInstant(d.year, d.month, d.day, hour, minute);
}

export interface ParseDateTimeOptions {
  /**
   * A date typed without its year ("15/1") that is already past at `ref` means next year's: for
   * events and sending times, which are always ahead.
   */
  future?: boolean;
  /** Read the date even when the weekday typed is not its own (to tell the user which it is). */
  ignoreWeekday?: boolean;
}

/**
 * Reads a date with an optional time of day → the instant. A date alone is 08:00 (Việt Nam).
 * Errors: 'empty'; 'not_a_date' (no date, a time that does not exist such as 25h or 8:75);
 * 'no_such_day' ("31/2"); 'wrong_weekday' ("thứ 2 15/12/2026", a Tuesday).
 */
export function parseDateTime(text: string, ref: Date, options: ParseDateTimeOptions = {}): ParseResult<Date> {
  const folded = prepare(text);
  if (!folded) return fail('empty');
  const { weekday, rest: s } = typedWeekday(folded);

  let hour = DEFAULT_HOUR;
  let minute = 0;
  let rest = s;
  const m = TIME.exec(s);
  if (m) {
    hour = Number(m[1]);
    minute = Number(m[2] ?? m[3] ?? 0);
    let part = m[4] as DayPart | undefined;
    rest = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
    if (!part) {
      const lone = LONE_DAY_PART.exec(rest);
      if (lone) {
        part = lone[1] as DayPart;
        rest = `${rest.slice(0, lone.index)} ${rest.slice(lone.index + lone[0].length)}`;
      }
    }
    if (hour > 23 || minute > 59) return fail('not_a_date');
    if (part && hour > 12 && part !== 'chieu' && part !== 'toi' && part !== 'pm') return fail('not_a_date');
    hour = applyDayPart(hour, part);
  }

  const dateText = cleanDatePart(rest);
  if (!dateText) return fail('not_a_date');
  const day = parseDate(dateText, ref);
  if (!day.ok) return day.error === 'empty' ? fail('not_a_date') : day;
  let at = dayInstant(day.value, hour, minute);

  if (options.future && at.getTime() < ref.getTime() && /\d/.test(dateText)) {
    // The same text a year later: a different day means the year was not typed.
    const later = parseDate(dateText, yearLater(ref));
    if (later.ok && later.value !== day.value) {
      at = dayInstant(later.value, hour, minute);
      if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(later.value) !== weekday && weekdayOf(day.value) === weekday) {
        // "thứ 3 15/12" typed after 15 December: this year's 15/12 was the Tuesday meant, and it has passed.
        return ok(dayInstant(day.value, hour, minute));
      }
      if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(later.value) !== weekday) return fail('wrong_weekday');
      return ok(at);
    }
  }
  if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(day.value) !== weekday) return fail('wrong_weekday');
  return ok(at);
}
