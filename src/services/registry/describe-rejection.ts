import type { T } from '../../i18n/i18n.js';
import type { RejectedRow, RowReason } from './import-problems.js';
import { RegisterFileError } from './read-register.js';
import { UnknownProvinceError } from './plan-cooperative-import.js';
import { sectorCodes } from './register-values.js';

/** One reason a row is rejected, in the reader's language. */
export function describeReason(t: T, r: RowReason): string {
  if (r.code === 'unknown_commune' && r.params.suggestions) return t('registry.reason.unknown_commune_suggest', r.params);
  if (r.code === 'unknown_sector') {
    const list = sectorCodes()
      .map((s) => t(`announcements.sector.${s}`, { defaultValue: s }))
      .join(', ');
    return t('registry.reason.unknown_sector', { ...r.params, list });
  }
  return t(`registry.reason.${r.code}`, r.params);
}

/** All the reasons of a rejected row, joined: "thiếu tên; số điện thoại «12» không hợp lệ". */
export function describeReasons(t: T, row: RejectedRow): string {
  return row.reasons.map((r) => describeReason(t, r)).join('; ');
}

/** "Dòng 12: thiếu tên" — one line per rejected row, as the CLI prints it. */
export function describeRejectedRow(t: T, row: RejectedRow): string {
  return `${t('registry.row', { row: row.row })}: ${describeReasons(t, row)}`;
}

/** A file or province the import refused as a whole, in the reader's language; undefined for any other error. */
export function describeImportError(t: T, e: unknown): string | undefined {
  if (e instanceof RegisterFileError) return t(`registry.file.${e.code}`, e.params);
  if (e instanceof UnknownProvinceError)
    return e.suggestions.length
      ? t('registry.unknown_province_suggest', { province: e.typed, suggestions: e.suggestions.join(', ') })
      : t('registry.unknown_province', { province: e.typed });
  return undefined;
}
