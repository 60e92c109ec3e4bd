import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random 8-character invite code, also valid as a Telegram deep-link payload. */
export function newInviteCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What a user typed, as a code to look up: upper case, no spaces or dashes. */
export function normalizeInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** True when the text could be an invite code (so typed text is tried as one). */
export function looksLikeInviteCode(input: string): boolean {
  return /^[A-Z2-9]{8}$/.test(normalizeInviteCode(input)) && /\d/.test(input) && /[A-Za-z]/.test(input);
}
