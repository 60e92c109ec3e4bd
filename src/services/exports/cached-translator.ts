import type { T } from '../../i18n/i18n.js';

/**
 * A translator that remembers each text it gave (by key and options), for an export that asks
 * for the same few labels (statuses, options, Có/Không) on every one of thousands of rows: an
 * i18next lookup searches every namespace and costs far more than a map.
 */
export function cachedTranslator(t: T): T {
  const cache = new Map<string, unknown>();
  const cached = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== 'string') return (t as (k: unknown, o?: unknown) => unknown)(key, options);
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    if (cache.has(id)) return cache.get(id);
    const text = (t as (k: string, o?: unknown) => unknown)(key, options);
    cache.set(id, text);
    return text;
  };
  return cached as unknown as T;
}
