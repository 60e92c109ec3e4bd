/**
 * Việt Nam time: the one place that knows the country's clock is UTC+7, all year (one time zone,
 * no daylight saving). Everything that shows an instant to a person, or reads a day or a time a
 * person typed, goes through these helpers; nothing else adds or subtracts the offset.
 *
 * A calendar day is `{ year, month, day }` (month 1–12) or its key `YYYY-MM-DD`.
 */

/** Việt Nam's offset from UTC. */
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** The IANA name of the zone, for Intl formatters. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The instant shifted so that its UTC fields read as a clock in Việt Nam shows it. For formatting
 * (and for spreadsheet cells: spreadsheets have no time zones, ExcelJS writes a Date's UTC fields).
 */
export const vnWallClock = (at: Date): Date => new Date(at.getTime() + OFFSET_MS);

/** The calendar day in Việt Nam at the instant `at`. */
export function vnDay(at: Date): CalendarDay {
  const d = vnWallClock(at);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of a wall-clock time in Việt Nam (month 1–12; a day or hour out of range rolls over). */
export function vnInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS);
}

/** Midnight (00:00 Việt Nam time) starting a calendar day. */
export const vnMidnight = (year: number, month: number, day: number): Date => vnInstant(year, month, day);

/** The last millisecond of a calendar day (`YYYY-MM-DD`) in Việt Nam. */
export function vnEndOfDay(dayKey: string): Date {
  const { year, month, day } = parseDayKey(dayKey);
  return new Date(vnMidnight(year, month, day + 1).getTime() - 1);
}

/** A calendar day as `YYYY-MM-DD`. */
export const dayKey = (d: CalendarDay): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** `YYYY-MM-DD` → the calendar day (not validated). */
export function parseDayKey(key: string): CalendarDay {
  const [year, month, day] = key.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The calendar day `days` after (or before, when negative) a day; months and years roll over. */
export function addDays(d: CalendarDay, days: number): CalendarDay {
  const at = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** How many days a month has (month 1–12). */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A calendar day as a count of days (for differences between days). */
export const dayNumber = (d: CalendarDay): number => Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;

/** Whole calendar days (Việt Nam) from the instant `from` to the instant `to`; negative when `to` is earlier. */
export const vnDaysBetween = (from: Date, to: Date): number => dayNumber(vnDay(to)) - dayNumber(vnDay(from));

/** The same instant a year later (UTC fields; only 29 February differs from Việt Nam's calendar). */
export function yearLater(at: Date): Date {
  const later = new Date(at.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + 1);
  return later;
}

/** `YYYY-MM-DD`: the calendar day in Việt Nam of an instant. */
export const vnDayKey = (at: Date): string => dayKey(vnDay(at));

/** `dd/mm/yyyy`: the calendar day in Việt Nam of an instant. */
export function vnDateText(at: Date): string {
  const d = vnDay(at);
  return `${pad(d.day)}/${pad(d.month)}/${d.year}`;
}

/** `23/11/2026 10:20`: an instant in Việt Nam, day first then the clock (Vietnamese CSV cells). */
export function vnDateTimeText(at: Date): string {
  const local = vnWallClock(at);
  return `${vnDateText(at)} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy` (a calendar day as written in Việt Nam; no time zone involved). */
export function dayKeyText(key: string): string {
  const { year, month, day } = parseDayKey(key);
  return `${pad(day)}/${pad(month)}/${year}`;
}

/** `10:20 23/11/2026`: an instant as Việt Nam's clock and calendar show it. */
export function vnTimeText(at: Date): string {
  const local = vnWallClock(at);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${vnDateText(at)}`;
}

/** `2026-12-01 08:30`: Việt Nam time to the minute, sortable (CSV cells, tables, the dashboard). */
export const vnDateTime = (at: Date): string => vnWallClock(at).toISOString().slice(0, 16).replace('T', ' ');

/** `20261123-170412`: Việt Nam time to the second, for file names. */
export const vnStamp = (at: Date): string => vnWallClock(at).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

// Building an Intl formatter is slow; one per language is enough.
const DATE_FORMATS = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE }),
};

/** The calendar day in Việt Nam, as the language writes it: `5/3/2026` (vi), `05/03/2026` (en). */
export const vnLocaleDate = (at: Date, locale: 'vi' | 'en'): string => DATE_FORMATS[locale].format(at);

/** The first instant at or after `at` when a clock in Việt Nam shows `hour`:00 (today's, or tomorrow's if past). */
export function vnNextHour(at: Date, hour: number): Date {
  const { year, month, day } = vnDay(at);
  const today = vnInstant(year, month, day, hour);
  return today.getTime() >= at.getTime() ? today : vnInstant(year, month, day + 1, hour);
}
