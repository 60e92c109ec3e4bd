import { areaKey, closest, communeReadings } from './area-names.js';
import { findCommune } from './find-commune.js';
import { findProvince } from './find-province.js';

/** A typed place name matched against the official units first, then the names already on record. */
export type NameMatch = { found: string; official: boolean } | { ambiguous: string[] } | { none: true; suggestions: string[] };

const bareOf = (name: string) => communeReadings(name)[0]!.bare;

/** The names on record that fit what was typed: same folded text, or the same once "xã"/"phường"/"tỉnh" are taken off. */
function recorded(typed: string, known: readonly string[], bare: (s: string) => string): string[] {
  const key = areaKey(typed);
  const exact = known.filter((k) => areaKey(k) === key);
  if (exact.length) return [...new Set(exact)];
  return [...new Set(known.filter((k) => bare(k) === bare(typed)))];
}

const provinceBareOf = (s: string) => areaKey(s).replace(/^(tinh|thanh pho|tp)\s+/, '');

/**
 * A typed province: the official one (canonical name back: "dak lak" → "Đắk Lắk"), else a
 * province already on record (demo and test data such as "Tỉnh Demo", or records kept under an
 * old province), else none with close names of both.
 */
export function matchProvinceName(typed: string, known: readonly string[]): NameMatch {
  const official = findProvince(typed);
  if ('found' in official) return { found: official.found.name, official: true };
  const onRecord = recorded(typed, known, provinceBareOf);
  if (onRecord.length === 1) return { found: onRecord[0]!, official: false };
  if (onRecord.length > 1) return { ambiguous: onRecord };
  const suggestions = [...('none' in official ? official.suggestions.map((p) => p.name) : []), ...closest(provinceBareOf(typed), [...known], provinceBareOf)];
  return { none: true, suggestions: [...new Set(suggestions)].slice(0, 5) };
}

/**
 * A typed commune of a province: the official unit first ("xa tan lap" → "Xã Tân Lập"), then a
 * commune already on record in that province (`known`), else none with close names of both. Where
 * several official units fit and exactly one of them is on record, that one is taken.
 */
export function matchCommuneName(province: string, typed: string, known: readonly string[]): NameMatch {
  const official = findCommune(province, typed);
  if ('found' in official) return { found: official.found.name, official: true };
  if ('ambiguous' in official) {
    const names = official.ambiguous.map((c) => c.name);
    const onRecord = names.filter((n) => known.includes(n));
    return onRecord.length === 1 ? { found: onRecord[0]!, official: true } : { ambiguous: names };
  }
  const onRecord = recorded(typed, known, bareOf);
  if (onRecord.length === 1) return { found: onRecord[0]!, official: false };
  if (onRecord.length > 1) return { ambiguous: onRecord };
  const suggestions = [...official.suggestions.map((c) => c.name), ...closest(bareOf(typed), [...known], bareOf)];
  return { none: true, suggestions: [...new Set(suggestions)].slice(0, 5) };
}
