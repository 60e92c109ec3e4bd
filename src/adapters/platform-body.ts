import type { z } from 'zod';
import type { Logger } from '../lib/logger.js';

/** A UTF-16 surrogate without its pair (JSON allows `"\ud800"`; it is no character, and PostgreSQL refuses it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** How deep storable() looks: the schemas read a few levels; deeper parts are never stored. */
const STORABLE_DEPTH = 16;

/** A platform string as it can be stored: without NUL (PostgreSQL text and jsonb refuse it), lone surrogates made U+FFFD. */
export function storableString(s: string): string {
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\ufffd');
}

/**
 * A parsed platform body with every string (and key) made storable, the first levels deep: what
 * the update schemas read before their fields reach the inbox and the database. The services clean
 * texts further (control characters, whitespace) before they keep them.
 */
export function storable(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return storableString(v);
  if (!v || typeof v !== 'object' || depth >= STORABLE_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => storable(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[storableString(k)] = storable(x, depth + 1);
  return out;
}

/** A key shown as it is: a field name, not content (anything else is `?`). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/**
 * A JSON value's shape without its content: field names and value types, two levels deep
 * (`{message:{chat:object,text:number},update_id:number}`). Strings, numbers and keys that are not
 * field names never appear, so the shape can be logged.
 */
export function shapeOf(v: unknown, depth = 2): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return depth > 0 && v.length ? `[${shapeOf(v[0], depth - 1)}]` : 'array';
  if (typeof v !== 'object') return typeof v;
  if (depth === 0) return 'object';
  const keys = Object.keys(v).sort();
  const shown = keys.slice(0, 12).map((k) => `${FIELD_NAME.test(k) ? k : '?'}:${shapeOf((v as Record<string, unknown>)[k], depth - 1)}`);
  return `{${shown.join(',')}${keys.length > 12 ? ',…' : ''}}`;
}

/**
 * Logs a platform body that fits no schema we know, once per shape (up to `max` shapes, then once
 * more to say that further ones go unlogged): its shape and where it failed, never its values. The
 * platform is answered 200 all the same, so that it does not redeliver it forever.
 */
export function unknownShapeLog(log: Logger, msg: string, max = 100): (body: unknown, error?: z.ZodError) => void {
  const seen = new Set<string>();
  return (body, error) => {
    const shape = shapeOf(body).slice(0, 500);
    if (seen.has(shape) || seen.size > max) return;
    seen.add(shape);
    const issues = error?.issues
      .slice(0, 5)
      .map((i) => `${i.path.map((p) => (typeof p === 'number' ? '#' : FIELD_NAME.test(String(p)) ? String(p) : '?')).join('.')}: ${i.code}`);
    if (seen.size > max) log.warn({ shapes: max }, `${msg} (more unknown shapes are not logged)`);
    else log.warn({ shape, issues }, msg);
  };
}
