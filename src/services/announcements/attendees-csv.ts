import type { T } from '../../i18n/i18n.js';
import { vnDateTime } from '../../lib/vn-time.js';
import { toCsv } from '../exports/write-csv.js';
import type { Attendee } from './list-attendees.js';

/** The attendee list as CSV (UTF-8 with BOM for Excel), headers in the reader's language. */
export function attendeesCsv(t: T, rows: readonly Attendee[]): string {
  const headers = [
    t('rsvp.columns.number'),
    t('rsvp.columns.name'),
    t('rsvp.columns.cooperative'),
    t('rsvp.columns.commune'),
    t('rsvp.columns.phone'),
    t('rsvp.columns.answered_at'),
  ];
  // Answered at: Việt Nam time, `2026-12-01 08:30` (a spreadsheet reads it as a date and time).
  return toCsv(
    headers,
    rows.map((r, i) => [i + 1, r.name, r.cooperative, r.commune, r.phone, vnDateTime(r.answeredAt)]),
  );
}
