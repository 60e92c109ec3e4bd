import { describe, expect, it } from 'vitest';
import { parseDateTime, readDateTime, typedWeekday, weekdayOf } from '../../../src/lib/parse-date-time.js';

/** 20 May 2026, 10:00 in Việt Nam. */
const REF = new Date('2026-05-20T10:00:00+07:00');
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const read = (text: string, ref = REF) => {
  const r = parseDateTime(text, ref);
  return r.ok ? r.value.toISOString() : r.error;
};

describe('parseDateTime', () => {
  it.each([
    ['8h 15/12/2026', '2026-12-15T08:00:00'],
    ['8h30 15/12/2026', '2026-12-15T08:30:00'],
    ['8:30 15/12/2026', '2026-12-15T08:30:00'],
    ['08:05 15/12/2026', '2026-12-15T08:05:00'],
    ['15/12/2026 8h30', '2026-12-15T08:30:00'],
    ['15/12/2026 lúc 8h30', '2026-12-15T08:30:00'],
    ['15/12/2026, 14:00', '2026-12-15T14:00:00'],
    ['14 giờ ngày 15/12', '2026-12-15T14:00:00'],
    ['14 gio ngay 15/12', '2026-12-15T14:00:00'],
    ['15/12 lúc 8 giờ sáng', '2026-12-15T08:00:00'],
    ['2 giờ chiều 15/12', '2026-12-15T14:00:00'],
    ['2 gio chieu 15/12', '2026-12-15T14:00:00'],
    ['7 giờ tối 15/12', '2026-12-15T19:00:00'],
    ['14h chiều 15/12', '2026-12-15T14:00:00'],
    ['8 giờ 30 phút sáng ngày 15 tháng 12 năm 2026', '2026-12-15T08:30:00'],
    ['8 giờ 15/12', '2026-12-15T08:00:00'],
    ['8h15 15/12', '2026-12-15T08:15:00'],
    ['8g 15/12', '2026-12-15T08:00:00'],
    ['13h30 - 15/12/2026', '2026-12-15T13:30:00'],
    ['vào lúc 9h ngày 1/6', '2026-06-01T09:00:00'],
    ['sáng 15/12 lúc 9h', '2026-12-15T09:00:00'],
    ['1 giờ trưa 15/12', '2026-12-15T13:00:00'],
    ['12 giờ trưa 15/12', '2026-12-15T12:00:00'],
    ['10 giờ đêm 15/12', '2026-12-15T22:00:00'],
    ['2pm 15/12', '2026-12-15T14:00:00'],
    ['8h sáng mai', '2026-05-21T08:00:00'],
    ['ngày mai 14h', '2026-05-21T14:00:00'],
    ['15h hôm nay', '2026-05-20T15:00:00'],
    ['Lúc 8h ngày 15/12 ạ.', '2026-12-15T08:00:00'],
  ])('%s → %s', (text, local) => {
    expect(read(text)).toBe(vn(local));
  });

  it('takes 08:00 for a date alone', () => {
    expect(read('15/12/2026')).toBe(vn('2026-12-15T08:00:00'));
    expect(read('ngày 15 tháng 12')).toBe(vn('2026-12-15T08:00:00'));
  });

  it('is Việt Nam time whatever the date in UTC', () => {
    // 07:00 on 1 Jan in Việt Nam is still 31 Dec in UTC.
    expect(read('7h 1/1/2027')).toBe('2027-01-01T00:00:00.000Z');
    expect(read('6h 1/1/2027')).toBe('2026-12-31T23:00:00.000Z');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_date'],
    ['8h', 'not_a_date'],
    ['25h 15/12/2026', 'not_a_date'],
    ['8:75 15/12/2026', 'not_a_date'],
    ['14h sáng 15/12', 'not_a_date'],
    ['8h 15/13/2026', 'not_a_date'],
    ['8h 31/2/2026', 'no_such_day'],
  ])('%s → %s', (text, error) => {
    expect(read(text)).toBe(error);
  });

  it('with `future`, a past date typed without its year is next year', () => {
    const r = parseDateTime('8h 15/1', REF, { future: true });
    expect(r.ok && r.value.toISOString()).toBe(vn('2027-01-15T08:00:00'));
    // A typed year stays, even in the past; so does a relative day.
    const typed = parseDateTime('8h 15/1/2026', REF, { future: true });
    expect(typed.ok && typed.value.toISOString()).toBe(vn('2026-01-15T08:00:00'));
    const today = parseDateTime('7h hôm nay', REF, { future: true });
    expect(today.ok && today.value.toISOString()).toBe(vn('2026-05-20T07:00:00'));
    // Without it, the reference year.
    expect(read('8h 15/1')).toBe(vn('2026-01-15T08:00:00'));
  });
});

