/** Vietnamese text helpers: normalise for storage, fold for matching. Never fold what users see. */

// Zero-width spaces/joiners, BOM, soft hyphen, bidi marks: invisible, but they break matching.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// Other control characters except tab and newline.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** NFC, no invisible or control characters, trimmed. What we store and show. */
export function cleanText(input: string): string {
  // Invisible characters go first: one between a letter and its accent would block composition.
  return input.replace(INVISIBLE, '').replace(CONTROL, '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
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
