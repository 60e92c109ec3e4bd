import { describe, expect, it } from 'vitest';
import { formatInviteCode, INVITE_CODE_LENGTH, looksLikeInviteCode, newInviteCode, normalizeInviteCode } from '../../../../src/services/invites/invite-code.js';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

describe('newInviteCode', () => {
  it('makes 8 characters from the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = newInviteCode();
      expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
    }
  });

  it('never uses the look-alike characters 0, O, 1, I or L', () => {
    const all = Array.from({ length: 500 }, () => newInviteCode()).join('');
    expect(all).not.toMatch(/[0O1IL]/);
  });

  it('uses most of the alphabet over many codes', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newInviteCode()).join(''));
    for (const ch of seen) expect(ALPHABET).toContain(ch);
    expect(seen.size).toBeGreaterThan(ALPHABET.length - 3);
  });

  it('makes 1000 codes that are (almost) all unique', () => {
    const codes = Array.from({ length: 1000 }, () => newInviteCode());
    // 31^8 ≈ 8.5e11 possibilities: a collision among 1000 codes is vanishingly unlikely.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(999);
  });

  it('is a valid Telegram deep-link payload (A–Z, a–z, 0–9, _ and -, up to 64)', () => {
    expect(newInviteCode()).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(newInviteCode(INVITE_CODE_LENGTH)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('makes invite codes of 10 characters: at least 49 bits against guessing', () => {
    expect(INVITE_CODE_LENGTH).toBe(10);
    for (let i = 0; i < 200; i++) expect(newInviteCode(INVITE_CODE_LENGTH)).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{10}$/);
    // Codes mixing letters and digits, of 31^10: ≈ 95 % of them.
    const bits = Math.log2(31 ** 10 * (1 - (23 / 31) ** 10 - (8 / 31) ** 10));
    expect(bits).toBeGreaterThan(49);
  });
});

describe('formatInviteCode', () => {
  it('prints an invite code in two groups of five, a link code in two of four', () => {
    expect(formatInviteCode('K7M2Q9XAP4')).toBe('K7M2Q-9XAP4');
    expect(formatInviteCode('XK7M9QPA')).toBe('XK7M-9QPA');
    expect(normalizeInviteCode(formatInviteCode('K7M2Q9XAP4'))).toBe('K7M2Q9XAP4');
  });
});

describe('normalizeInviteCode', () => {
  it('upper-cases and removes spaces and dashes', () => {
    expect(normalizeInviteCode('abcd-2345')).toBe('ABCD2345');
    expect(normalizeInviteCode(' ab cd  23 45 ')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD--2345')).toBe('ABCD2345');
  });

  it('leaves an already normal code unchanged', () => {
    expect(normalizeInviteCode('XK7M9QPA')).toBe('XK7M9QPA');
  });

  it('keeps other characters for the lookup to reject', () => {
    expect(normalizeInviteCode('ab.cd')).toBe('AB.CD');
  });
});

describe('looksLikeInviteCode', () => {
  it.each([['XK7M9QPA'], ['xk7m9qpa'], ['xk7m-9qpa'], [' XK7M 9QPA '], ['K7M2Q9XAP4'], ['k7m2q-9xap4'], ['K7M2Q 9XAP4']])('accepts %j', (input) => {
    expect(looksLikeInviteCode(input)).toBe(true);
  });

  it.each([
    ['a greeting', 'xin chào'],
    ['a word of 8 letters', 'tuyetvoi'],
    ['8 digits (a phone number fragment)', '23456789'],
    ['too short', 'XK7M9QP'],
    ['9 characters', 'XK7M9QPAB'],
    ['11 characters', 'K7M2Q9XAP4Z'],
    ['a 0 or 1 digit', 'XK7M0QP1'],
    ['punctuation', 'XK7M.QPA'],
    ['Vietnamese letters', 'ĐK7M9QPA'],
    ['an empty string', ''],
  ])('rejects %s (%j)', (_why, input) => {
    expect(looksLikeInviteCode(input)).toBe(false);
  });

  it('accepts every freshly made code, typed in any case', () => {
    for (let i = 0; i < 2000; i++) {
      const code = newInviteCode(i % 2 ? INVITE_CODE_LENGTH : undefined);
      expect(looksLikeInviteCode(code)).toBe(true);
      expect(looksLikeInviteCode(code.toLowerCase())).toBe(true);
    }
  });
});
