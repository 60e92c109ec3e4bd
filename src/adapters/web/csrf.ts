import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hidden field of every dashboard form that changes something (POST). */
export const CSRF_FIELD = 'csrf';

/**
 * The anti-forgery token of a session's forms: an HMAC of a fixed label keyed by the session
 * cookie's secret, so it needs no storage, differs per session and cannot be computed by another
 * site (the cookie is HttpOnly and never leaves this server). Forms carry it in a hidden field;
 * a POST without the right one is refused, whatever the cookie's SameSite does.
 */
export function csrfToken(sessionCookie: string): string {
  return createHmac('sha256', sessionCookie).update('htx-dashboard-form', 'utf8').digest('base64url');
}

/** Whether a form's token is this session's (compared in constant time). */
export function csrfTokenOk(sessionCookie: string | undefined, given: string | null | undefined): boolean {
  if (!sessionCookie || !given) return false;
  const want = Buffer.from(csrfToken(sessionCookie), 'utf8');
  const got = Buffer.from(given, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}
