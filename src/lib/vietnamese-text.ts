/** Vietnamese text helpers: normalise for storage, fold for matching. Never fold what users see. */

// Zero-width spaces/joiners, BOM, soft hyphen, bidi marks: invisible, but they break matching.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// Other control characters (C0 with NUL, DEL, C1) except tab, newline and carriage return (made a newline).
// A NUL cannot even be stored: PostgreSQL text refuses it.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** NFC, no invisible or control characters, trimmed. What we store and show. */
export function cleanText(input: string): string {
  // Invisible characters go first: one between a letter and its accent would block composition.
  return input.replace(INVISIBLE, '').replace(CONTROL, '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/**
 * One line of text as stored: cleanText, then every run of whitespace (newlines and tabs too) made
 * one space. For names, display names, titles and places; multi-line text (answers, questions,
 * announcement bodies) keeps its newlines and tabs with cleanText. Every text a user or a platform
 * gives goes through one of the two before it is stored.
 */
export function cleanLine(input: string): string {
  return cleanText(input).replace(/\s+/g, ' ');
}

/** JSON for a `jsonb` column: PostgreSQL refuses `\u0000` there, so NULs are dropped from every string (a raw platform update may carry one). */
export function jsonWithoutNul(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '') : v));
}

/** Lower case without diacritics (đ → d), whitespace collapsed: for matching only. */
export function foldText(input: string): string {
  return cleanText(input)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}
