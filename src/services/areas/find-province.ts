import { adminUnits, type AreaMatch, type Province } from './admin-units.js';
import { closest, looseKey, provinceBare } from './area-names.js';

/**
 * A typed province name → the official province: "Đắk Lắk", "dak lak", "Tỉnh Đăk Lăk", "daklak",
 * "TP HCM", "tp.hcm", "Thành phố Hà Nội", "ha noi" (NFC, case, diacritics, prefixes and spaces ignored).
 *
 * @example findProvince('tp hcm') // { found: { code: '79', name: 'Thành phố Hồ Chí Minh' } }
 */
export function findProvince(typed: string): AreaMatch<Province> {
  const provinces = adminUnits().provinces;
  const bare = provinceBare(typed);
  if (!bare) return { none: true, suggestions: [] };
  const exact = provinces.filter((p) => provinceBare(p.name) === bare || p.code === bare);
  if (exact.length === 1) return { found: { ...exact[0]! } };
  const loose = provinces.filter((p) => looseKey(provinceBare(p.name)) === looseKey(bare));
  if (loose.length === 1) return { found: { ...loose[0]! } };
  return { none: true, suggestions: closest(bare, provinces, (p) => provinceBare(p.name)).map((p) => ({ ...p })) };
}
