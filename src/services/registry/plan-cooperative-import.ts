import type { Db } from '../../db/database.js';
import { cleanLine, foldText } from '../../lib/vietnamese-text.js';
import { findCommune, findNewProvinceForOld, findProvince, listOldUnitCandidates } from '../areas/areas.js';
import type { ImportCounts, RejectedRow, RowReason, UnitSuggestion } from './import-problems.js';
import { COOPERATIVE_HEADER_LOOKUP, type CooperativeColumn } from './register-columns.js';
import { readRegister, type TableRow } from './read-register.js';
import { parseKind, parseRegisterPhone, parseSector, type CooperativeKindCode } from './register-values.js';
import { COOPERATIVE_NAME_MAX, REGISTRATION_CODE_MAX, REGISTRATION_CODE_PATTERN } from '../cooperatives/cooperative-fields.js';

/** The longest cooperative name and registration code kept. */

/** A province name the import does not know (the CLI's --province, a dashboard officer's area). */
export class UnknownProvinceError extends Error {
  override name = 'UnknownProvinceError';
  constructor(
    readonly typed: string,
    readonly suggestions: string[],
  ) {
    super(`Unknown province "${typed}"${suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''}`);
  }
}

export interface CooperativeFields {
  name: string;
  registrationCode: string | null;
  commune: string;
  sector: string;
  kind: CooperativeKindCode;
}

export type RowAction = 'create' | 'update' | 'unchanged';

/** What the import does with one valid row. */
export interface PlannedCooperative {
  row: number;
  action: RowAction;
  /** The cooperative on record the row updates (none for a new one). */
  cooperativeId?: number;
  fields: CooperativeFields;
  /** Fields the row changes (`director` for the director's name or phone). */
  changed: (keyof CooperativeFields | 'director')[];
  /** The director listed in the row, as a pending person (created, or the one on record updated). */
  director?: { personId?: number; name: string | null; phone: string | null; action: RowAction };
  /** The old unit the row named, replaced by the confirmed new one. */
  acceptedSuggestion?: UnitSuggestion;
}

export interface CooperativeImportPlan {
  /** The province's official name. */
  province: string;
  planned: PlannedCooperative[];
  rejected: RejectedRow[];
  counts: ImportCounts;
}

export interface PlanCooperativeImportOptions {
  /** The register file's bytes (XLSX or CSV). */
  file: Buffer;
  /** The province the register belongs to, as typed (without diacritics too). */
  province: string;
  /** Only this commune (a commune officer's import): rows of any other are rejected. */
  onlyCommune?: string;
  /** Old units are replaced by the suggested new one (confirmed by the person importing). */
  acceptSuggestions?: boolean;
}

interface ExistingCoop {
  id: number;
  name: string;
  registrationCode: string | null;
  commune: string | null;
  sector: string;
  kind: CooperativeKindCode;
  people: { id: number; name: string | null; phone: string | null; _count: { accounts: number } }[];
}

const keyOf = (name: string, commune: string) => `${foldText(name)}\u0000${foldText(commune)}`;

/** The province's official name, or UnknownProvinceError. */
export function resolveProvince(typed: string): string {
  const m = findProvince(typed);
  if ('found' in m) return m.found.name;
  const list = 'ambiguous' in m ? m.ambiguous : m.suggestions;
  throw new UnknownProvinceError(typed, list.map((p) => p.name).slice(0, 3));
}

/** The same typed value asked again (a register repeats its communes and provinces): answered once. */
function memo<A extends unknown[], R>(fn: (...a: A) => R): (...a: A) => R {
  const seen = new Map<string, R>();
  return (...a: A) => {
    const k = JSON.stringify(a);
    if (!seen.has(k)) seen.set(k, fn(...a));
    return seen.get(k)!;
  };
}

/** The row's commune in the new units, or why not. */
function resolveCommune(
  province: string,
  v: Partial<Record<CooperativeColumn, string>>,
  acceptSuggestions: boolean,
): { commune: string; accepted?: UnitSuggestion } | { reason: RowReason; suggestion?: UnitSuggestion } {
  const typed = v.commune;
  if (!typed) return { reason: { code: 'missing_commune', params: {} } };
  const m = findCommune(province, typed);
  if ('found' in m) return { commune: m.found.name };
  if ('ambiguous' in m) return { reason: { code: 'ambiguous_commune', params: { commune: typed, list: m.ambiguous.map((c) => c.name).join(', ') } } };
  const candidates = listOldUnitCandidates(province, typed, v.district);
  if (candidates.length > 1) {
    const list = candidates.map((x) => [x.old, x.oldDistrict].filter(Boolean).join(', ')).join('; ');
    return { reason: { code: 'old_unit_ambiguous', params: { commune: typed, list } } };
  }
  const old = candidates[0];
  if (old && old.targets.length === 1) {
    const suggestion: UnitSuggestion = {
      from: [typed, v.district].filter(Boolean).join(', '),
      to: old.targets[0]!.commune.name,
      partial: old.targets[0]!.partial,
    };
    if (acceptSuggestions) return { commune: suggestion.to, accepted: suggestion };
    return { reason: { code: 'old_unit', params: { commune: typed, to: suggestion.to } }, suggestion };
  }
  if (old && old.targets.length > 1)
    return { reason: { code: 'old_unit_split', params: { commune: typed, list: old.targets.map((x) => x.commune.name).join(', ') } } };
  const near = m.suggestions.slice(0, 3).map((c) => c.name);
  return { reason: { code: 'unknown_commune', params: { commune: typed, province, suggestions: near.join(', ') } } };
}

