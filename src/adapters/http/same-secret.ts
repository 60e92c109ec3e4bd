import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a secret from a request header with the expected one in constant time. */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  const value = Array.isArray(given) ? given[0] : given;
  if (!value || !expected) return false;
  const a = createHash('sha256').update(value).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
