import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { cleanLine } from '../../lib/vietnamese-text.js';
import { headerKey } from './register-columns.js';

/** The largest register file read (the dashboard's upload limit too). */
export const REGISTER_MAX_BYTES = 5 * 1024 * 1024;
/** The most data rows one file may hold. */
export const REGISTER_MAX_ROWS = 10_000;
/** How far down a sheet the header row is looked for (a title and notes may come first). */
const HEADER_SEARCH_ROWS = 20;

export type RegisterFileProblem = 'too_large' | 'empty' | 'unsupported_format' | 'unreadable' | 'not_utf8' | 'no_header' | 'too_many_rows';

/** A file the import cannot read at all (as opposed to rows it rejects); `code` is a key of `registry.file.*`. */
export class RegisterFileError extends Error {
  override name = 'RegisterFileError';
  constructor(
    readonly code: RegisterFileProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`register file: ${code}`);
  }
}

/** One data row of a sheet: its number as the spreadsheet shows it, and its cells by column. */
export interface TableRow<C extends string> {
  row: number;
  values: Partial<Record<C, string>>;
}

export interface RegisterTable<C extends string> {
  /** The sheet the rows come from (the CSV file: "CSV"). */
  sheet: string;
  headerRow: number;
  columns: C[];
  rows: TableRow<C>[];
}

interface RawRow {
  row: number;
  cells: string[];
}

type CellValue = ExcelJS.CellValue;

/** A cell as text: numbers as typed digits (a phone whose leading 0 Excel dropped stays "912…"), formulas by their result. */
function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: CellValue }).result ?? null);
    if ('text' in v) return cellText((v as { text: CellValue }).text);
    if ('error' in v) return '';
  }
  return String(v);
}

async function xlsxSheets(bytes: Buffer): Promise<{ name: string; rows: RawRow[] }[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new RegisterFileError('unreadable');
  }
  return wb.worksheets.map((ws) => {
    const rows: RawRow[] = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: true }, (c, col) => {
        cells[col - 1] = cleanLine(cellText(c.value));
      });
      rows.push({ row: r.number, cells: Array.from(cells, (c) => c ?? '') });
    });
    return { name: ws.name, rows };
  });
}

/** CSV in UTF-8 (with or without BOM), comma- or semicolon-separated (Excel in Vietnam often saves ";"). */
function csvRows(bytes: Buffer): RawRow[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD')) throw new RegisterFileError('not_utf8');
  const head = text.split(/\r?\n/).slice(0, HEADER_SEARCH_ROWS).join('\n');
  const count = (ch: string) => head.split(ch).length - 1;
  const delimiter = count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true }) as never;
  } catch {
    throw new RegisterFileError('unreadable');
  }
  return records.map((r) => ({ row: r.info.lines, cells: r.record.map((c) => cleanLine(c)) }));
}

/**
 * Reads a register (XLSX, or CSV) into rows by column: the first sheet with a recognisable header
 * row (up to 20 rows down; a header names at least the `required` columns and one more) is used,
 * its columns matched by name whatever their order, diacritics, case or spacing. Blank rows are
 * skipped; each row keeps the number the spreadsheet shows.
 */
export async function readRegister<C extends string>(bytes: Buffer, lookup: Map<string, C>, required: readonly C[]): Promise<RegisterTable<C>> {
  if (bytes.length > REGISTER_MAX_BYTES) throw new RegisterFileError('too_large', { mb: REGISTER_MAX_BYTES / 1024 / 1024 });
  if (bytes.length === 0) throw new RegisterFileError('empty');
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const isOle = bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])); // old .xls
  if (isOle) throw new RegisterFileError('unsupported_format');
  const sheets = isZip ? await xlsxSheets(bytes) : [{ name: 'CSV', rows: csvRows(bytes) }];
  for (const sheet of sheets) {
    for (const candidate of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
      const columns = new Map<number, C>();
      candidate.cells.forEach((cell, i) => {
        const c = lookup.get(headerKey(cell));
        if (c && ![...columns.values()].includes(c)) columns.set(i, c);
      });
      if (columns.size < 2 || !required.every((r) => [...columns.values()].includes(r))) continue;
      const rows: TableRow<C>[] = [];
      for (const r of sheet.rows) {
        if (r.row <= candidate.row || r.cells.every((c) => !c)) continue;
        const values: Partial<Record<C, string>> = {};
        for (const [i, c] of columns) if (r.cells[i]) values[c] = r.cells[i];
        if (Object.keys(values).length === 0) continue; // only a row number ("STT") or notes
        rows.push({ row: r.row, values });
      }
      if (rows.length > REGISTER_MAX_ROWS) throw new RegisterFileError('too_many_rows', { max: REGISTER_MAX_ROWS });
      return { sheet: sheet.name, headerRow: candidate.row, columns: [...columns.values()], rows };
    }
  }
  throw new RegisterFileError('no_header');
}
