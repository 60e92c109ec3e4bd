import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type T = TFunction;

export const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

/** Reads `locales/<lng>/<namespace>.json` for every language. */
export function readLocaleFiles(dir = localesDir): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const lng of LOCALES) {
    out[lng] = {};
    for (const file of readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      out[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, lng, file), 'utf8'));
    }
  }
  return out;
}

/**
 * One i18next instance for the process; never switch its language. Each message gets its own
 * fixed `t` from `translator(locale)`, so concurrent conversations never mix languages.
 */
export async function createI18n(): Promise<{ i18n: I18n; translator: (locale: Locale) => T }> {
  const resources = readLocaleFiles();
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: [...LOCALES],
    ns: Object.keys(resources.vi ?? {}),
    defaultNS: 'common',
    fallbackNS: Object.keys(resources.vi ?? {}).filter((ns) => ns !== 'common'),
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const cache = new Map<Locale, T>();
  return {
    i18n: instance,
    translator: (locale) => {
      let t = cache.get(locale);
      if (!t) cache.set(locale, (t = instance.getFixedT(locale)));
      return t;
    },
  };
}

/** Maps a platform language code ("en-US", "vi") to a supported locale, if any. */
export function localeFromHint(hint: string | undefined | null): Locale | undefined {
  const base = hint?.toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === base);
}
