/**
 * A moment as people type it: "8h 15/12/2026", "8:30 15/12/2026", "15/12/2026 8h30",
 * "14 giờ ngày 15/12", "15/12 lúc 8 giờ sáng", "2 giờ chiều 15/12", "8 giờ 30 phút tối mai".
 * The date part is read by `parseDate` (so "15/12", "ngày 15 tháng 12", "ngày mai" work too);
 * a date alone means 08:00. "chiều"/"tối"/"pm" add 12 hours to an hour before 12. A weekday
 * ("sáng thứ 3 ngày 15/12 lúc 8h", "thu ba", "T3", "chủ nhật", "CN") must be the date's; without a
 * date it names the day itself ("thứ 3": the coming one; "thứ 3 tuần sau"). Relative days: "mai",
 * "ngày mai", "mốt", "ngày mốt", "ngày kia", "hôm nay". A part of the day without its hour ("sáng
 * mai", "chiều thứ 6") takes its usual hour (sáng 8:00, trưa 12:00, chiều 14:00, tối 19:00).
 * `readDateTime` also says what was inferred (a relative day, a guessed hour), for a confirmation.
 * Everything is Việt Nam time (UTC+7, no daylight saving).
 */
import { isRelativeDay, parseDate, typedWeekday, weekdayDay, weekdayOf } from './parse-date.js';
import { fail, ok, prepare, type ParseResult } from './parse-result.js';
import { parseDayKey, vnInstant, yearLater } from './vn-time.js';

export { typedWeekday, weekdayOf };

/** The hour a date alone means (a working day's start). */
export const DEFAULT_HOUR = 8;

type DayPart = 'sang' | 'trua' | 'chieu' | 'toi' | 'dem' | 'am' | 'pm';
const DAY_PART = '(sang|trua|chieu|toi|dem|am|pm)';

/**
 * The time of day: "lúc 8 giờ 30 (phút) sáng", "8h30", "8g", "14h", "8:30", "8 giờ", "2pm". Minutes are
 * not taken when a date follows them ("8 giờ 15/12": 15 is the day).
 */
const TIME = new RegExp(
  String.raw`(?:^|\s)(?:(?:vao\s+)?luc\s+|vao\s+)?(\d{1,2})\s*(?:(?:h|g|gio)(?:\s*(\d{1,2})(?![\d/.-])(?:\s*(?:p|ph|phut))?|\s*(ruoi))?|:(\d{2})|(?=\s*(?:am|pm)\b))(?:\s*${DAY_PART})?(?=\s|,|$)`,
);
/** The hour a part of the day typed without one means: "sáng mai" is 08:00, "chiều thứ 6" 14:00. */
const PART_HOUR: Readonly<Record<DayPart, number | undefined>> = { sang: 8, trua: 12, chieu: 14, toi: 19, dem: 21, am: undefined, pm: undefined };
/** A part of the day typed apart from the hour: "sáng 15/12 lúc 8h". */
const LONE_DAY_PART = new RegExp(String.raw`(?<!\b(?:tuan|thang|nam))(?:^|\s)${DAY_PART}(?=\s|,|$)`); // not "tuần tới" (next week)

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
   * events and sending times, which are always ahead. So does a weekday alone whose time has passed.
   */
  future?: boolean;
  /** Read the date even when the weekday typed is not its own (to tell the user which it is). */
  ignoreWeekday?: boolean;
  /**
   * An hour from 1 to 6 typed without a part of the day ("2 giờ", "3h30") is the afternoon's (an
   * announcement's meeting is not at 2 in the night); `afternoonGuessed` says so, to confirm it.
   * "02:00" (a leading zero) is taken as typed.
   */
  guessAfternoon?: boolean;
}

/** A moment read, with what was inferred rather than typed (to be confirmed with the user). */
export interface DateTimeReading {
  at: Date;
  /** The day is named relative to today: "mai", "mốt", "thứ 3", "thứ 3 tuần sau". */
  relative: boolean;
  /** A time of day was typed (an hour, or a part of the day). */
  timed: boolean;
  /** A part of the day without its hour ("sáng mai"): its usual hour was taken. */
  hourGuessed: boolean;
  /** "2 giờ" read as 14:00 (`guessAfternoon`). */
  afternoonGuessed: boolean;
}

