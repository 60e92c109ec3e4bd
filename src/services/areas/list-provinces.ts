import { adminUnits, type Province } from './admin-units.js';

/** The 34 provinces since 1 July 2025, in the official order (Công văn 915/CTK-CSCL). */
export function listProvinces(): Province[] {
  return adminUnits().provinces.map((p) => ({ ...p }));
}
