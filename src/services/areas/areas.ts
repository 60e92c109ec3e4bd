// The administrative units since 1 July 2025 in one import (each function lives in its own file).
export type { AreaMatch, Commune, CommuneKind, OldUnitSuggestion, Province } from './admin-units.js';
export { ADMIN_UNITS_SOURCE } from './admin-units-source.js';
export { findCommune } from './find-commune.js';
export { findNewProvinceForOld } from './find-new-province-for-old.js';
export { findProvince } from './find-province.js';
export { listCommunes } from './list-communes.js';
export { listProvinces } from './list-provinces.js';
export { listOldUnitCandidates, suggestFromOldUnit } from './suggest-from-old-unit.js';
export { matchCommuneName, matchProvinceName, type NameMatch } from './match-area-name.js';
