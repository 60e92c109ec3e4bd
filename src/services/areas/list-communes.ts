import { adminUnits, type Commune } from './admin-units.js';
import { findProvince } from './find-province.js';

/**
 * The communes, wards and special zones of a province since 1 July 2025, in the order of Công văn
 * 1027/CTK-CSCL. The province may be typed ("dak lak"); an unknown province gives [].
 */
export function listCommunes(province: string): Commune[] {
  const p = findProvince(province);
  if (!('found' in p)) return [];
  return (adminUnits().communes.get(p.found.name) ?? []).map((c) => ({ ...c }));
}
