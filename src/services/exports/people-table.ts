import type { CooperativeKind } from '../../generated/prisma/enums.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { FieldType, FormDef } from '../reports/form-definition.js';
import { EXPORT_SIZE_CLASS } from './export-size-class.js';
import type { SubmittedReport } from './export-types.js';
import { FIXED_COLUMNS, reportTableHeaders, reportTableRow, type Cell } from './report-table.js';
import { sectorLabel } from './sector-label.js';
import type { ColumnKind } from './xlsx-styles.js';

// The report table as the files for people show it (XLSX, the Vietnamese CSV): the sector as a
// word, and the cooperative's type and size class after it. The raw CSV keeps the report table as it is.

/** The sector's column in the report table; the type and size class follow it. */
const SECTOR = FIXED_COLUMNS.indexOf('sector');

/** How each column is written: the fixed columns (with type and size class), then one per form field. */
const FIXED_KINDS: ColumnKind[] = ['id', 'name', 'text', 'text', 'text', 'sector', 'text', 'text', 'text', 'count', 'datetime'];
const FIELD_KINDS: Record<FieldType, ColumnKind> = {
  integer: 'count',
  money: 'money',
  percent: 'percent',
  date: 'date',
  choice: 'text',
  multi: 'long_text',
  yesno: 'short_text',
  text: 'long_text',
};

/** The kind of each column of {@link peopleTableHeaders}. */
export const peopleColumnKinds = (form: FormDef): ColumnKind[] => [...FIXED_KINDS, ...form.fields.map((f) => FIELD_KINDS[f.type])];

/** The column titles: the report table's, with "Loại hình" and "Quy mô" after the sector. */
export function peopleTableHeaders(form: FormDef, t: T, locale: Locale): string[] {
  const headers = reportTableHeaders(form, t, locale);
  headers.splice(SECTOR + 1, 0, t('exports.columns.kind'), t('exports.columns.size_class'));
  return headers;
}

/**
 * One report as a row for people: the report table's row with the sector's label and the
 * cooperative's type and size class (see export-size-class.ts) after it. Numbers stay numbers,
 * the submission time an ISO instant and dates ISO days: each file writes them its own way.
 */
export function peopleTableRow(form: FormDef, r: SubmittedReport, kind: CooperativeKind | undefined, t: T): Cell[] {
  const row = reportTableRow(form, r, t);
  row[SECTOR] = sectorLabel(t, r.cooperative.sector);
  row.splice(SECTOR + 1, 0, kind ? t(`exports.kind.${kind}`) : null, t(`exports.size_class.${EXPORT_SIZE_CLASS}`));
  return row;
}