/**
 * Reads a date with an optional time of day → the instant. A date alone is 08:00 (Việt Nam).
 * Errors: 'empty'; 'not_a_date' (no date, a time that does not exist such as 25h or 8:75);
 * 'no_such_day' ("31/2"); 'wrong_weekday' ("thứ 2 15/12/2026", a Tuesday).
 */
export function parseDateTime(text: string, ref: Date, options: ParseDateTimeOptions = {}): ParseResult<Date> {
  const r = readDateTime(text, ref, options);
  return r.ok ? ok(r.value.at) : r;
}

/** {@link parseDateTime}, saying what was inferred: a relative day, an hour guessed. */
export function readDateTime(text: string, ref: Date, options: ParseDateTimeOptions = {}): ParseResult<DateTimeReading> {
  const folded = prepare(text);
  if (!folded) return fail('empty');
  const { weekday, rest: s } = typedWeekday(folded);

  let hour = DEFAULT_HOUR;
  let minute = 0;
  let rest = s;
  let timed = false;
  let hourGuessed = false;
  let afternoonGuessed = false;
  const m = TIME.exec(s);
  if (m) {
    timed = true;
    hour = Number(m[1]);
    minute = m[3] ? 30 : Number(m[2] ?? m[4] ?? 0);
    let part = m[5] as DayPart | undefined;
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
    if (!part && options.guessAfternoon && hour >= 1 && hour <= 6 && !m[1]!.startsWith('0')) {
      hour += 12;
      afternoonGuessed = true;
    }
    hour = applyDayPart(hour, part);
  } else {
    const lone = LONE_DAY_PART.exec(s);
    const partHour = lone ? PART_HOUR[lone[1] as DayPart] : undefined;
    if (lone && partHour !== undefined) {
      hour = partHour;
      timed = hourGuessed = true;
      rest = `${s.slice(0, lone.index)} ${s.slice(lone.index + lone[0].length)}`;
    }
  }
  const reading = (at: Date, relative: boolean): ParseResult<DateTimeReading> => ok({ at, relative, timed, hourGuessed, afternoonGuessed });

  const dateText = cleanDatePart(rest);
  if (weekday !== undefined) {
    // "thứ 3", "thứ 3 tuần sau": the weekday is the day.
    const named = weekdayDay(weekday, dateText, ref);
    if (named) {
      const at = dayInstant(named, hour, minute);
      // A weekday alone whose hour has passed today: next week's.
      if (options.future && dateText === '' && at.getTime() <= ref.getTime()) return reading(new Date(at.getTime() + 7 * 86_400_000), true);
      return reading(at, true);
    }
  }
  if (!dateText) return fail('not_a_date');
  const day = parseDate(dateText, ref);
  if (!day.ok) return day.error === 'empty' ? fail('not_a_date') : day;
  const relative = isRelativeDay(dateText);
  let at = dayInstant(day.value, hour, minute);

  if (options.future && at.getTime() < ref.getTime() && /\d/.test(dateText)) {
    // The same text a year later: a different day means the year was not typed.
    const later = parseDate(dateText, yearLater(ref));
    if (later.ok && later.value !== day.value) {
      at = dayInstant(later.value, hour, minute);
      if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(later.value) !== weekday && weekdayOf(day.value) === weekday) {
        // "thứ 3 15/12" typed after 15 December: this year's 15/12 was the Tuesday meant, and it has passed.
        return reading(dayInstant(day.value, hour, minute), relative);
      }
      if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(later.value) !== weekday) return fail('wrong_weekday');
      return reading(at, relative);
    }
  }
  if (weekday !== undefined && !options.ignoreWeekday && weekdayOf(day.value) !== weekday) return fail('wrong_weekday');
  return reading(at, relative);
}
