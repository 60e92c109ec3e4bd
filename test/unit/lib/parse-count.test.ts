import { describe, expect, it } from 'vitest';
import { dropHedges, parseInteger, parsePercent, readNumberWords } from '../../../src/lib/parse-count.js';

describe('parseInteger', () => {
  describe('numbers with or without a unit after them', () => {
    it.each([
      ['45', 45],
      ['45 người', 45],
      ['45 nguoi', 45],
      ['45 NGƯỜI', 45],
      ['45người', 45],
      ['khoảng 45', 45],
      ['khoang 45', 45],
      ['tầm 45 người', 45],
      ['tam 45', 45],
      ['hơn 45 hộ', 45],
      ['~45', 45],
      ['cỡ 45', 45],
      ['xấp xỉ 45', 45],
      ['khoảng hơn 45', 45],
      ['45 thành viên', 45],
      ['45 tv', 45],
      ['45 hộ', 45],
      ['45 lần', 45],
      ['45 sản phẩm', 45],
      ['45 năm', 45],
      ['1.200', 1200],
      ['1 200', 1200],
      ['1,200', 1200],
      ['1.200 người', 1200],
      ['1.200.000', 1_200_000],
      ['  45  ', 45],
      ['45.', 45],
      ['45 người ạ', 45],
      ['45,0', 45],
      ['007', 7],
      ['1000000000', 1_000_000_000],
    ])('reads %j as %d', (input, n) => {
      expect(parseInteger(input)).toEqual({ ok: true, value: n });
    });
  });

  describe('zero', () => {
    it.each([['0'], ['0 người'], ['không'], ['khong'], ['không có'], ['khong co'], ['ko co'], ['ko'], ['chưa có'], ['chua co'], ['Không có ai']])(
      'reads %j as 0',
      (input) => {
        expect(parseInteger(input)).toEqual({ ok: true, value: 0 });
      },
    );
  });

  describe('Vietnamese number words 0–999', () => {
    it.each([
      ['một', 1],
      ['mot', 1],
      ['năm', 5],
      ['tám', 8],
      ['tam', 8],
      ['mười', 10],
      ['mười một', 11],
      ['mười bốn', 14],
      ['mười tư', 14],
      ['mười lăm', 15],
      ['muoi lam', 15],
      ['hai mươi', 20],
      ['hai mươi mốt', 21],
      ['hai mươi tư', 24],
      ['hai mươi lăm', 25],
      ['hai lăm', 25],
      ['ba mốt', 31],
      ['bốn mươi lăm', 45],
      ['bon muoi lam', 45],
      ['bốn mươi lăm người', 45],
      ['tám mươi', 80],
      ['tam muoi', 80],
      ['chín mươi chín', 99],
      ['một trăm', 100],
      ['một trăm linh năm', 105],
      ['một trăm lẻ năm', 105],
      ['hai trăm linh tư', 204],
      ['một trăm hai', 120],
      ['hai trăm mốt', 210],
      ['một trăm rưỡi', 150],
      ['một trăm hai mươi', 120],
      ['một trăm hai mươi lăm', 125],
      ['chín trăm chín mươi chín', 999],
      ['2 trăm', 200],
      ['5 trăm người', 500],
      ['khoảng bốn mươi', 40],
      ['tầm tám mươi', 80],
      ['tam tam muoi', 80], // "tầm tám mươi" without diacritics
      ['hai năm', 2],
      ['một trăm năm', 100], // a hundred years: "năm" after "trăm" is not 50
      ['hai mươi năm', 20], // twenty years: 25 is "hai mươi lăm"
    ])('reads %j as %d', (input, n) => {
      expect(parseInteger(input)).toEqual({ ok: true, value: n });
    });

    it.each([['hai ba người'], ['năm 2026'], ['mươi mươi'], ['trăm'], ['lăm'], ['linh năm'], ['một trăm linh'], ['không trăm']])(
      'does not read %j',
      (input) => {
        expect(parseInteger(input)).toEqual({ ok: false, error: 'not_a_number' });
      },
    );
  });

  describe('rejections', () => {
    it.each([
      ['', 'empty'],
      ['   ', 'empty'],
      ['\uFEFF', 'empty'],
      ['45,5', 'not_integer'],
      ['4.5', 'not_integer'],
      ['45,5 người', 'not_integer'],
      ['1.200,5', 'not_integer'],
      ['-3', 'negative'],
      ['- 3 người', 'negative'],
      ['âm 3', 'negative'],
      ['1000000001', 'too_large'],
      ['1.000.000.001', 'too_large'],
      ['abc', 'not_a_number'],
      ['nhiều', 'not_a_number'],
      ['có 45', 'ok'], // "có" is the hedge "cỡ" without diacritics
      ['tổng 45', 'not_a_number'],
      ['số lượng 45', 'not_a_number'],
      ['khoảng', 'not_a_number'],
      ['3-5', 'not_a_number'],
      ['3 - 5 người', 'not_a_number'],
      ['15/3', 'not_a_number'],
      ['45%', 'not_a_number'],
      ['45 người và 3 hộ', 'not_a_number'],
      ['không biết', 'not_a_number'],
      ['chưa có số liệu', 'not_a_number'],
    ])('handles %j (%s)', (input, error) => {
      const r = parseInteger(input);
      if (error === 'ok') expect(r).toEqual({ ok: true, value: 45 });
      else expect(r).toEqual({ ok: false, error });
    });

    it('reads minus zero as 0', () => {
      expect(parseInteger('-0')).toEqual({ ok: true, value: 0 });
    });
  });
});

