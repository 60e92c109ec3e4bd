import type { Db } from '../../db/database.js';
import type { T } from '../../i18n/i18n.js';
import { areaKey } from './area-names.js';
import { matchCommuneName, matchProvinceName } from './match-area-name.js';

/** A province and commune as typed, made canonical; or what is wrong with them, with close names. */
export type ResolvedArea =
  | { ok: true; province: string; commune?: string }
  | { ok: false; field: 'province' | 'commune'; typed: string; province?: string; ambiguous?: string[]; suggestions: string[] };

/**
 * Canonicalises a typed area for officers' jurisdictions, invites and exports: the official units
 * since 1 July 2025 first ("dak lak" → "Đắk Lắk", "xa ea hleo" → "Xã Ea H'Leo"), then the names the
 * cooperative records already use (so "Tỉnh Demo" or a register kept under an old province still works).
 */
export async function resolveArea(
  db: Pick<Db, 'cooperative'>,
  o: { province: string; commune?: string },
  options: { spelling?: 'official' | 'records' } = {},
): Promise<ResolvedArea> {
  // To query existing records (exports), a record spelled differently from the official name
  // ("Thanh Hoá" for "Thanh Hóa") is what the query must use.
  const spelled = (name: string, known: string[]) =>
    (options.spelling === 'records' && !known.includes(name) && known.find((k) => areaKey(k) === areaKey(name))) || name;
  const provinces = (await db.cooperative.findMany({ distinct: ['province'], select: { province: true } })).map((r) => r.province);
  const p = matchProvinceName(o.province, provinces);
  if (!('found' in p)) {
    return 'ambiguous' in p
      ? { ok: false, field: 'province', typed: o.province, ambiguous: p.ambiguous, suggestions: [] }
      : { ok: false, field: 'province', typed: o.province, suggestions: p.suggestions };
  }
  const province = spelled(p.found, provinces);
  if (o.commune === undefined || !o.commune.trim()) return { ok: true, province };
  const rows = await db.cooperative.findMany({ where: { province, commune: { not: null } }, distinct: ['commune'], select: { commune: true } });
  const communes = rows.flatMap((r) => (r.commune ? [r.commune] : []));
  // The official units are those of the official province (a record may spell it otherwise).
  const c = matchCommuneName(p.found, o.commune, communes);
  if ('found' in c) return { ok: true, province, commune: spelled(c.found, communes) };
  return 'ambiguous' in c
    ? { ok: false, field: 'commune', typed: o.commune, province, ambiguous: c.ambiguous, suggestions: [] }
    : { ok: false, field: 'commune', typed: o.commune, province, suggestions: c.suggestions };
}

/** The problem of a ResolvedArea in the user's language, with "did you mean" where there are close names. */
export function describeAreaProblem(t: T, r: Extract<ResolvedArea, { ok: false }>): string {
  if (r.field === 'province')
    return r.suggestions.length
      ? t('areas.unknown_province_suggest', { province: r.typed, suggestions: r.suggestions.join(', ') })
      : t('areas.unknown_province', { province: r.typed });
  if (r.ambiguous) return t('areas.ambiguous_commune', { commune: r.typed, province: r.province, list: r.ambiguous.join(', ') });
  return r.suggestions.length
    ? t('areas.unknown_commune_suggest', { commune: r.typed, province: r.province, suggestions: r.suggestions.join(', ') })
    : t('areas.unknown_commune', { commune: r.typed, province: r.province });
}