describe('parseDateTime: announcements as officers type them (issue 17)', () => {
  // 15/12/2026 is a Tuesday (thứ 3).
  it.each([
    ['sáng thứ 3 ngày 15/12 lúc 8h', '2026-12-15T08:00:00'],
    ['sang thu 3 15/12 8h', '2026-12-15T08:00:00'],
    ['8h sáng 15/12', '2026-12-15T08:00:00'],
    ['chiều 15/12 lúc 2 giờ', '2026-12-15T14:00:00'],
    ['chieu 15/12 luc 2 gio', '2026-12-15T14:00:00'],
    ['15/12 14h30', '2026-12-15T14:30:00'],
    ['thứ ba 15/12 lúc 14h', '2026-12-15T14:00:00'],
    ['T3 15/12 8h', '2026-12-15T08:00:00'],
    ['thứ 3, 15/12/2026 - 8h', '2026-12-15T08:00:00'],
    ['chủ nhật 13/12 9h', '2026-12-13T09:00:00'],
    ['CN 13/12', '2026-12-13T08:00:00'],
  ])('%s → %s', (text, local) => {
    const r = parseDateTime(text, REF, { future: true });
    expect(r.ok && r.value.toISOString()).toBe(vn(local));
  });

  it.each([['thứ 2 15/12 8h'], ['thu nam 15/12'], ['chủ nhật 15/12/2026 8h']])('refuses %j: that day is not that weekday', (text) => {
    expect(parseDateTime(text, REF, { future: true })).toEqual({ ok: false, error: 'wrong_weekday' });
  });

  it('reads the date anyway with ignoreWeekday (to say which weekday it is)', () => {
    const r = parseDateTime('thứ 2 15/12 8h', REF, { future: true, ignoreWeekday: true });
    expect(r.ok && r.value.toISOString()).toBe(vn('2026-12-15T08:00:00'));
  });

  it('knows the weekday of a day and finds the one typed', () => {
    expect(weekdayOf('2026-12-15')).toBe(2);
    expect(weekdayOf('2026-12-13')).toBe(0);
    expect(typedWeekday('sang thu bay 19/12')).toEqual({ weekday: 6, rest: 'sang 19/12' });
    expect(typedWeekday('15/12 8h')).toEqual({ rest: '15/12 8h' });
  });
});

