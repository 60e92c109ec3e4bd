// `npm run admin -- units [--province "Đắk Lắk"] [--lang vi|en]`: the administrative units since
// 1 July 2025 (knowledge/units/), one official name per line.
//   Without --province: the 34 provinces and cities.
//   With --province (typed with or without diacritics: "dak lak"): its communes, wards and special zones.
// Exit code 2 for an unknown province (with close names, or the new province of an old one).
import { parseArgs } from 'node:util';
import { createI18n, LOCALES } from '../../src/i18n/i18n.js';
import { findNewProvinceForOld, findProvince, listCommunes, listProvinces } from '../../src/services/areas/areas.js';
import type { AdminCommand } from '../admin.js';

export const run: AdminCommand = async (_db, args) => {
  const { translator } = await createI18n();
  let values: { province?: string; lang?: string };
  try {
    ({ values } = parseArgs({ args, allowPositionals: true, options: { province: { type: 'string' }, lang: { type: 'string', default: 'vi' } } }));
  } catch {
    console.error(translator('vi')('areas.units_usage'));
    return 2;
  }
  const t = translator(LOCALES.find((l) => l === values.lang) ?? 'vi');
  if (values.province === undefined) {
    for (const p of listProvinces()) console.log(p.name);
    return 0;
  }
  const match = findProvince(values.province);
  if ('found' in match) {
    for (const c of listCommunes(match.found.name)) console.log(c.name);
    return 0;
  }
  const now = findNewProvinceForOld(values.province);
  if (now) console.error(t('areas.old_province', { province: values.province, now: now.name }));
  const suggestions = [...new Set([...(now ? [now.name] : []), ...('none' in match ? match.suggestions.map((p) => p.name) : [])])];
  console.error(
    suggestions.length
      ? t('areas.unknown_province_suggest', { province: values.province, suggestions: suggestions.join(', ') })
      : t('areas.unknown_province', { province: values.province }),
  );
  return 2;
};
