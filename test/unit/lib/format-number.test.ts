import { describe, expect, it } from 'vitest';
import { formatInteger, formatMoney, formatMoneyWords, formatPercent, formatPlainNumber } from '../../../src/lib/format-number.js';
import { parseMoney } from '../../../src/lib/parse-money.js';

describe('formatMoney', () => {
  it.each([
    [1_500_000_000, '1.500.000.000 đ', '1,500,000,000 VND'],
    [1_500_000, '1.500.000 đ', '1,500,000 VND'],
    [200_000_000, '200.000.000 đ', '200,000,000 VND'],
    [1_000, '1.000 đ', '1,000 VND'],
    [999, '999 đ', '999 VND'],
    [0, '0 đ', '0 VND'],
    [-0, '0 đ', '0 VND'],
    [-200_000_000, '-200.000.000 đ', '-200,000,000 VND'],
    [1_234_567.6, '1.234.568 đ', '1,234,568 VND'],
    [1e15, '1.000.000.000.000.000 đ', '1,000,000,000,000,000 VND'],
  ])('formats %d as %j (vi) and %j (en)', (vnd, vi, en) => {
    expect(formatMoney(vnd, 'vi')).toBe(vi);
    expect(formatMoney(vnd, 'en')).toBe(en);
  });
});

describe('formatMoneyWords', () => {
  it.each([
    [1_500_000_000, '1,5 tỷ đồng', '1.5 billion VND'],
    [200_000_000, '200 triệu đồng', '200 million VND'],
    [2_300_000_000, '2,3 tỷ đồng', '2.3 billion VND'],
    [15_000_000, '15 triệu đồng', '15 million VND'],
    [500_000, '500 nghìn đồng', '500 thousand VND'],
    [1_000_000_000, '1 tỷ đồng', '1 billion VND'],
    [1_250_000_000, '1,25 tỷ đồng', '1.25 billion VND'],
    [1_234_567_890, '1,23 tỷ đồng', '1.23 billion VND'],
    [1_236_000, '1,24 triệu đồng', '1.24 million VND'],
    [1_500, '1,5 nghìn đồng', '1.5 thousand VND'],
    [1_000, '1 nghìn đồng', '1 thousand VND'],
    [999_999_999, '1 tỷ đồng', '1 billion VND'],
    [999_999, '1 triệu đồng', '1 million VND'],
    [999_000_000, '999 triệu đồng', '999 million VND'],
    [1_500_000_000_000, '1,5 nghìn tỷ đồng', '1.5 trillion VND'],
    [999, '999 đồng', '999 VND'],
    [999.6, '1 nghìn đồng', '1 thousand VND'],
    [500, '500 đồng', '500 VND'],
    [0, '0 đồng', '0 VND'],
    [-1_500_000_000, '-1,5 tỷ đồng', '-1.5 billion VND'],
    [-200_000_000, '-200 triệu đồng', '-200 million VND'],
    [-500, '-500 đồng', '-500 VND'],
  ])('formats %d as %j (vi) and %j (en)', (vnd, vi, en) => {
    expect(formatMoneyWords(vnd, 'vi')).toBe(vi);
    expect(formatMoneyWords(vnd, 'en')).toBe(en);
  });

  it.each([[1_500_000_000], [200_000_000], [2_300_000_000], [15_000_000], [500_000], [1_250_000_000]])('reads its own Vietnamese words back (%d)', (vnd) => {
    expect(parseMoney(formatMoneyWords(vnd, 'vi'))).toEqual({ ok: true, value: vnd });
    expect(parseMoney(formatMoney(vnd, 'vi'))).toEqual({ ok: true, value: vnd });
  });
});

describe('formatInteger', () => {
  it.each([
    [1200, '1.200', '1,200'],
    [45, '45', '45'],
    [0, '0', '0'],
    [1_000_000, '1.000.000', '1,000,000'],
    [-3, '-3', '-3'],
    [12.6, '13', '13'],
  ])('formats %d as %j (vi) and %j (en)', (n, vi, en) => {
    expect(formatInteger(n, 'vi')).toBe(vi);
    expect(formatInteger(n, 'en')).toBe(en);
  });
});

describe('formatPercent', () => {
  it.each([
    [12.5, '12,5%', '12.5%'],
    [12, '12%', '12%'],
    [0, '0%', '0%'],
    [100, '100%', '100%'],
    [33.333, '33,33%', '33.33%'],
    [0.5, '0,5%', '0.5%'],
    [1200, '1.200%', '1,200%'],
    [-0.001, '0%', '0%'],
  ])('formats %d as %j (vi) and %j (en)', (n, vi, en) => {
    expect(formatPercent(n, 'vi')).toBe(vi);
    expect(formatPercent(n, 'en')).toBe(en);
  });
});

describe('formatPlainNumber', () => {
  it.each([
    [40.5, '40,5', '40.5'],
    [1_500_000_000, '1500000000', '1500000000'],
    [-50_000_000, '-50000000', '-50000000'],
    [0.125, '0,125', '0.125'],
    [0, '0', '0'],
  ])('writes %d with every digit and no grouping: %j (vi), %j (en)', (n, vi, en) => {
    expect(formatPlainNumber(n, 'vi')).toBe(vi);
    expect(formatPlainNumber(n, 'en')).toBe(en);
  });
});