describe('parsePercent', () => {
  it.each([
    ['12%', 12],
    ['12 %', 12],
    ['12 phần trăm', 12],
    ['12 phan tram', 12],
    ['12 PHẦN TRĂM', 12],
    ['12,5%', 12.5],
    ['12,5 %', 12.5],
    ['12.5', 12.5],
    ['12.5%', 12.5],
    ['12', 12],
    ['0', 0],
    ['0%', 0],
    ['0,5%', 0.5],
    ['100%', 100],
    ['150%', 150], // the range is the caller's to check
    ['khoảng 12%', 12],
    ['tam 12 %', 12],
    ['12%.', 12],
    ['mười lăm phần trăm', 15],
    ['muoi lam %', 15],
    ['hai mươi%', 20],
    ['không', 0],
  ])('reads %j as %d', (input, n) => {
    expect(parsePercent(input)).toEqual({ ok: true, value: n });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['-5%', 'negative'],
    ['- 5', 'negative'],
    ['âm 5%', 'negative'],
    ['abc', 'not_a_number'],
    ['%', 'not_a_number'],
    ['12%%', 'not_a_number'],
    ['12 người', 'not_a_number'],
    ['12-15%', 'not_a_number'],
    ['.5', 'not_a_number'],
    ['12,5,5', 'not_a_number'],
    ['phần trăm', 'not_a_number'],
  ])('rejects %j (%s)', (input, error) => {
    expect(parsePercent(input)).toEqual({ ok: false, error });
  });
});

describe('readNumberWords', () => {
  it.each([
    [['bon', 'muoi', 'lam', 'nguoi'], 45, 3],
    [['mot', 'tram', 'hai'], 120, 3],
    [['hai', 'tram', 'ruoi', 'trieu'], 250, 3],
    [['khong'], 0, 1],
    [['2', 'tram', 'trieu'], 200, 2],
    [['ba', 'nguoi'], 3, 1],
  ])('reads %j as %d from %d words', (words, value, used) => {
    expect(readNumberWords(words)).toEqual({ value, used });
  });

  it.each([[[] as string[]], [['nguoi']], [['tram']], [['45']], [['lam']], [['ruoi']], [['linh', 'nam']]])('reads nothing from %j', (words) => {
    expect(readNumberWords(words)).toBeUndefined();
  });
});

describe('dropHedges', () => {
  it.each([
    ['khoảng 45', '45'],
    ['Khoảng Hơn 45 người', '45 người'],
    ['~45', '45'],
    ['≈ 45', '45'],
    ['xấp xỉ 2 tỷ', '2 tỷ'],
    ['cỡ hai triệu', 'hai triệu'],
    ['tầm mười người', 'mười người'],
    ['tam hai trieu', 'hai trieu'],
    ['tam muoi', 'tam muoi'], // 80
    ['tám 45', 'tám 45'],
    ['có', 'có'],
    ['khoảng', 'khoảng'],
    ['gần hết', 'gần hết'],
    ['khoang tam muoi nguoi', 'tam muoi nguoi'], // khoảng tám mươi người
    ['xap 45', 'xap 45'],
    ['~', '~'],
    ['  Khoảng   45  ', '45'],
  ])('turns %j into %j', (input, out) => {
    expect(dropHedges(input)).toBe(out);
  });
});
