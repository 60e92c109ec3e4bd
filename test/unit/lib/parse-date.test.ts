import { describe, expect, it } from 'vitest';
import { parseDate, parseMonth, parseQuarter, parseYear } from '../../../src/lib/parse-date.js';

/** 20 May 2026, 10:00 in Việt Nam: Q2. */
const REF = new Date('2026-05-20T10:00:00+07:00');
/** 31 Dec 2025 18:00 UTC is already 1 Jan 2026, 01:00 in Việt Nam. */
const NEW_YEAR_IN_VN = new Date('2025-12-31T18:00:00Z');
/** 1 Jan 2026 00:30 UTC+7, i.e. still 31 Dec 2025 in UTC. */
const JUST_AFTER_MIDNIGHT_VN = new Date('2025-12-31T17:30:00Z');

describe('parseDate', () => {
  it.each([
    ['15/3/2026', '2026-03-15'],
    ['15-03-2026', '2026-03-15'],
    ['15.3.2026', '2026-03-15'],
    ['2026-03-15', '2026-03-15'],
    ['2026/3/15', '2026-03-15'],
    ['15/3/26', '2026-03-15'],
    ['15/03/26', '2026-03-15'],
    ['15/3', '2026-03-15'],
    ['15-3', '2026-03-15'],
    ['15 / 3 / 2026', '2026-03-15'],
    ['ngày 15 tháng 3 năm 2026', '2026-03-15'],
    ['ngay 15 thang 3 nam 2026', '2026-03-15'],
    ['Ngày 15 Tháng 3 Năm 2026', '2026-03-15'],
    ['15 tháng 3', '2026-03-15'],
    ['15 thang 3', '2026-03-15'],
    ['15 tháng 3 năm 2025', '2025-03-15'],
    ['15 tháng 3/2025', '2025-03-15'],
    ['15 tháng 3 2025', '2025-03-15'],
    ['15 thg 3', '2026-03-15'],
    ['ngày 15/3/2026', '2026-03-15'],
    ['ngay 15/3', '2026-03-15'],
    ['mùng 5 tháng 1', '2026-01-05'],
    ['mung 5/1', '2026-01-05'],
    ['15/3 năm ngoái', '2025-03-15'],
    ['15/3/2026.', '2026-03-15'],
    ['  15/3/2026  ', '2026-03-15'],
    ['khoảng 15/3', '2026-03-15'],
    ['1/1/2000', '2000-01-01'],
    ['29/2/2024', '2024-02-29'],
    ['31/12/2026', '2026-12-31'],
    ['15/3/1980', '1980-03-15'], // a date of birth
  ])('reads %j as %s', (input, iso) => {
    expect(parseDate(input, REF)).toEqual({ ok: true, value: iso });
  });

  describe('relative days, in Việt Nam time', () => {
    it.each([
      ['hôm nay', '2026-05-20'],
      ['hom nay', '2026-05-20'],
      ['Hôm nay', '2026-05-20'],
      ['ngày hôm nay', '2026-05-20'],
      ['hôm qua', '2026-05-19'],
      ['hom kia', '2026-05-18'],
      ['ngày mai', '2026-05-21'],
    ])('reads %j as %s', (input, iso) => {
      expect(parseDate(input, REF)).toEqual({ ok: true, value: iso });
    });

    it('uses the date in Việt Nam, not in UTC', () => {
      expect(parseDate('hôm nay', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2026-01-01' });
      expect(parseDate('hôm nay', JUST_AFTER_MIDNIGHT_VN)).toEqual({ ok: true, value: '2026-01-01' });
      expect(parseDate('hôm qua', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2025-12-31' });
      expect(parseDate('hôm nay', new Date('2026-01-01T16:59:59Z'))).toEqual({ ok: true, value: '2026-01-01' });
      expect(parseDate('hôm nay', new Date('2026-01-01T17:00:00Z'))).toEqual({ ok: true, value: '2026-01-02' });
    });

    it("takes a missing year from the ref's date in Việt Nam", () => {
      expect(parseDate('15/3', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2026-03-15' });
    });
  });

  it.each([
    ['31/2/2026', 'no_such_day'],
    ['30/2/2026', 'no_such_day'],
    ['29/2/2026', 'no_such_day'],
    ['29/2/2100', 'no_such_day'],
    ['31/4/2026', 'no_such_day'],
    ['31 tháng 6', 'no_such_day'],
    ['2026-02-30', 'no_such_day'],
    ['', 'empty'],
    ['  ', 'empty'],
    ['abc', 'not_a_date'],
    ['hôm', 'not_a_date'],
    ['15', 'not_a_date'],
    ['15/13/2026', 'not_a_date'],
    ['3/15/2026', 'not_a_date'],
    ['0/3/2026', 'not_a_date'],
    ['32/1/2026', 'not_a_date'],
    ['15/0/2026', 'not_a_date'],
    ['15/3/202', 'not_a_date'],
    ['15/3/20266', 'not_a_date'],
    ['15/3/1800', 'not_a_date'],
    ['15/3/2026/1', 'not_a_date'],
    ['2026-03', 'not_a_date'],
    ['tháng 3', 'not_a_date'],
    ['15 tháng', 'not_a_date'],
    ['1.500.000', 'not_a_date'],
  ])('rejects %j (%s)', (input, error) => {
    expect(parseDate(input, REF)).toEqual({ ok: false, error });
  });
});

describe('parseDate: weekdays and relative days as people say them (issue 17)', () => {
  // REF is a Wednesday (thứ Tư, 20/5/2026); the week runs thứ Hai 18/5 – chủ nhật 24/5.
  it.each([
    ['mai', '2026-05-21'],
    ['ngày mai', '2026-05-21'],
    ['mốt', '2026-05-22'],
    ['ngày mốt', '2026-05-22'],
    ['ngày kia', '2026-05-22'],
    ['hôm kia', '2026-05-18'],
    ['thứ 6', '2026-05-22'],
    ['thứ 5', '2026-05-21'],
    ['thu bay', '2026-05-23'],
    ['thứ 7', '2026-05-23'],
    ['thứ 3', '2026-05-26'],
    ['thứ 4', '2026-05-20'],
    ['thứ 2', '2026-05-25'],
    ['t7', '2026-05-23'],
    ['CN', '2026-05-24'],
    ['chủ nhật', '2026-05-24'],
    ['thu hai', '2026-05-25'],
    ['thứ 3 tuần sau', '2026-05-26'],
    ['thu 3 tuan toi', '2026-05-26'],
    ['thứ 6 tuần này', '2026-05-22'],
    ['thứ 2 tuần này', '2026-05-18'],
    ['thứ 6 tuần trước', '2026-05-15'],
    ['CN tuần trước', '2026-05-17'],
    ['thứ 5 21/5', '2026-05-21'],
    ['thứ năm, 21/5/2026', '2026-05-21'],
  ])('%s → %s', (text, day) => {
    expect(parseDate(text, REF)).toEqual({ ok: true, value: day });
  });

  it.each([
    ['thứ 2 21/5', 'wrong_weekday'],
    ['thứ 3 tuần', 'not_a_date'],
    ['tuần sau', 'not_a_date'],
  ])('%s → %s', (text, error) => {
    expect(parseDate(text, REF)).toEqual({ ok: false, error });
  });
});

describe('parseMonth', () => {
  it.each([
    ['tháng 3/2026', '2026-03'],
    ['thang 3 2026', '2026-03'],
    ['3/2026', '2026-03'],
    ['03-2026', '2026-03'],
    ['3.2026', '2026-03'],
    ['tháng 3 năm 2026', '2026-03'],
    ['thang 3 nam 2026', '2026-03'],
    ['2026-03', '2026-03'],
    ['2026/3', '2026-03'],
    ['tháng 3', '2026-03'],
    ['Tháng 12', '2026-12'],
    ['thg 3/2026', '2026-03'],
    ['T3/2026', '2026-03'],
    ['t3', '2026-03'],
    ['tháng3/2026', '2026-03'],
    ['tháng 12 năm ngoái', '2025-12'],
    ['tháng 3 năm nay', '2026-03'],
    ['tháng này', '2026-05'],
    ['thang nay', '2026-05'],
    ['tháng trước', '2026-04'],
    ['thang truoc', '2026-04'],
    ['tháng sau', '2026-06'],
    ['tháng 3/2026.', '2026-03'],
  ])('reads %j as %s', (input, month) => {
    expect(parseMonth(input, REF)).toEqual({ ok: true, value: month });
  });

  it('crosses the year and uses the month in Việt Nam', () => {
    expect(parseMonth('tháng trước', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2025-12' });
    expect(parseMonth('tháng này', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2026-01' });
    expect(parseMonth('tháng 3', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: '2026-03' });
    expect(parseMonth('tháng sau', new Date('2026-12-10T00:00:00Z'))).toEqual({ ok: true, value: '2027-01' });
  });

  it.each([
    ['tháng 13', 'not_a_period'],
    ['tháng 13/2026', 'not_a_period'],
    ['13/2026', 'not_a_period'],
    ['tháng 0', 'not_a_period'],
    ['2026-13', 'not_a_period'],
    ['tháng 3/1999', 'not_a_period'],
    ['tháng 3/2101', 'not_a_period'],
    ['tháng 3/26', 'not_a_period'],
    ['3 2026', 'not_a_period'],
    ['3', 'not_a_period'],
    ['15/3/2026', 'not_a_period'],
    ['abc', 'not_a_period'],
    ['tháng', 'not_a_period'],
    ['', 'empty'],
  ])('rejects %j (%s)', (input, error) => {
    expect(parseMonth(input, REF)).toEqual({ ok: false, error });
  });
});

describe('parseQuarter', () => {
  it.each([
    ['quý 2/2026'],
    ['quy 2 2026'],
    ['Q2/2026'],
    ['q2 2026'],
    ['q2/2026'],
    ['Q2-2026'],
    ['quý II/2026'],
    ['quy ii 2026'],
    ['quý 2 năm 2026'],
    ['quy 2 nam 2026'],
    ['QUÝ 2/2026'],
    ['qui 2/2026'],
    ['2026-Q2'],
    ['2026 q2'],
    ['quý 2'],
    ['quý II'],
    ['q2'],
    ['quý này'],
    ['quy nay'],
    ['quý 2/2026.'],
  ])('reads %j as Q2 2026', (input) => {
    expect(parseQuarter(input, REF)).toEqual({ ok: true, value: { year: 2026, quarter: 2 } });
  });

  it.each([
    ['quý I', 1],
    ['quý III', 3],
    ['quý IV', 4],
    ['quy iv', 4],
    ['q4', 4],
  ])('reads the roman or plain number in %j as quarter %d', (input, quarter) => {
    expect(parseQuarter(input, REF)).toEqual({ ok: true, value: { year: 2026, quarter } });
  });

  it.each([
    ['quý trước', REF, { year: 2026, quarter: 1 }],
    ['quy truoc', REF, { year: 2026, quarter: 1 }],
    ['quý sau', REF, { year: 2026, quarter: 3 }],
    ['quý trước', new Date('2026-02-10T00:00:00Z'), { year: 2025, quarter: 4 }],
    ['quý này', NEW_YEAR_IN_VN, { year: 2026, quarter: 1 }],
    ['quý trước', NEW_YEAR_IN_VN, { year: 2025, quarter: 4 }],
    ['quý sau', new Date('2026-11-10T00:00:00Z'), { year: 2027, quarter: 1 }],
    ['quý 4 năm ngoái', REF, { year: 2025, quarter: 4 }],
  ])('reads %j relative to the ref', (input, ref, value) => {
    expect(parseQuarter(input, ref)).toEqual({ ok: true, value });
  });

  it.each([
    ['quý 5', 'not_a_period'],
    ['quý 5/2026', 'not_a_period'],
    ['quý 0', 'not_a_period'],
    ['quý V', 'not_a_period'],
    ['2026-Q5', 'not_a_period'],
    ['quý 2/1999', 'not_a_period'],
    ['2/2026', 'not_a_period'],
    ['tháng 2/2026', 'not_a_period'],
    ['quý', 'not_a_period'],
    ['quyết', 'not_a_period'],
    ['abc', 'not_a_period'],
    ['', 'empty'],
  ])('rejects %j (%s)', (input, error) => {
    expect(parseQuarter(input, REF)).toEqual({ ok: false, error });
  });
});

describe('parseYear', () => {
  it.each([
    ['2026', 2026],
    ['năm 2026', 2026],
    ['nam 2026', 2026],
    ['Năm 2026.', 2026],
    ['năm nay', 2026],
    ['nam nay', 2026],
    ['năm ngoái', 2025],
    ['nam ngoai', 2025],
    ['năm trước', 2025],
    ['nam truoc', 2025],
    ['năm sau', 2027],
    ['2000', 2000],
    ['2100', 2100],
  ])('reads %j as %d', (input, year) => {
    expect(parseYear(input, REF)).toEqual({ ok: true, value: year });
  });

  it('takes "năm nay" in Việt Nam time', () => {
    expect(parseYear('năm nay', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: 2026 });
    expect(parseYear('năm ngoái', NEW_YEAR_IN_VN)).toEqual({ ok: true, value: 2025 });
  });

  it.each([
    ['1999', 'not_a_period'],
    ['2101', 'not_a_period'],
    ['26', 'not_a_period'],
    ['năm', 'not_a_period'],
    ['20266', 'not_a_period'],
    ['abc', 'not_a_period'],
    ['2026 2027', 'not_a_period'],
    ['', 'empty'],
  ])('rejects %j (%s)', (input, error) => {
    expect(parseYear(input, REF)).toEqual({ ok: false, error });
  });
});

describe('never throws', () => {
  it.each([['💥'], ['/'.repeat(200)], ['1'.repeat(300)], ['quý'.repeat(50)], ['\u0000\u200B']])('on %j', (input) => {
    for (const parse of [parseDate, parseMonth, parseQuarter, parseYear]) {
      expect(() => parse(input, REF)).not.toThrow();
      expect(parse(input, REF).ok).toBe(false);
    }
  });

  it.each([['hôm nay'], ['15/3'], ['tháng này'], ['quý trước'], ['năm nay']])('with an invalid ref date (%j)', (input) => {
    const invalid = new Date(Number.NaN);
    for (const parse of [parseDate, parseMonth, parseQuarter, parseYear]) {
      expect(() => parse(input, invalid)).not.toThrow();
      expect(parse(input, invalid).ok).toBe(false);
    }
  });
});
