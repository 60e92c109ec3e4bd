import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllWebhooks, TELEGRAM_SECRET, ZALO_BOT_SECRET, type AllWebhooks } from '../support/all-webhooks.js';
import { collectGarbage } from '../support/raw-http.js';

/**
 * A seeded fuzz test of every route that takes input from outside: random bodies, query strings and
 * paths (random JSON shapes, wrong types, huge numbers, NUL bytes, deep nesting, invalid UTF-8,
 * mutations of real updates), on the webhooks with valid and invalid secrets and signatures, on
 * the officer API with and without a token. No answer may be a 5xx, and memory must stay flat.
 * FUZZ_SEED=<n> replays another run; FUZZ_ROUNDS=<n> changes its length.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 15);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1000);

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '😀',
  '\ud800',
  'Xin chào',
  'null',
  '0',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '/start',
  '/menu',
  'Số 0912345678',
  '%00',
  '<script>',
  "'; drop table x;--",
];
const NUMBERS = [0, -0, 1, -1, 0.5, 2147483647, 2147483648, -2147483649, 9007199254740991, 9007199254740993, 1e21, 1e308, -1e308, Number.MIN_VALUE];
const KEYS = [
  'update_id',
  'message',
  'chat',
  'from',
  'id',
  'text',
  'event_name',
  'timestamp',
  'sender',
  'msg_id',
  'kind',
  'title',
  'body',
  'audience',
  'toString',
  '__proto__',
  'constructor',
  'callback_query',
  'data',
  'result',
  'info',
  'phone',
  'follower',
  'contact',
  'user_id',
];

function randomString(r: Rng, long = true): string {
  if (r.chance(0.5)) return r.pick(STRINGS);
  const n = long && r.chance(0.05) ? 2000 + r.int(4000) : r.int(40);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.8) ? 32 + r.int(95) : r.int(0x10000));
  return s;
}

function randomValue(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 5 : 8);
  switch (k) {
    case 0:
      return r.pick(NUMBERS);
    case 1:
      return randomString(r);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return r.int(1000);
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) o[r.chance(0.7) ? r.pick(KEYS) : randomString(r)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

/** Replaces, deletes or adds one field somewhere in a copy of a real body. */
function mutate(r: Rng, value: unknown): unknown {
  if (!value || typeof value !== 'object') return randomValue(r);
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (;;) {
    const keys = Object.keys(at);
    if (!keys.length) {
      at[r.pick(KEYS)] = randomValue(r, 2);
      return copy;
    }
    const key = r.pick(keys);
    const child = at[key];
    if (child && typeof child === 'object' && r.chance(0.6)) {
      at = child as Record<string, unknown>;
      continue;
    }
    const op = r.int(3);
    if (op === 0) at[key] = randomValue(r, 2);
    else if (op === 1) delete at[key];
    else at[r.pick(KEYS)] = randomValue(r, 2);
    return copy;
  }
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const nestedObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Bytes of a body: usually JSON (random, or a mutated real one), sometimes not JSON at all. */
function randomBody(r: Rng, real: () => unknown): Buffer {
  const k = r.int(25);
  if (k === 0) return Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256))); // invalid UTF-8 and all
  if (k === 1) return Buffer.from(r.chance(0.5) ? deep(1 + r.int(20_000)) : nestedObject(1 + r.int(5_000)));
  if (k === 2) return Buffer.from(JSON.stringify(randomValue(r)) ?? 'undefined');
  if (k === 3) {
    const s = JSON.stringify(real());
    return Buffer.from(s.slice(0, r.int(s.length))); // cut short
  }
  if (k === 4) return Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  if (k < 20) return Buffer.from(JSON.stringify(randomValue(r)) ?? 'null');
  // A real body, mostly with one field changed: these pass the checks, are stored and handled (the slow part).
  return Buffer.from(JSON.stringify(r.chance(0.85) ? mutate(r, real()) : real()));
}

let w: AllWebhooks;
beforeAll(async () => {
  w = await startAllWebhooks();
});
afterAll(async () => {
  await w?.close();
});