/** Whether a province cell names the import's province (by today's name, or an old province merged into it). */
function sameProvince(typed: string, province: string): boolean {
  const m = findProvince(typed);
  if ('found' in m && m.found.name === province) return true;
  return findNewProvinceForOld(typed)?.name === province;
}

/**
 * Reads a cooperative register and plans its import into one province, changing nothing: each
 * row is to be created, updated (with the fields that change), left unchanged, or rejected with
 * its reasons. Matching is by registration code, else by name and commune (folded) within the
 * province; the row's director becomes (or updates) a pending person of the cooperative. Throws
 * RegisterFileError for a file it cannot read, UnknownProvinceError for an unknown province.
 */
export async function planCooperativeImport(db: Db, o: PlanCooperativeImportOptions): Promise<CooperativeImportPlan> {
  const province = resolveProvince(o.province);
  const table = await readRegister(o.file, COOPERATIVE_HEADER_LOOKUP, ['name']);
  const existing: ExistingCoop[] = await db.cooperative.findMany({
    where: { province },
    select: {
      id: true,
      name: true,
      registrationCode: true,
      commune: true,
      sector: true,
      kind: true,
      people: { where: { role: 'director' }, orderBy: { id: 'asc' }, select: { id: true, name: true, phone: true, _count: { select: { accounts: true } } } },
    },
  });
  const byCode = new Map(existing.filter((c) => c.registrationCode).map((c) => [c.registrationCode!.toUpperCase(), c]));
  const byName = new Map(existing.filter((c) => c.commune).map((c) => [keyOf(c.name, c.commune!), c]));
  const fileCodes = [...new Set(table.rows.map((r) => r.values.registration_code).filter((c): c is string => !!c))];
  const elsewhere = new Map(
    (
      await db.cooperative.findMany({
        where: { registrationCode: { in: fileCodes, mode: 'insensitive' }, province: { not: province } },
        select: { registrationCode: true, province: true },
      })
    ).map((c) => [c.registrationCode!.toUpperCase(), c.province]),
  );

  const memoCommune = memo(resolveCommune);
  const memoProvince = memo(sameProvince);
  const planned: PlannedCooperative[] = [];
  const rejected: RejectedRow[] = [];
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const seenCoops = new Map<number, number>();
  for (const r of table.rows) {
    const result = planRow(r, {
      resolveCommune: memoCommune,
      sameProvince: memoProvince,
      province,
      onlyCommune: o.onlyCommune,
      acceptSuggestions: !!o.acceptSuggestions,
      byCode,
      byName,
      elsewhere,
      seenCodes,
      seenNames,
      seenCoops,
    });
    if ('reasons' in result) rejected.push(result);
    else planned.push(result);
  }
  const count = (a: RowAction) => planned.filter((p) => p.action === a).length;
  return {
    province,
    planned,
    rejected,
    counts: { rows: table.rows.length, created: count('create'), updated: count('update'), unchanged: count('unchanged'), rejected: rejected.length },
  };
}

interface RowContext {
  resolveCommune: typeof resolveCommune;
  sameProvince: typeof sameProvince;
  province: string;
  onlyCommune?: string;
  acceptSuggestions: boolean;
  byCode: Map<string, ExistingCoop>;
  byName: Map<string, ExistingCoop>;
  elsewhere: Map<string, string>;
  seenCodes: Map<string, number>;
  seenNames: Map<string, number>;
  seenCoops: Map<number, number>;
}

