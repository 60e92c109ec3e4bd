import { describe, expect, it } from 'vitest';
import { parseVietnamesePhone } from '../../../src/lib/phone.js';

describe('parseVietnamesePhone', () => {
  describe('mobile numbers', () => {
    it.each([
      ['0912345678'],
      ['0912 345 678'],
      ['0912.345.678'],
      ['0912-345-678'],
      ['+84 912 345 678'],
      ['+84912345678'],
      ['84912345678'],
      ['(+84) 912-345-678'],
      ['  0912 345 678  '],
    ])('reads %j as 0912345678', (input) => {
      expect(parseVietnamesePhone(input)).toBe('0912345678');
    });

    it.each([['0312345678'], ['0512345678'], ['0712345678'], ['0812345678'], ['0912345678']])('accepts the mobile prefix of %s', (input) => {
      expect(parseVietnamesePhone(input)).toBe(input);
    });

    it('keeps a national number whose digits after 0 begin with 84', () => {
      expect(parseVietnamesePhone('0849 123 456')).toBe('0849123456');
    });
  });

  describe('landlines', () => {
    it('reads an 11-digit 02x number', () => {
      expect(parseVietnamesePhone('024 3825 1234')).toBe('02438251234');
      expect(parseVietnamesePhone('028.3825.1234')).toBe('02838251234');
    });

    it('reads a landline written with the country code', () => {
      expect(parseVietnamesePhone('+84 24 3825 1234')).toBe('02438251234');
    });
  });

  describe('rejections', () => {
    it.each([
      ['too short', '12345'],
      ['an unknown 01x prefix', '0112345678'],
      ['an 04x prefix', '0412345678'],
      ['letters mixed in', '0912abc678'],
      ['only letters', 'không có'],
      ['a US number', '+1 650 555 1234'],
      ['nine digits after 0', '091234567'],
      ['an 11-digit mobile', '09123456789'],
      ['a 10-digit 02x number', '0243825123'],
      ['a 12-digit landline', '024382512345'],
      ['an empty string', ''],
      ['a number without 0 or country code', '912345678'],
      ['a plus sign with a national number', '+0912345678'],
      ['other separators', '0912/345/678'],
    ])('rejects %s (%j)', (_why, input) => {
      expect(parseVietnamesePhone(input)).toBeUndefined();
    });
  });
});
