/** A CSV cell: text, a number (written as is), a boolean, or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * How a CSV file separates and writes its cells. {@link RAW_CSV}: RFC 4180 with commas and numbers
 * as JavaScript writes them (for scripts); {@link VI_CSV}: semicolons and a decimal comma, as Excel
 * reads a CSV under Vietnamese regional settings.
 */
export interface CsvDialect {
  separator: ',' | ';';
  /** How a number is written (default `String(n)`). */
  number?: (n: number) => string;
}

export const RAW_CSV: CsvDialect = { separator: ',' };

/** Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES: Record<CsvDialect['separator'], RegExp> = { ',': /[",\r\n]/, ';': /[";\r\n]/ };

function cell(v: CsvCell, d: CsvDialect): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return String(v);
  // A number is never defused (a negative one is a number, not a formula); quoted only if the dialect's decimal mark is its separator.
  const text = typeof v === 'number' ? (d.number?.(v) ?? String(v)) : FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES[d.separator].test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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

/** One CSV record with its CRLF line end (the same rules as {@link toCsv}, in the dialect's separator), for writing a file row by row. */
export function csvLine(cells: readonly CsvCell[], dialect: CsvDialect = RAW_CSV): string {
  return `${cells.map((c) => cell(c, dialect)).join(dialect.separator)}\r\n`;
}