function planRow({ row, values: v }: TableRow<CooperativeColumn>, c: RowContext): PlannedCooperative | RejectedRow {
  const reasons: RowReason[] = [];
  let suggestion: UnitSuggestion | undefined;
  const name = v.name ? cleanLine(v.name) : '';
  if (!name) reasons.push({ code: 'missing_name', params: {} });
  else if ([...name].length > COOPERATIVE_NAME_MAX) reasons.push({ code: 'name_too_long', params: { max: COOPERATIVE_NAME_MAX } });

  if (v.province && !c.sameProvince(v.province, c.province)) reasons.push({ code: 'other_province', params: { given: v.province, province: c.province } });

  let commune: string | undefined;
  let accepted: UnitSuggestion | undefined;
  const place = c.resolveCommune(c.province, { commune: v.commune, district: v.district }, c.acceptSuggestions);
  if ('reason' in place) {
    reasons.push(place.reason);
    suggestion = place.suggestion;
  } else {
    commune = place.commune;
    accepted = place.accepted;
    if (c.onlyCommune && commune !== c.onlyCommune) reasons.push({ code: 'outside_commune', params: { commune, only: c.onlyCommune } });
  }

  const code = v.registration_code?.replace(/\s+/g, '') || null;
  const codeKey = code?.toUpperCase();
  if (code && (code.length > REGISTRATION_CODE_MAX || !REGISTRATION_CODE_PATTERN.test(code))) reasons.push({ code: 'bad_code', params: { code } });
  else if (code && codeKey && c.seenCodes.has(codeKey)) reasons.push({ code: 'duplicate_code', params: { code, first: c.seenCodes.get(codeKey)! } });
  else if (code && codeKey && c.elsewhere.has(codeKey)) reasons.push({ code: 'code_elsewhere', params: { code, province: c.elsewhere.get(codeKey)! } });

  const sector = v.sector ? parseSector(v.sector) : undefined;
  if (v.sector && !sector) reasons.push({ code: 'unknown_sector', params: { sector: v.sector } });
  const kind = v.kind ? parseKind(v.kind) : undefined;
  if (v.kind && !kind) reasons.push({ code: 'unknown_kind', params: { kind: v.kind } });
  const phone = v.phone ? parseRegisterPhone(v.phone) : undefined;
  if (v.phone && !phone) reasons.push({ code: 'bad_phone', params: { phone: v.phone } });

  // The cooperative on record this row is about, and duplicates within the file.
  const nameKey = name && commune ? keyOf(name, commune) : undefined;
  // By code; else by name and commune, where the one on record has no code (or the row gives none).
  const named = nameKey ? c.byName.get(nameKey) : undefined;
  const match = codeKey ? (c.byCode.get(codeKey) ?? (named && !named.registrationCode ? named : undefined)) : named;
  if (!codeKey && nameKey && c.seenNames.has(nameKey)) reasons.push({ code: 'duplicate_name', params: { first: c.seenNames.get(nameKey)! } });
  else if (match && c.seenCoops.has(match.id) && !reasons.some((x) => x.code === 'duplicate_code'))
    reasons.push({ code: 'duplicate_name', params: { first: c.seenCoops.get(match.id)! } });

  if (reasons.length) return { row, ...(name ? { name } : {}), reasons, ...(suggestion ? { suggestion } : {}) };
  if (codeKey) c.seenCodes.set(codeKey, row);
  if (nameKey && !c.seenNames.has(nameKey)) c.seenNames.set(nameKey, row);
  if (match) c.seenCoops.set(match.id, row);

  const fields: CooperativeFields = {
    name,
    registrationCode: code ?? match?.registrationCode ?? null,
    commune: commune!,
    sector: sector ?? match?.sector ?? 'other',
    kind: kind ?? match?.kind ?? 'cooperative',
  };
  const directorName = v.director ? cleanLine(v.director) : null;
  const director = directorName || phone ? planDirector(match, directorName, phone ?? null) : undefined;
  const changed: PlannedCooperative['changed'] = match
    ? (Object.keys(fields) as (keyof CooperativeFields)[]).filter((k) => fields[k] !== (match[k] ?? null))
    : [];
  if (director && director.action !== 'unchanged' && match) changed.push('director');
  return {
    row,
    action: !match ? 'create' : changed.length ? 'update' : 'unchanged',
    ...(match ? { cooperativeId: match.id } : {}),
    fields,
    changed,
    ...(director ? { director } : {}),
    ...(accepted ? { acceptedSuggestion: accepted } : {}),
  };
}

/**
 * The director a row names, against the cooperative's directors on record: the same person (by
 * phone, else by name) or the pending one (no chat account yet) is updated; a director who already
 * joined is never overwritten from a register; otherwise a pending director is created.
 */
function planDirector(match: ExistingCoop | undefined, name: string | null, phone: string | null): NonNullable<PlannedCooperative['director']> {
  const people = match?.people ?? [];
  const same =
    (phone && people.find((p) => p.phone === phone)) ||
    (name && people.find((p) => p.name && foldText(p.name) === foldText(name))) ||
    people.find((p) => p._count.accounts === 0);
  if (!same) return { name, phone, action: 'create' };
  const next = { name: name ?? same.name, phone: phone ?? same.phone };
  const differs = next.name !== same.name || next.phone !== same.phone;
  const action: RowAction = differs && same._count.accounts === 0 ? 'update' : 'unchanged';
  return { personId: same.id, ...next, action };
}
