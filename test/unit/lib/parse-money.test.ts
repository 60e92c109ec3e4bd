import { describe, expect, it } from 'vitest';
import { parseMoney, parseMoneyPer } from '../../../src/lib/parse-money.js';

describe('parseMoney', () => {
  describe('tỷ, triệu, nghìn and their short forms', () => {
    it.each([
      ['1,5 tỷ', 1_500_000_000],
      ['1.5 ty', 1_500_000_000],
      ['1,2 tỉ đồng', 1_200_000_000],
      ['1,5 ti', 1_500_000_000],
      ['1,5tỷ', 1_500_000_000],
      ['3 tỷ', 3_000_000_000],
      ['200 triệu', 200_000_000],
      ['200 trieu', 200_000_000],
      ['200tr', 200_000_000],
      ['200 tr', 200_000_000],
      ['15tr', 15_000_000],
      ['15 củ', 15_000_000],
      ['15 cu', 15_000_000],
      ['15 triu', 15_000_000],
      ['2.75 triệu', 2_750_000],
      ['2,75 triệu', 2_750_000],
      ['500 nghìn', 500_000],
      ['500 ngàn', 500_000],
      ['500 nghin', 500_000],
      ['500 ngan', 500_000],
      ['500k', 500_000],
      ['500K', 500_000],
      ['500 k', 500_000],
      ['1k5', 1_500],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });
  });

  describe('several units, a bare fraction, rưỡi', () => {
    it.each([
      ['2 tỷ 300 triệu', 2_300_000_000],
      ['2 ty 300 tr', 2_300_000_000],
      ['2 tỷ 300', 2_300_000_000],
      ['1 tỷ 2', 1_200_000_000],
      ['1 tỷ 25', 1_250_000_000],
      ['1 tỷ 250', 1_250_000_000],
      ['1 tỷ 05', 1_050_000_000],
      ['1tr5', 1_500_000],
      ['1tr25', 1_250_000],
      ['1tr05', 1_050_000],
      ['1 triệu 2', 1_200_000],
      ['2 triệu 500 nghìn', 2_500_000],
      ['1 tỷ 2 triệu', 1_002_000_000],
      ['1 tỷ 500 nghìn', 1_000_500_000],
      ['2 tỷ 300 triệu 500 nghìn', 2_300_500_000],
      ['1 tỷ rưỡi', 1_500_000_000],
      ['1 ty ruoi', 1_500_000_000],
      ['5 triệu rưỡi', 5_500_000],
      ['5tr rưỡi', 5_500_000],
      ['2 tỷ 300 triệu rưỡi', 2_300_500_000],
      ['2 nghìn rưỡi', 2_500],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });
  });

  describe('plain numbers and the currency', () => {
    it.each([
      ['1.500.000', 1_500_000],
      ['1 500 000', 1_500_000],
      ['1,500,000', 1_500_000],
      ['1500000', 1_500_000],
      ['1500000đ', 1_500_000],
      ['1500000 đ', 1_500_000],
      ['1500000 vnđ', 1_500_000],
      ['1500000 VND', 1_500_000],
      ['1500000 VNĐ', 1_500_000],
      ['1500000₫', 1_500_000],
      ['1.500.000 đồng', 1_500_000],
      ['1500000 dong', 1_500_000],
      ['150,000', 150_000],
      ['1,500', 1_500],
      ['1.500', 1_500],
      ['15 000', 15_000],
      ['1000', 1_000],
      ['1.500.000,5', 1_500_001],
      ['1,500,000.4', 1_500_000],
      ['1.5 tỷ đồng', 1_500_000_000],
      ['200 triệu đồng', 200_000_000],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });

    it('reads an amount below 1000 when the currency is written out', () => {
      expect(parseMoney('500 đồng')).toEqual({ ok: true, value: 500 });
      expect(parseMoney('500đ')).toEqual({ ok: true, value: 500 });
    });
  });

  describe('decimal comma and thousands dot', () => {
    it.each([
      ['1,500 triệu', 1_500_000], // a comma before a unit is a decimal comma
      ['1.500 triệu', 1_500_000_000], // a dot before three digits groups thousands
      ['1.500.000 triệu', 1_500_000_000_000],
      ['1.500,5 triệu', 1_500_500_000],
      ['0,5 tỷ', 500_000_000],
      ['1.25 tỷ', 1_250_000_000],
      ['1.2345 triệu', 1_234_500],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });

    it.each([
      ['1,2345 nghìn', 1_235], // 1234.5 đồng
      ['1,0004 nghìn', 1_000], // 1000.4 đồng
      ['0,0001 tỷ', 100_000],
    ])('rounds %j to whole đồng (%d)', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });
  });

  describe('Vietnamese number words', () => {
    it.each([
      ['hai trăm triệu', 200_000_000],
      ['hai tram trieu', 200_000_000],
      ['2 trăm triệu', 200_000_000],
      ['một tỷ rưỡi', 1_500_000_000],
      ['mot ty hai', 1_200_000_000],
      ['mười lăm triệu', 15_000_000],
      ['năm trăm nghìn', 500_000],
      ['hai trăm rưỡi triệu', 250_000_000],
      ['một triệu hai trăm nghìn', 1_200_000],
      ['một triệu hai trăm', 1_200_000],
      ['một tỷ không trăm năm mươi triệu', 1_050_000_000],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });
  });

  describe('zero', () => {
    it.each([['0'], ['không'], ['khong'], ['KHÔNG'], ['không đồng'], ['ko'], ['0đ'], ['0 đồng'], ['không có'], ['chưa có']])('reads %j as 0', (input) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: 0 });
    });
  });

  describe('how people type', () => {
    it.each([
      ['  1,5   tỷ  ', 1_500_000_000],
      ['1,5 Tỷ.', 1_500_000_000],
      ['1,5 TỶ', 1_500_000_000],
      ['200 triệu ạ', 200_000_000],
      ['khoảng 200 triệu', 200_000_000],
      ['khoang 200 trieu', 200_000_000],
      ['tầm 200tr', 200_000_000],
      ['tam 200tr', 200_000_000],
      ['chừng 200 triệu', 200_000_000],
      ['chung 200 trieu', 200_000_000],
      ['gần 2 tỷ', 2_000_000_000],
      ['gan 2 ty', 2_000_000_000],
      ['hơn 2 tỷ', 2_000_000_000],
      ['hon 2 ty', 2_000_000_000],
      ['trên 2 tỷ', 2_000_000_000],
      ['tren 2 ty', 2_000_000_000],
      ['dưới 2 tỷ', 2_000_000_000],
      ['duoi 2 ty', 2_000_000_000],
      ['xấp xỉ 2 tỷ', 2_000_000_000],
      ['xap xi 2 ty', 2_000_000_000],
      ['~2 tỷ', 2_000_000_000],
      ['~ 2 tỷ', 2_000_000_000],
      ['≈2 tỷ', 2_000_000_000],
      ['cỡ 2 tỷ', 2_000_000_000],
      ['co 2 ty', 2_000_000_000],
      ['khoảng hơn 2 tỷ', 2_000_000_000],
      ['khoảng hai tỷ', 2_000_000_000],
      ['tám triệu', 8_000_000],
      ['tam trieu', 8_000_000],
      ['1,5\u200B tỷ', 1_500_000_000],
      ['1,5 tỷ'.normalize('NFD'), 1_500_000_000],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
    });
  });

  describe('negative amounts', () => {
    it.each([['-200 triệu'], ['- 200 triệu'], ['−200 triệu'], ['âm 200 triệu'], ['am 200 trieu'], ['lỗ 200 triệu'], ['lo 200 trieu'], ['lỗ khoảng 200 triệu']])(
      'reads %j as -200 000 000 with allowNegative',
      (input) => {
        expect(parseMoney(input, { allowNegative: true })).toEqual({ ok: true, value: -200_000_000 });
      },
    );

    it.each([['-200 triệu'], ['âm 200 triệu'], ['am 200 trieu'], ['lỗ 200 triệu'], ['lo 200 trieu'], ['-1500000']])(
      'rejects %j as negative without allowNegative',
      (input) => {
        expect(parseMoney(input)).toEqual({ ok: false, error: 'negative' });
        expect(parseMoney(input, { allowNegative: false })).toEqual({ ok: false, error: 'negative' });
      },
    );

    it('gives plain 0 (not -0) for minus zero', () => {
      const r = parseMoney('-0');
      expect(r).toEqual({ ok: true, value: 0 });
      expect(r.ok && Object.is(r.value, -0)).toBe(false);
    });

    it('accepts a positive amount with allowNegative, and a leading plus sign', () => {
      expect(parseMoney('200 triệu', { allowNegative: true })).toEqual({ ok: true, value: 200_000_000 });
      expect(parseMoney('+200 triệu')).toEqual({ ok: true, value: 200_000_000 });
    });
  });

  describe('rejections', () => {
    it.each([
      ['45', 'missing_unit'],
      ['999', 'missing_unit'],
      ['1,5', 'missing_unit'],
      ['1.5', 'missing_unit'],
      ['0,5', 'missing_unit'],
      ['khoảng 45', 'missing_unit'],
      ['hai trăm', 'missing_unit'],
      ['', 'empty'],
      ['   ', 'empty'],
      ['\u200B', 'empty'],
      ['.', 'empty'],
      ['abc', 'not_a_number'],
      ['nhiều lắm', 'not_a_number'],
      ['nhieu lam', 'not_a_number'],
      ['tỷ', 'not_a_number'],
      ['triệu', 'not_a_number'],
      ['rưỡi', 'not_a_number'],
      ['khoảng', 'not_a_number'],
      ['200 triệu 3 tỷ', 'not_a_number'],
      ['200 triệu 300 triệu', 'not_a_number'],
      ['2 tỷ tỷ', 'not_a_number'],
      ['2 tỷ 2500', 'not_a_number'],
      ['1,5 tỷ 2', 'not_a_number'],
      ['1,5 tỷ rưỡi', 'not_a_number'],
      ['1 tỷ rưỡi 200 triệu', 'not_a_number'],
      ['1-2 tỷ', 'not_a_number'],
      ['1 đến 2 tỷ', 'not_a_number'],
      ['200 triệu đồng đồng', 'not_a_number'],
      ['đ 200', 'not_a_number'],
      ['12%', 'not_a_number'],
      ['1.5.5', 'not_a_number'],
      ['1 500.000', 'not_a_number'],
      ['hai ba triệu', 'not_a_number'],
      ['10000000000 triệu', 'too_large'],
      ['1.000.001 tỷ', 'too_large'],
      ['99999999999999999999', 'too_large'],
    ])('rejects %j (%s)', (input, error) => {
      expect(parseMoney(input)).toEqual({ ok: false, error });
    });

    it('accepts exactly 10^15 đồng', () => {
      expect(parseMoney('1.000.000 tỷ')).toEqual({ ok: true, value: 1e15 });
    });

    it.each([[' \n'], ['💰💰'], ['1'.repeat(500)], ['-'.repeat(100)], ['tỷ'.repeat(100)], ['1,'.repeat(100)], ['ạ']])('never throws (%j)', (input) => {
      expect(() => parseMoney(input)).not.toThrow();
      expect(parseMoney(input).ok).toBe(false);
    });
  });

  describe('as directors type them (issue 17)', () => {
    it.each([
      ['lãi 120 triệu', 120_000_000],
      ['lai 120 trieu', 120_000_000],
      ['lời 120tr', 120_000_000],
      ['lãi khoảng 120 triệu', 120_000_000],
      ['1,5 tỷ', 1_500_000_000],
      ['1ty5', 1_500_000_000],
      ['120tr', 120_000_000],
      ['2 tỷ 300 triệu', 2_300_000_000],
      ['500k', 500_000],
      ['1.200.000 đ', 1_200_000],
    ])('reads %j as %d', (input, vnd) => {
      expect(parseMoney(input)).toEqual({ ok: true, value: vnd });
      expect(parseMoneyPer(input)).toEqual({ ok: true, value: { vnd } });
    });

    it('keeps "lỗ" a loss and "lãi" a profit', () => {
      expect(parseMoney('lỗ 50 triệu', { allowNegative: true })).toEqual({ ok: true, value: -50_000_000 });
      expect(parseMoney('lai 50 trieu', { allowNegative: true })).toEqual({ ok: true, value: 50_000_000 });
    });

    it.each([
      ['4tr/thang', 4_000_000, 'month'],
      ['4 tr/tháng', 4_000_000, 'month'],
      ['4 triệu / tháng', 4_000_000, 'month'],
      ['4tr một tháng', 4_000_000, 'month'],
      ['4 trieu moi thang', 4_000_000, 'month'],
      ['4 triệu hằng tháng', 4_000_000, 'month'],
      ['4tr/th', 4_000_000, 'month'],
      ['30tr mỗi quý', 30_000_000, 'quarter'],
      ['120 triệu/năm', 120_000_000, 'year'],
      ['120 trieu mot nam', 120_000_000, 'year'],
      ['lãi 10 triệu/tháng', 10_000_000, 'month'],
    ])('reads %j as %d per %s', (input, vnd, per) => {
      expect(parseMoneyPer(input)).toEqual({ ok: true, value: { vnd, per } });
    });

    it('does not take "năm" right after an amount for a year (it is also five)', () => {
      expect(parseMoneyPer('1 tỷ năm')).toEqual({ ok: true, value: { vnd: 1_500_000_000 } });
    });

    it('leaves a period out of parseMoney, and reports a bad amount before it', () => {
      expect(parseMoney('4tr/thang')).toEqual({ ok: false, error: 'not_a_number' });
      expect(parseMoneyPer('abc/tháng')).toEqual({ ok: false, error: 'not_a_number' });
      expect(parseMoneyPer('45/tháng')).toEqual({ ok: false, error: 'missing_unit' });
      expect(parseMoneyPer('lỗ 5tr/tháng')).toEqual({ ok: false, error: 'negative' });
    });
  });
});
