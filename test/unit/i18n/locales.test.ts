import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n, readLocaleFiles } from '../../../src/i18n/i18n.js';
import { projectRoot } from '../../support/chat-process.js';

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** Plural suffixes differ by language (vi has only `_other`); compare the base keys. */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === 'generated' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('locales', () => {
  const files = readLocaleFiles();

  it('have the same namespaces and keys in Vietnamese and English', () => {
    expect(Object.keys(files.en!).sort()).toEqual(Object.keys(files.vi!).sort());
    for (const ns of Object.keys(files.vi!)) {
      const vi = new Set(keys(files.vi![ns]).map(base));
      const en = new Set(keys(files.en![ns]).map(base));
      expect(
        [...vi].filter((k) => !en.has(k)),
        `keys missing in en/${ns}.json`,
      ).toEqual([]);
      expect(
        [...en].filter((k) => !vi.has(k)),
        `keys missing in vi/${ns}.json`,
      ).toEqual([]);
    }
  });

  it('have no empty texts', () => {
    for (const lng of ['vi', 'en'] as const) {
      for (const [ns, tree] of Object.entries(files[lng]!)) {
        for (const k of keys(tree)) {
          const value = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], tree);
          expect(typeof value === 'string' && value.trim().length > 0, `${lng}/${ns}: ${k}`).toBe(true);
        }
      }
    }
  });

  it('contain every literal key the source code asks for', async () => {
    const { i18n } = await createI18n();
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(projectRoot, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    // A key used only with a count exists as its plural forms (`_other`).
    const missing = [...used].filter((k) => !['vi', 'en'].every((lng) => i18n.exists(k, { lng }) || i18n.exists(k, { lng, count: 2 })));
    expect(missing).toEqual([]);
  });
});
