import { cleanText, foldText } from '../../lib/vietnamese-text.js';
import type { CommuneKind } from './admin-units.js';

/**
 * Matching keys for typed place names: folded (lower case, no diacritics, đ → d), punctuation and
 * hyphens made spaces ("Văn Miếu - Quốc Tử Giám", "tp.hcm"), apostrophes dropped ("Ea H'Leo").
 */
export function areaKey(input: string): string {
  return foldText(input)
    .replace(/['’`]/g, '')
    .replace(/[-‐‑–—.,;:()/\\_"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A looser key for a second pass: no spaces, and "y" read as "i" (Quý/Quí, Kỳ/Kì). */
export function looseKey(key: string): string {
  return key.replace(/\s+/g, '').replace(/y/g, 'i');
}

const PROVINCE_PREFIX = /^(tinh|t|thanh pho|thanhpho|tp)\s+/;
// Abbreviations of Thành phố Hồ Chí Minh in everyday use.
const PROVINCE_ALIASES: Record<string, string> = { hcm: 'ho chi minh', tphcm: 'ho chi minh', hcmc: 'ho chi minh', 'tp hcm': 'ho chi minh' };

/** "Thành phố Hà Nội", "tp. ha noi", "Hà Nội" → "ha noi"; "TP HCM" → "ho chi minh". */
export function provinceBare(input: string): string {
  const key = areaKey(input);
  const alias = PROVINCE_ALIASES[key] ?? PROVINCE_ALIASES[key.replace(/\s+/g, '')];
  if (alias) return alias;
  const bare = key.replace(PROVINCE_PREFIX, '');
  return PROVINCE_ALIASES[bare] ?? bare;
}

const COMMUNE_PREFIXES: [RegExp, CommuneKind | undefined][] = [
  [/^(xa|x)\s+/, 'xa'],
  [/^(phuong|p)\s+/, 'phuong'],
  [/^(dac khu|dk)\s+/, 'dac_khu'],
  // No thị trấn since 1 July 2025: the word is read as no kind at all.
  [/^(thi tran|tt)\s+/, undefined],
];

/**
 * The key with its diacritics kept (lower case, punctuation made spaces): "Văn Lăng" and "Văn Lang"
 * are two communes of Thái Nguyên, so what is typed with its marks is matched with them first.
 */
export function markedKey(input: string): string {
  return cleanText(input)
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[-‐‑–—.,;:()/\\_"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A reading of a typed commune name: its kind (if typed), and its bare name folded and with its marks. */
export interface CommuneReading {
  kind?: CommuneKind;
  bare: string;
  marked: string;
}

/** The readings of a typed commune name: with its kind prefix taken off (if any), and as typed. */
export function communeReadings(input: string): CommuneReading[] {
  const key = areaKey(input);
  const marked = markedKey(input);
  const out: CommuneReading[] = [];
  for (const [re, kind] of COMMUNE_PREFIXES) {
    const m = re.exec(key);
    if (m && key.length > m[0].length) {
      // The prefix has as many words folded as with its marks ("phường" / "phuong").
      const words = m[0].trim().split(' ').length;
      out.push({ kind, bare: key.slice(m[0].length), marked: marked.split(' ').slice(words).join(' ') });
      break;
    }
  }
  out.push({ bare: key, marked });
  return out;
}

/** "Xã Tân Lập" → its bare keys, folded ("tan lap") and with marks ("tân lập"). */
export function communeBare(officialName: string): { bare: string; marked: string } {
  let r = bareCache.get(officialName);
  if (r === undefined) bareCache.set(officialName, (r = communeReadings(officialName)[0]!));
  return r;
}
const bareCache = new Map<string, CommuneReading>();

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `limit` items whose key is close to `typed` (edit distance, or one contains the other), closest first. */
export function closest<T>(typed: string, items: T[], keyOf: (item: T) => string, limit = 5): T[] {
  if (!typed) return [];
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const d = editDistance(typed, key);
    const allowed = Math.max(2, Math.floor(Math.max(typed.length, key.length) / 4));
    const contains = typed.length >= 3 && (key.includes(typed) || typed.includes(key));
    if (d <= allowed || contains) scored.push({ item, score: contains ? Math.min(d, 1.5) : d });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.item);
}
