/** Why a row of a register is not imported (a key of `registry.reason.*`), with what the message names. */
export type RowReasonCode =
  | 'missing_name'
  | 'name_too_long'
  | 'missing_commune'
  | 'unknown_commune'
  | 'ambiguous_commune'
  | 'old_unit'
  | 'old_unit_split'
  | 'old_unit_ambiguous'
  | 'outside_commune'
  | 'other_province'
  | 'duplicate_code'
  | 'duplicate_name'
  | 'duplicate_phone'
  | 'code_elsewhere'
  | 'bad_code'
  | 'bad_phone'
  | 'unknown_sector'
  | 'unknown_kind';

export interface RowReason {
  code: RowReasonCode;
  params: Record<string, string | number>;
}

/** An old unit (before 1 July 2025) named in a row, and the new unit it became: applied only when confirmed. */
export interface UnitSuggestion {
  /** As the row wrote it. */
  from: string;
  /** The new commune, ward or special zone (its official name). */
  to: string;
  /** Part of the old unit went elsewhere too: worth a look before confirming. */
  partial: boolean;
}

/** A row that is not imported, with every reason (and, for an old unit, the suggested new one). */
export interface RejectedRow {
  row: number;
  /** The row's name cell (a cooperative's name; for members, a person's name, shown only to the officer). */
  name?: string;
  reasons: RowReason[];
  suggestion?: UnitSuggestion;
}

/** What a plan or an import did (or would do) with a file's rows: the CLI's last line. */
export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