describe('readDateTime: dates and times as people say them (issue 17)', () => {
  // REF: Wednesday (thứ Tư) 20 May 2026, 10:00. This week runs thứ Hai 18/5 – chủ nhật 24/5.
  const at = (text: string, options: Parameters<typeof readDateTime>[2] = { future: true, guessAfternoon: true }) => {
    const r = readDateTime(text, REF, options);
    return r.ok ? r.value : r.error;
  };
  it.each([
    // weekdays alone: the coming one
    ['thứ 6', '2026-05-22T08:00:00', true],
    ['thu sau 8h', '2026-05-22T08:00:00', true],
    ['t2', '2026-05-25T08:00:00', true],
    ['T7 lúc 9h', '2026-05-23T09:00:00', true],
    ['CN', '2026-05-24T08:00:00', true],
    ['chủ nhật 9 giờ', '2026-05-24T09:00:00', true],
    ['thu hai', '2026-05-25T08:00:00', true],
    // today's weekday: today while ahead, else next week's
    ['thứ 4 lúc 15h', '2026-05-20T15:00:00', true],
    ['thứ 4 lúc 9h', '2026-05-27T09:00:00', true],
    // with the week
    ['thứ 3 tuần sau', '2026-05-26T08:00:00', true],
    ['sáng thứ 3 tuần sau lúc 8h30', '2026-05-26T08:30:00', true],
    ['thu 3 tuan sau 14h', '2026-05-26T14:00:00', true],
    ['chiều thứ 6 tuần này', '2026-05-22T14:00:00', true],
    ['CN tuần tới', '2026-05-31T08:00:00', true],
    ['thứ hai tuần sau', '2026-05-25T08:00:00', true],
    // parts of the day
    ['sáng mai', '2026-05-21T08:00:00', true],
    ['trưa mai', '2026-05-21T12:00:00', true],
    ['chiều mai', '2026-05-21T14:00:00', true],
    ['tối mai', '2026-05-21T19:00:00', true],
    ['chiều 15/12', '2026-12-15T14:00:00', false],
    // relative days
    ['mai 8h', '2026-05-21T08:00:00', true],
    ['8h ngày mai', '2026-05-21T08:00:00', true],
    ['mốt', '2026-05-22T08:00:00', true],
    ['8h30 ngày mốt', '2026-05-22T08:30:00', true],
    ['ngày kia lúc 9 giờ', '2026-05-22T09:00:00', true],
    ['14h hôm nay', '2026-05-20T14:00:00', true],
    // hours as typed
    ['8g30 15/12', '2026-12-15T08:30:00', false],
    ['8 giờ 30 15/12', '2026-12-15T08:30:00', false],
    ['8 giờ rưỡi 15/12', '2026-12-15T08:30:00', false],
    ['15/12 lúc 8h', '2026-12-15T08:00:00', false],
    ['ngày 15/12 lúc 8 giờ sáng', '2026-12-15T08:00:00', false],
    ['thứ 3 ngày 15/12 lúc 8h', '2026-12-15T08:00:00', false],
  ])('%s → %s (relative: %s)', (text, local, relative) => {
    const r = at(text);
    expect(typeof r === 'object' && r.at.toISOString()).toBe(vn(local));
    expect(typeof r === 'object' && r.relative).toBe(relative);
  });

  it('guesses the afternoon for an hour from 1 to 6 without a part of the day, and says so', () => {
    const two = at('2 giờ 15/12');
    expect(typeof two === 'object' && [two.at.toISOString(), two.afternoonGuessed]).toEqual([vn('2026-12-15T14:00:00'), true]);
    const half = at('thứ 3 tuần sau 3h30');
    expect(typeof half === 'object' && [half.at.toISOString(), half.afternoonGuessed]).toEqual([vn('2026-05-26T15:30:00'), true]);
    // With a part of the day, a leading zero, or from 7: as typed.
    for (const [text, local] of [
      ['2 giờ chiều 15/12', '2026-12-15T14:00:00'],
      ['2 giờ sáng 15/12', '2026-12-15T02:00:00'],
      ['02:00 15/12', '2026-12-15T02:00:00'],
      ['7h 15/12', '2026-12-15T07:00:00'],
      ['14h 15/12', '2026-12-15T14:00:00'],
    ] as const) {
      const r = at(text);
      expect(typeof r === 'object' && [r.at.toISOString(), r.afternoonGuessed], text).toEqual([vn(local), false]);
    }
    // Without the option (report forms, sending times): as typed.
    const plain = at('2 giờ 15/12', { future: true });
    expect(typeof plain === 'object' && plain.at.toISOString()).toBe(vn('2026-12-15T02:00:00'));
  });

  it('says when the hour was taken from a part of the day', () => {
    const r = at('sáng mai');
    expect(typeof r === 'object' && [r.hourGuessed, r.timed]).toEqual([true, true]);
    const d = at('15/12');
    expect(typeof d === 'object' && [d.hourGuessed, d.timed, d.relative]).toEqual([false, false, false]);
  });

  it.each([
    ['tuần sau', 'not_a_date'],
    ['8h', 'not_a_date'],
    ['sáng', 'not_a_date'],
    ['thứ 3 tuần kia xa', 'not_a_date'],
    ['thứ 2 ngày 15/12', 'wrong_weekday'],
  ])('%s → %s', (text, error) => {
    expect(at(text)).toBe(error);
  });
});

describe('readDateTime: "tuần tới" is next week, not the evening', () => {
  it('reads "thứ 3 tuần tới 8h" and "tối thứ 3 tuần tới"', () => {
    const a = readDateTime('thứ 3 tuần tới 8h', REF);
    expect(a.ok && a.value.at.toISOString()).toBe(vn('2026-05-26T08:00:00'));
    const b = readDateTime('tối thứ 3 tuần tới', REF);
    expect(b.ok && b.value.at.toISOString()).toBe(vn('2026-05-26T19:00:00'));
  });
});
