import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

/**
 * A random 8-character invite code, also valid as a Telegram deep-link payload. It always mixes
 * letters and digits, which is how a typed code is told apart from an ordinary word.
 */
export function newInviteCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (/\d/.test(code) && /[A-Z]/.test(code)) return code;
  }
}

/** What a user typed, as a code to look up: upper case, no spaces or dashes. */
export function normalizeInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** True when the text could be an invite code (so typed text is tried as one). */
export function looksLikeInviteCode(input: string): boolean {
  return /^[A-Z2-9]{8}$/.test(normalizeInviteCode(input)) && /\d/.test(input) && /[A-Za-z]/.test(input);
}
