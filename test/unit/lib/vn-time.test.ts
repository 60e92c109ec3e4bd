import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayKey,
  dayKeyText,
  dayNumber,
  daysInMonth,
  parseDayKey,
  vnDateText,
  vnDateTime,
  vnDay,
  vnDayKey,
  vnDaysBetween,
  vnEndOfDay,
  vnInstant,
  vnLocaleDate,
  vnMidnight,
  vnStamp,
  vnTimeText,
  vnWallClock,
  yearLater,
  vnDateTimeText,
} from '../../../src/lib/vn-time.js';

/** 16:59 UTC on 31 December 2026 is 23:59 in Việt Nam; 17:00 UTC is already New Year's Day there. */
const LAST_MINUTE = new Date('2026-12-31T16:59:30Z');
const NEW_YEAR = new Date('2026-12-31T17:00:00Z');

describe('vn-time', () => {
  it('reads the calendar day in Việt Nam (UTC+7), across a day, month and year boundary', () => {
    expect(vnDay(LAST_MINUTE)).toEqual({ year: 2026, month: 12, day: 31 });
    expect(vnDay(NEW_YEAR)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(vnDayKey(NEW_YEAR)).toBe('2027-01-01');
    // No daylight saving: the same offset in (northern) summer and winter.
    expect(vnDay(new Date('2026-07-01T16:59:00Z'))).toEqual({ year: 2026, month: 7, day: 1 });
    expect(vnDay(new Date('2026-07-01T17:00:00Z'))).toEqual({ year: 2026, month: 7, day: 2 });
  });

  it('turns a wall-clock time in Việt Nam into the instant, rolling over out-of-range days', () => {
    expect(vnMidnight(2026, 12, 15).toISOString()).toBe('2026-12-14T17:00:00.000Z');
    expect(vnInstant(2026, 12, 15, 8, 30).toISOString()).toBe('2026-12-15T01:30:00.000Z');
    expect(vnInstant(2026, 12, 32).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(vnEndOfDay('2026-12-15').toISOString()).toBe('2026-12-15T16:59:59.999Z');
    expect(vnEndOfDay('2026-02-28').getTime() + 1).toBe(vnMidnight(2026, 3, 1).getTime());
    expect(vnDay(vnInstant(2026, 3, 1, 0, 0))).toEqual({ year: 2026, month: 3, day: 1 });
  });

  it('formats instants as a clock in Việt Nam shows them', () => {
    const at = new Date('2026-11-23T03:20:05Z'); // 10:20:05 in Việt Nam
    expect(vnTimeText(at)).toBe('10:20 23/11/2026');
    expect(vnDateText(at)).toBe('23/11/2026');
    expect(vnDateTime(at)).toBe('2026-11-23 10:20');
    expect(vnStamp(at)).toBe('20261123-102005');
    expect(vnTimeText(NEW_YEAR)).toBe('00:00 01/01/2027');
    expect(vnDateTime(new Date('2026-12-01T01:30:00Z'))).toBe('2026-12-01 08:30');
    expect(vnWallClock(at).toISOString()).toBe('2026-11-23T10:20:05.000Z');
  });

  it('writes a day the way each language does, in Việt Nam time', () => {
    const at = new Date('2026-03-04T20:00:00Z'); // 03:00 on 5 March in Việt Nam
    expect(vnLocaleDate(at, 'vi')).toBe('5/3/2026');
    expect(vnLocaleDate(at, 'en')).toBe('05/03/2026');
  });

  it('does calendar arithmetic on days', () => {
    expect(dayKey({ year: 2026, month: 3, day: 5 })).toBe('2026-03-05');
    expect(parseDayKey('2026-03-05')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(dayNumber({ year: 2026, month: 1, day: 2 }) - dayNumber({ year: 2025, month: 12, day: 31 })).toBe(2);
  });

  it('counts calendar days between instants in Việt Nam, not 24-hour spans', () => {
    expect(vnDaysBetween(LAST_MINUTE, NEW_YEAR)).toBe(1);
    expect(vnDaysBetween(NEW_YEAR, LAST_MINUTE)).toBe(-1);
    // 07:00 and 20:00 the same day in Việt Nam (00:00 and 13:00 UTC).
    expect(vnDaysBetween(new Date('2026-12-10T00:00:00Z'), new Date('2026-12-10T13:00:00Z'))).toBe(0);
    // 23:00 UTC is already the next day in Việt Nam.
    expect(vnDaysBetween(new Date('2026-12-10T00:00:00Z'), new Date('2026-12-10T23:00:00Z'))).toBe(1);
  });

  it('moves an instant a year on', () => {
    expect(yearLater(new Date('2026-12-20T03:00:00Z')).toISOString()).toBe('2027-12-20T03:00:00.000Z');
  });

  it('writes an instant day first in Việt Nam time, and a day key as dd/mm/yyyy', () => {
    expect(vnDateTimeText(new Date('2026-11-20T03:05:00Z'))).toBe('20/11/2026 10:05');
    // 17:30 UTC on New Year's Eve is already 1 January in Việt Nam.
    expect(vnDateTimeText(new Date('2026-12-31T17:30:00Z'))).toBe('01/01/2027 00:30');
    expect(dayKeyText('2026-03-05')).toBe('05/03/2026');
  });
});
