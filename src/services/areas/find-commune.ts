import type { AreaMatch, Commune } from './admin-units.js';
import { areaKey, closest, communeBare, communeReadings, looseKey } from './area-names.js';
import { listCommunes } from './list-communes.js';

/**
 * A typed commune name → the official unit of that province: "xa tan lap", "Xã Tân Lập", "x. Tân Lập",
 * "Tân Lập" (without its kind when that is unique in the province), "phuong van mieu quoc tu giam",
 * or its 5-digit code. Several units with the bare name (a xã and a phường) → ambiguous. An unknown
 * province gives none without suggestions (check it with findProvince first).
 *
 * @example findCommune('Thành phố Hà Nội', 'p. hoan kiem') // { found: { name: 'Phường Hoàn Kiếm', … } }
 */
export function findCommune(province: string, typed: string): AreaMatch<Commune> {
  const communes = listCommunes(province);
  if (communes.length === 0) return { none: true, suggestions: [] };
  const key = areaKey(typed);
  if (!key) return { none: true, suggestions: [] };
  const byCode = communes.filter((c) => c.code === key);
  if (byCode.length === 1) return { found: byCode[0]! };
  const readings = communeReadings(typed);
  // With the marks first (Văn Lăng ≠ Văn Lang), then folded (van lang: both), then loosely (no spaces, y = i).
  const passes: ((r: { bare: string; marked: string }) => string)[] = [(r) => r.marked, (r) => r.bare, (r) => looseKey(r.bare)];
  const otherKind = new Set<Commune>(); // "xã X" typed where only "Phường X" exists: offered, not taken
  for (const pass of passes) {
    for (const r of readings) {
      const hits = communes.filter((c) => pass(communeBare(c.name)) === pass(r));
      const ofKind = r.kind ? hits.filter((c) => c.kind === r.kind) : hits;
      if (ofKind.length === 1) return { found: ofKind[0]! };
      if (ofKind.length > 1) return { ambiguous: ofKind };
      for (const c of hits) otherKind.add(c);
    }
  }
  const close = closest(readings[0]!.bare, communes, (c) => communeBare(c.name).bare);
  return { none: true, suggestions: [...new Set([...otherKind, ...close])].slice(0, 5) };
}
