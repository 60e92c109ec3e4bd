import type ExcelJS from 'exceljs';

/** How a spreadsheet column is shown: its number format and width. */
export type ColumnKind = 'id' | 'name' | 'text' | 'short_text' | 'long_text' | 'sector' | 'count' | 'money' | 'percent' | 'date' | 'datetime';

/** Excel number formats: whole VND and counts with thousands separators, percents, Vietnamese day order. */
export const NUMBER_FORMAT = {
  count: '#,##0',
  money: '#,##0',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
} as const;

export const COLUMN_WIDTH: Record<ColumnKind, number> = {
  id: 8,
  name: 36,
  text: 18,
  short_text: 12,
  long_text: 40,
  sector: 18,
  count: 12,
  money: 18,
  percent: 11,
  date: 12,
  datetime: 17,
};

const STYLES: Record<ColumnKind, Partial<ExcelJS.Style>> = {
  id: {},
  name: {},
  text: {},
  short_text: {},
  long_text: {},
  sector: {},
  count: { numFmt: NUMBER_FORMAT.count },
  money: { numFmt: NUMBER_FORMAT.money },
  percent: { numFmt: NUMBER_FORMAT.percent },
  date: { numFmt: NUMBER_FORMAT.date },
  datetime: { numFmt: NUMBER_FORMAT.datetime },
};

/** The (shared, never modified) style of a column's cells. */
export const styleOf = (kind: ColumnKind): Partial<ExcelJS.Style> => STYLES[kind];

export const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { wrapText: true, vertical: 'top' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  border: { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } },
};

export const TITLE_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 14 } };
export const SECTION_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 12 } };
export const BOLD_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } };
export const NOTE_STYLE: Partial<ExcelJS.Style> = { font: { italic: true, color: { argb: 'FF595959' } } };

/** A1-style address of a row and column (both from 1). */
export function cellAddress(row: number, column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}
