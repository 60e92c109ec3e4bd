import { findCommune, findProvince } from '../areas/areas.js';

/** An area for director invites: a province, or one commune of it, by their official names. */
export interface InviteArea {
  province: string;
  commune?: string;
}

export type InviteAreaResult = { ok: true; area: InviteArea } | { ok: false; problem: string };

/**
 * Typed area names ("dak lak", "xa ea sup") → the official names (since 1 July 2025) that
 * cooperatives are stored under. A name that matches nothing, or several units, is a problem with
 * the closest official names in it (English: it is shown to the admin running the command).
 */
export function resolveInviteArea(typed: { province: string; commune?: string }): InviteAreaResult {
  const p = findProvince(typed.province);
  if (!('found' in p)) {
    const near = 'suggestions' in p ? p.suggestions.map((s) => s.name) : [];
    return { ok: false, problem: `Unknown province "${typed.province}"${near.length ? ` (did you mean: ${near.join(', ')}?)` : ''}` };
  }
  const province = p.found.name;
  if (!typed.commune?.trim()) return { ok: true, area: { province } };
  const c = findCommune(province, typed.commune);
  if ('found' in c) return { ok: true, area: { province, commune: c.found.name } };
  const names = ('ambiguous' in c ? c.ambiguous : c.suggestions).map((s) => s.name);
  const what = 'ambiguous' in c ? 'is ambiguous' : 'is not a commune, ward or special zone';
  return { ok: false, problem: `"${typed.commune}" ${what} of ${province}${names.length ? ` (${names.join(', ')})` : ''}` };
}
