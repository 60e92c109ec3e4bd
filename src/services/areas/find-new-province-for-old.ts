import { adminUnits, type Province } from './admin-units.js';
import { looseKey, provinceBare } from './area-names.js';

// Everyday abbreviations of old province names.
const OLD_ALIASES: Record<string, string> = { brvt: 'ba ria vung tau' };

/**
 * An old (before 1 July 2025) province name → the province it is part of now, by Nghị quyết
 * 202/2025/QH15 (the plan of Nghị quyết 60-NQ/TW): "Tiền Giang" → Đồng Tháp, "Bình Dương" →
 * Thành phố Hồ Chí Minh. A current name gives itself. Unknown → undefined.
 */
export function findNewProvinceForOld(typed: string): Province | undefined {
  let bare = provinceBare(typed);
  bare = OLD_ALIASES[bare.replace(/\s+/g, '')] ?? bare;
  if (!bare) return undefined;
  const units = adminUnits();
  for (const pass of [(k: string) => k, looseKey]) {
    for (const p of units.provinces) {
      const olds = units.oldToNew.get(p.name)?.oldProvinces ?? [p.name];
      if ([p.name, ...olds].some((o) => pass(provinceBare(o)) === pass(bare))) return { ...p };
    }
  }
  return undefined;
}
