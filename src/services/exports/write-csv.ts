/** A CSV cell: text, a number (written as is), a boolean, or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table as CSV (RFC 4180: fields with `,` `"` CR or LF quoted, quotes doubled, CRLF line ends),
 * starting with a UTF-8 byte order mark so that Excel reads Vietnamese correctly. Text that a
 * spreadsheet would run as a formula gets a leading `'`; numbers are written as they are.
 */
export function toCsv(headers: readonly CsvCell[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [csvLine(headers)];
  for (const row of rows) lines.push(csvLine(row));
  return `${CSV_BOM}${lines.join('')}`;
}

/** The byte order mark a CSV file starts with, so that Excel reads it as UTF-8. */
export const CSV_BOM = '\uFEFF';

/** One CSV record with its CRLF line end (the same rules as {@link toCsv}), for writing a file row by row. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(cell).join(',')}\r\n`;
}
