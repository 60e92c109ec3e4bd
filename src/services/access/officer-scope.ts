import type { Jurisdiction } from './jurisdiction.js';

/** An area to read reports in: a province, or one commune of it; neither: the whole country. */
export interface AreaScope {
  province?: string;
  commune?: string;
}

export type ScopeResult = { ok: true; scope: AreaScope } | { ok: false; reason: 'outside_jurisdiction' | 'commune_needs_province' };

/**
 * The area an officer may read, narrowed to what they asked for. An officer of a province reads
 * that province (or one of its communes); an officer of a commune reads only that commune; a
 * national officer or admin (no province) reads any area. Asking for another province or commune is
 * refused, never silently widened or narrowed. The same rule serves chat, the API and the dashboard.
 */
export function scopeWithin(j: Jurisdiction, requested: { province?: string | null; commune?: string | null } = {}): ScopeResult {
  const province = requested.province?.trim() || undefined;
  const commune = requested.commune?.trim() || undefined;
  if (commune && !province && !j.province) return { ok: false, reason: 'commune_needs_province' };
  if (!j.province) return { ok: true, scope: { ...(province ? { province } : {}), ...(commune ? { commune } : {}) } };
  if (province && province !== j.province) return { ok: false, reason: 'outside_jurisdiction' };
  if (j.commune) {
    if (commune && commune !== j.commune) return { ok: false, reason: 'outside_jurisdiction' };
    return { ok: true, scope: { province: j.province, commune: j.commune } };
  }
  return { ok: true, scope: { province: j.province, ...(commune ? { commune } : {}) } };
}