interface Call {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** One random request, for the round `i`. */
function randomCall(r: Rng, i: number): Call {
  const user = String(7000 + r.int(40));
  const contentType = r.chance(0.9) ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']);
  const ct: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  switch (i % 6) {
    case 0: {
      const real = () =>
        r.chance(0.8)
          ? {
              update_id: 100_000 + i,
              message: {
                message_id: i,
                from: { id: Number(user), first_name: randomString(r, false), language_code: 'vi' },
                chat: { id: Number(user), type: 'private' },
                text: r.pick(['/start', '/menu', randomString(r, false)]),
              },
            }
          : {
              update_id: 100_000 + i,
              callback_query: {
                id: `cq${i}`,
                from: { id: Number(user) },
                data: r.pick(['menu', 'rsvp:1:y', 'ans:99999999999', randomString(r, false)]),
                message: { chat: { id: Number(user) } },
              },
            };
      const secret = r.chance(0.7) ? TELEGRAM_SECRET : r.pick(['', 'wrong', TELEGRAM_SECRET + 'x']);
      return {
        route: 'telegram',
        method: 'POST',
        path: '/telegram/webhook',
        headers: { ...ct, ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: randomBody(r, real),
      };
    }
    case 1: {
      const real = () => ({
        event_name: r.pick(['message.text.received', 'message.image.received', 'message.sticker.received']),
        message: {
          message_id: `zb${i}`,
          date: Date.now(),
          from: { id: user, display_name: randomString(r, false), is_bot: false },
          chat: { id: user, chat_type: 'PRIVATE' },
          text: randomString(r, false),
        },
      });
      const secret = r.chance(0.7) ? ZALO_BOT_SECRET : r.pick(['', 'wrong']);
      return {
        route: 'zalo_bot',
        method: 'POST',
        path: '/zalo/bot/webhook',
        headers: { ...ct, ...(secret ? { 'x-bot-api-secret-token': secret } : {}) },
        body: randomBody(r, real),
      };
    }
    case 2: {
      const timestamp = r.chance(0.9) ? String(Date.now()) : String(r.pick(NUMBERS));
      const real = () => ({
        event_name: r.pick(['user_send_text', 'user_send_image', 'follow', 'unfollow', 'user_submit_info', 'oa_send_text', 'user_send_link']),
        app_id: w.zaloOa.appId,
        timestamp,
        sender: { id: `oa${user}` },
        recipient: { id: 'oa' },
        follower: { id: `oa${user}` },
        message: { msg_id: `m${i}`, text: randomString(r, false) },
        info: { name: randomString(r, false), phone: r.pick(['0912345678', randomString(r, false)]) },
      });
      const body = randomBody(r, real);
      const k = r.int(10);
      const signature =
        k < 6 ? w.oaSignature(body, timestamp) : k < 8 ? `mac=${'0'.repeat(64)}` : k < 9 ? randomString(r, false).replace(/[^\x20-\x7e]/g, '') : '';
      return {
        route: 'zalo_oa',
        method: 'POST',
        path: '/zalo/oa/webhook',
        headers: { ...ct, ...(signature ? { 'x-zevent-signature': signature } : {}) },
        body,
      };
    }
    case 3: {
      const auth: Record<string, string> = r.chance(0.7)
        ? { authorization: `Bearer ${w.apiToken}` }
        : r.chance(0.5)
          ? { authorization: r.pick(['Bearer ', 'Bearer htx_x', 'Basic abc', 'bearer']) }
          : {};
      const real = () => ({
        kind: 'other',
        title: 'Thông báo thử',
        body: 'Nội dung của thông báo thử.',
        audience: 'both',
        communes: ['Xã An Bình'],
        cooperativeIds: [1, 2],
      });
      return { route: 'announce', method: 'POST', path: '/api/v1/announcements', headers: { ...ct, ...auth }, body: randomBody(r, real) };
    }
    case 4: {
      const auth: Record<string, string> = r.chance(0.7) ? { authorization: `Bearer ${w.apiToken}` } : {};
      const base = r.pick([
        '/api/v1/reports',
        '/api/v1/reports',
        '/api/v1/summary',
        '/api/v1/reports.csv',
        '/api/v1/announcements',
        `/api/v1/announcements/${randomPathSegment(r)}`,
      ]);
      return { route: 'api-get', method: 'GET', path: `${base}?${randomQuery(r)}`, headers: auth };
    }
    default: {
      const path = r.pick([
        '/healthz',
        '/dang-nhap',
        '/dang-xuat',
        '/tong-quan',
        '/bao-cao',
        `/dashboard/reports/${randomPathSegment(r)}`,
        `/dashboard/reports/${randomPathSegment(r)}/review`,
        '/static/dashboard.js',
        '/api/v1/openapi.json',
        `/${randomPathSegment(r)}`,
        '/telegram/webhook',
      ]);
      const method = r.pick(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(r, () => randomValue(r));
      const cookie: Record<string, string> = r.chance(0.3) ? { cookie: `${r.pick(['htx_session', 'x', ''])}=${enc(randomString(r, false))}` } : {};
      return { route: 'other', method, path: `${path}${r.chance(0.5) ? `?${randomQuery(r)}` : ''}`, headers: { ...ct, ...cookie }, body };
    }
  }
}

/** Percent-encoded (a lone surrogate becomes U+FFFD first, as a client would send it). */
const enc = (s: string) => encodeURIComponent(Buffer.from(s).toString('utf8'));

function randomPathSegment(r: Rng): string {
  return r.pick(['1', '0', '-1', '2147483648', '99999999999999999999', '1e3', '%00', '%ff', '%', '..', 'abc', enc(randomString(r)).slice(0, 200)]);
}
function randomQuery(r: Rng): string {
  const names = [
    'form',
    'period',
    'province',
    'commune',
    'sector',
    'status',
    'limit',
    'after',
    'lang',
    'target',
    'id',
    'x',
    '__proto__',
    'constructor',
    'toString',
  ];
  const values = [
    '',
    '0',
    '1',
    '-1',
    '2147483647',
    '2147483648',
    '99999999999',
    '1e3',
    '0x10',
    ' 5 ',
    '2026',
    '2026-Q3',
    'annual',
    'quarterly',
    'submitted',
    '%00',
    '%ff',
    '%',
    'Th%C3%A1i%20B%C3%ACnh',
    '%E0%A4%A',
  ];
  const parts: string[] = [];
  for (let i = r.int(5); i > 0; i--) {
    const value = r.chance(0.8) ? r.pick(values) : enc(randomString(r)).slice(0, 300);
    parts.push(r.chance(0.1) ? r.pick(names) : `${r.pick(names)}${r.chance(0.1) ? '[]' : ''}=${value}`);
  }
  return parts.join(r.chance(0.9) ? '&' : ';');
}

const spent: Record<string, number> = {};
async function send(c: Call): Promise<number | undefined> {
  const t0 = performance.now();
  try {
    const res = await fetch(w.url(c.path), { method: c.method, headers: c.headers, body: c.body, redirect: 'manual' });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined; // refused by the client itself (a header it will not send), or the server closed after a refusal
  } finally {
    const ms = performance.now() - t0;
    spent[c.route] = (spent[c.route] ?? 0) + ms;
  }
}

describe(`fuzzing every route that takes input from outside (seed ${SEED}, ${ROUNDS} rounds per route)`, () => {
  it(
    'answers no request with a 5xx, and holds no memory afterwards',
    async () => {
      const r = prng(SEED);
      const failures: { route: string; status: number; call: string }[] = [];
      const byRoute: Record<string, Record<number, number>> = {};
      const total = ROUNDS * 6;
      const warmUp = Math.floor(total / 3 / 16) * 16;
      const errors: unknown[] = [];
      let heapBefore = 0;
      let rssBefore = 0;
      const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
      for (let i = 0; i < total; i += CONCURRENCY) {
        if (i === warmUp) {
          await Promise.all([w.channels.zaloBot!.idle(), w.channels.zaloOa!.idle()]);
          await collectGarbage();
          heapBefore = process.memoryUsage().heapUsed;
          rssBefore = process.memoryUsage().rss;
        }
        const calls = Array.from({ length: Math.min(CONCURRENCY, total - i) }, (_, k) => randomCall(r, i + k));
        const statuses = await Promise.all(calls.map(send));
        // The test app keeps every log line: only those at error level are kept here.
        errors.push(
          ...w.app.logs
            .filter((l) => (l.level as number) >= 50)
            .map((l) => `${String(l.msg)}: ${String((l.err as { message?: string } | undefined)?.message).slice(0, 300)}`),
        );
        w.app.logs.length = 0;
        calls.forEach((c, k) => {
          const status = statuses[k];
          if (status === undefined) return;
          (byRoute[c.route] ??= {})[status] = (byRoute[c.route]![status] ?? 0) + 1;
          if (status >= 500)
            failures.push({
              route: c.route,
              status,
              call: `${c.method} ${c.path.slice(0, 120)} ${JSON.stringify(c.headers).slice(0, 200)} ${c.body?.toString('utf8').slice(0, 300) ?? ''}`,
            });
        });
      }
      await Promise.all([w.channels.zaloBot!.idle(), w.channels.zaloOa!.idle()]);
      await collectGarbage();
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      console.log(
        JSON.stringify({
          seed: SEED,
          byRoute,
          msPerRoute: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)])),
          heapGrowthMB: Math.round(heapGrowth / 1e6),
          rssGrowthMB: Math.round(rssGrowth / 1e6),
        }),
      );
      expect(failures.slice(0, 10)).toEqual([]);
      // Every route was reached and answered.
      for (const route of ['telegram', 'zalo_bot', 'zalo_oa', 'announce', 'api-get', 'other'])
        expect(Object.keys(byRoute[route] ?? {}).length, route).toBeGreaterThan(1);
      expect(heapGrowth).toBeLessThan(40e6);
      expect(rssGrowth).toBeLessThan(200e6);
      // Nothing logged at error level for input from outside.
      expect(errors.slice(0, 10)).toEqual([]);
    },
    Math.max(120_000, ROUNDS * 200),
  );
});
