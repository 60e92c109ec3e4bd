import { createHash, randomBytes } from 'node:crypto';

/** A sign-in link is valid this long after the officer asked for it. */
export const LOGIN_LINK_TTL_MS = 15 * 60_000;
/** A web session lasts this long after sign-in (a working day); then the officer asks for a new link. */
export const SESSION_TTL_MS = 12 * 3600_000;
/** A session's `lastSeenAt` is written at most this often. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** 32 random bytes in base64url: 43 characters. Login tokens and session cookies have this form. */
export const WEB_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new random secret (a login token or a session cookie value); only its hash is stored. */
export function newWebSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a secret: its SHA-256, in hex. */
export function hashWebSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
