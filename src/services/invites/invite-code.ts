import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * Invite codes: 10 characters of the 31-letter alphabet, log2(31^10) ≈ 49.5 bits (49.47 with the
 * letters-and-digits rule, which drops ≈ 5 % of the draws). Invites live for weeks (60 days on a
 * printed sheet), so a code must hold against the global limit of wrong attempts (INVITE_WRONG_GLOBAL
 * = 100 a minute, ≈ 5.3·10^7 a year, across all accounts): with 10,000 codes open at once, a whole
 * year of guessing at that rate finds on average 5.3·10^7 × 10^4 / (0.95 × 31^10) ≈ 0.0007 codes.
 * With 8 characters (39.5 bits) it would be ≈ 0.7, about one chance in two: too few for invites.
 */
export const INVITE_CODE_LENGTH = 10;
/** Link codes (/lienket) live 10 minutes and belong to one person: 8 characters are enough there. */
export const SHORT_CODE_LENGTH = 8;

/**
 * A random code of `length` characters (8: link codes, the default; 10: invites), also valid as a
 * Telegram deep-link payload. It always mixes letters and digits, which is how a typed code is told
 * apart from an ordinary word.
 */
export function newInviteCode(length: typeof SHORT_CODE_LENGTH | typeof INVITE_CODE_LENGTH = SHORT_CODE_LENGTH): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (/\d/.test(code) && /[A-Z]/.test(code)) return code;
  }
}

/** What a user typed, as a code to look up: upper case, no spaces or dashes. */
export function normalizeInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** A code as printed and read aloud: groups of 5 (10 characters) or 4 (8), joined by a dash. */
export function formatInviteCode(code: string): string {
  const size = code.length === INVITE_CODE_LENGTH ? 5 : 4;
  return (code.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join('-');
}

/** True when the text could be an invite or link code (so typed text is tried as one): 8 or 10 characters. */
export function looksLikeInviteCode(input: string): boolean {
  return /^(?:[A-Z2-9]{8}|[A-Z2-9]{10})$/.test(normalizeInviteCode(input)) && /\d/.test(input) && /[A-Za-z]/.test(input);
}
