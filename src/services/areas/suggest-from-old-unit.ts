import { adminUnits, type Commune, type OldUnitRecord, type OldUnitSuggestion } from './admin-units.js';
import { areaKey, looseKey, markedKey } from './area-names.js';
import { findNewProvinceForOld } from './find-new-province-for-old.js';
import { findProvince } from './find-province.js';
import { listCommunes } from './list-communes.js';

type OldKind = 'xa' | 'phuong' | 'thi_tran' | 'huyen' | 'other';
const OLD_PREFIXES: [RegExp, OldKind][] = [
  [/^(xa|x)\s+/, 'xa'],
  [/^(phuong|p|f)\s+/, 'phuong'],
  [/^(thi tran|tt)\s+/, 'thi_tran'],
  [/^(huyen|h)\s+/, 'huyen'],
  [/^(thi xa|tx|thanh pho|tp|quan|q|dac khu)\s+/, 'other'],
];

function oldReadings(typed: string): { kind?: OldKind; bare: string; marked: string }[] {
  const key = areaKey(typed);
  const marked = markedKey(typed);
  const out: { kind?: OldKind; bare: string; marked: string }[] = [];
  const m = OLD_PREFIXES.map(([re, kind]) => [re.exec(key), kind] as const).find(([hit]) => hit && key.length > hit[0].length);
  if (m) {
    const words = m[0]![0].trim().split(' ').length;
    out.push({ kind: m[1], bare: key.slice(m[0]![0].length), marked: marked.split(' ').slice(words).join(' ') });
  }
  out.push({ bare: key, marked });
  return out;
}

/** "huyện Tân Hồng", "H. Tân Hồng", "tan hong", "thành phố Bến Tre" → "tan hong", "ben tre". */
function districtBare(typed: string): string {
  return areaKey(typed).replace(/^(huyen|h|quan|q|thi xa|tx|thanh pho|tp)\s+/, '');
}

/**
 * The old units (before 1 July 2025) of a province whose name fits what was typed, with where each
 * went. Several when the name alone does not settle it (two old communes of different districts).
 */
export function listOldUnitCandidates(province: string, typedOld: string, oldDistrict?: string): OldUnitSuggestion[] {
  const p = findProvince(province);
  const newProvince = 'found' in p ? p.found : findNewProvinceForOld(province);
  if (!newProvince) return [];
  const data = adminUnits().oldToNew.get(newProvince.name);
  if (!data) return [];
  const records = data.units.map((u) => ({ u, ...oldReadings(u.old)[0]! }));
  let hits: typeof records = [];
  // With the marks first (Bình Phú ≠ Bình Phụ), then folded, then loosely (no spaces, y = i).
  const passes: ((r: { bare: string; marked: string }) => string)[] = [(r) => r.marked, (r) => r.bare, (r) => looseKey(r.bare)];
  for (const pass of passes) {
    for (const r of oldReadings(typedOld)) {
      hits = records.filter((x) => pass(x) === pass(r) && (!r.kind || r.kind === x.kind));
      if (hits.length) break;
    }
    if (hits.length) break;
  }
  if (oldDistrict) {
    // The resolutions name a unit's district only where it is needed; a different district rules a unit out.
    const d = districtBare(oldDistrict);
    const inDistrict = hits.filter((x) => x.u.district && districtBare(x.u.district) === d);
    hits = inDistrict.length ? inDistrict : hits.filter((x) => !x.u.district);
  }
  const communes = listCommunes(newProvince.name);
  return hits.map((x) => toSuggestion(x.u, communes, data.resolution));
}

function toSuggestion(u: OldUnitRecord, communes: Commune[], resolution: string): OldUnitSuggestion {
  const targets = u.targets.flatMap((t) => {
    const commune = communes.find((c) => c.name === t.name);
    return commune ? [{ commune, partial: t.partial === true }] : [];
  });
  return { old: u.old, ...(u.district ? { oldDistrict: u.district } : {}), targets, resolution };
}

/**
 * Where an old commune, ward or town (thị trấn) of a province went on 1 July 2025, by the Standing
 * Committee's resolution for that province: "Xã Bình Phú", "xa binh phu", "TT Sa Rài", "thị trấn Sa
 * Rài". The province may be the new one or an old one ("Tiền Giang"). Undefined when nothing fits,
 * or when several old units fit and `oldDistrict` does not tell them apart (see listOldUnitCandidates).
 * A suggestion is a suggestion: an import shows it and asks for confirmation.
 */
export function suggestFromOldUnit(province: string, typedOld: string, oldDistrict?: string): OldUnitSuggestion | undefined {
  const candidates = listOldUnitCandidates(province, typedOld, oldDistrict);
  return candidates.length === 1 ? candidates[0] : undefined;
}
