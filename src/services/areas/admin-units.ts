import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vietnam's administrative units after the 1 July 2025 reorganisation (34 provinces; communes,
 * wards and special zones, no districts), shipped as data in knowledge/units/ and rebuilt from the
 * official texts by tools/admin-units/build-admin-units.ts. Static: no database needed.
 */
export const unitsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../knowledge/units');

/** A province (tỉnh or thành phố trực thuộc trung ương) with its official name as in Công văn 915/CTK-CSCL. */
export type Province = { code: string; name: string };
/** A commune-level unit: a xã, a phường or an đặc khu, with its official name ("Xã Tân Lập"). */
export type CommuneKind = 'xa' | 'phuong' | 'dac_khu';
export type Commune = { code: string; name: string; kind: CommuneKind; province: string };
/** What a typed name matched: one unit, several (say which), or none (with close names to offer). */
export type AreaMatch<T> = { found: T } | { ambiguous: T[] } | { none: true; suggestions: T[] };
/** Where an old (before 1 July 2025) unit went, by the Standing Committee's resolution for its province. */
export type OldUnitSuggestion = {
  old: string;
  oldDistrict?: string;
  targets: { commune: Commune; partial: boolean }[];
  resolution: string;
};

interface UnitsJson {
  asOf: '2025-07-01';
  documents: string[];
  provinces: { code: string; name: string; communes: { code: string; name: string; kind: CommuneKind }[] }[];
}
/** One old unit of old-to-new.json: its targets are names of new communes of the same province. */
export interface OldUnitRecord {
  old: string;
  district?: string;
  targets: { name: string; partial?: true }[];
  clause: number;
}
interface OldToNewJson {
  provinces: { name: string; oldProvinces: string[]; resolution: string; units: OldUnitRecord[] }[];
}

export interface AdminUnits {
  source: { asOf: '2025-07-01'; documents: string[] };
  provinces: Province[];
  communes: Map<string, Commune[]>; // by province name
  oldToNew: Map<string, { oldProvinces: string[]; resolution: string; units: OldUnitRecord[] }>; // by new province name
}

let loaded: AdminUnits | undefined;

/** The shipped data, read once. */
export function adminUnits(): AdminUnits {
  if (loaded) return loaded;
  const units = JSON.parse(readFileSync(path.join(unitsDir, 'units.json'), 'utf8')) as UnitsJson;
  const oldToNew = JSON.parse(readFileSync(path.join(unitsDir, 'old-to-new.json'), 'utf8')) as OldToNewJson;
  loaded = {
    source: { asOf: units.asOf, documents: units.documents },
    provinces: units.provinces.map((p) => ({ code: p.code, name: p.name })),
    communes: new Map(units.provinces.map((p) => [p.name, p.communes.map((c) => ({ ...c, province: p.name }))])),
    oldToNew: new Map(oldToNew.provinces.map((p) => [p.name, { oldProvinces: p.oldProvinces, resolution: p.resolution, units: p.units }])),
  };
  return loaded;
}
