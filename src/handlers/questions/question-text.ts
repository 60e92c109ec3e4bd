import type { T } from '../../i18n/i18n.js';

/** "3 ngày trước": how long ago, in the reader's language. */
export function timeAgo(t: T, at: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return t('handoff.ago.just_now');
  if (minutes < 60) return t('handoff.ago.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('handoff.ago.hours', { count: hours });
  return t('handoff.ago.days', { count: Math.floor(hours / 24) });
}

/** The first `max` characters of a text on one line, with "…" when cut. */
export function excerpt(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : chars.join('');
}

/** Where a question comes from, for officers: the cooperative, else the area, else "unknown". */
export function questionOrigin(t: T, q: { cooperativeName: string | null; province: string | null; commune: string | null }): string {
  return q.cooperativeName ?? ([q.commune, q.province].filter(Boolean).join(', ') || t('handoff.unknown_area'));
}

/** Length in characters as a person counts them (code points). */
export const charCount = (text: string) => [...text].length;

/** A question id from a button (`ans:12`), or null. */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}
