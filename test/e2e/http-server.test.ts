import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const SECRET = 'webhook-secret-0123456789';
const MB = 1_000_000;
/** A domain-verification file as Zalo names it (developers.zalo.me → Xác thực domain). */
const VERIFIER = 'zalo_verifierAb12_Cd-34.html';
const VERIFIER_HTML = '<html><head><meta property="zalo-platform-site-verification" content="Ab12_Cd-34" /></head><body></body></html>';

let fake: FakeTelegramServer;
let app: TestApp;
let channels: Channels;
let apiToken: string;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN });
  app = await createTestApp({ secrets: [TOKEN, SECRET] });
  channels = await startChannels(app, {
    telegram: { token: TOKEN, mode: 'webhook', apiRoot: fake.apiRoot, webhookSecret: SECRET },
    http: { host: '127.0.0.1', port: 0, publicUrl: 'https://htx.example.org', zaloVerifier: { name: VERIFIER, html: VERIFIER_HTML } },
  });
  const officer = await app.db.prisma.person.create({ data: { role: 'officer', name: 'Cán bộ', province: 'Thái Bình' } });
  apiToken = (await createApiToken(app.db.prisma, { personId: officer.id, name: 'Kiểm thử' })).token;
});
afterAll(async () => {
  await channels?.close();
  await fake?.close();
  await app?.close();
});

const url = (path: string) => `${channels.http.url}${path}`;

describe("Zalo's domain-verification file", () => {
  it('is served at the root under its own name, as given; other names are 404', async () => {
    const res = await fetch(url(`/${VERIFIER}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe(VERIFIER_HTML);
    expect((await fetch(url('/zalo_verifierOther.html'))).status).toBe(404);
  });
});

describe('the OpenAPI description generated from the routes', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(url('/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, any>;
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.info.description).toContain('Authorization: Bearer');
    expect(doc.components.securitySchemes.bearer.description).toContain('htx_');
  });

  it('lists every /api/v1 route the server registers, with each of its parameters', async () => {
    const doc = (await (await fetch(url('/api/v1/openapi.json'))).json()) as Record<string, any>;
    const api = channels.http.registered.filter((r) => r.url.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThanOrEqual(8);
    for (const route of api) {
      const key = `${route.method} ${route.url}`;
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op, key).toBeDefined();
      const listed = (op.parameters ?? []).map((p: { in: string; name: string }) => `${p.in}:${p.name}`).sort();
      const schema = route.schema as { querystring?: z.ZodObject; params?: z.ZodObject; body?: z.ZodType } | undefined;
      const declared = [
        ...Object.keys(schema?.querystring?.shape ?? {}).map((n) => `query:${n}`),
        ...Object.keys(schema?.params?.shape ?? {}).map((n) => `path:${n}`),
      ].sort();
      expect(listed, key).toEqual(declared);
      if (schema?.body) expect(op.requestBody?.content?.['application/json']?.schema, key).toBeDefined();
    }
    // The reports parameters keep their documentation.
    const list = doc.paths['/api/v1/reports'].get.parameters as { name: string; description?: string; schema: Record<string, unknown> }[];
    expect(list.find((p) => p.name === 'limit')).toMatchObject({
      description: 'Reports per page.',
      schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    });
    expect(list.find((p) => p.name === 'form')?.schema).toMatchObject({ enum: ['annual', 'quarterly'] });
  });
});

describe('the HTTP server', () => {
  it('answers an unknown path 404 and a known path with another method 405, in JSON', async () => {
    const missing = await fetch(url('/nothing-here'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
    const wrong = await fetch(url('/healthz'), { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toEqual({ error: 'method not allowed' });
    expect((await fetch(url('/static/nothing.js'))).status).toBe(404);
  });

  it('refuses a body over 1 MB with a 413 in JSON, not a reset connection', async () => {
    const res = await fetch(url('/api/v1/announcements'), {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'other', title: 'Quá dài', body: 'x'.repeat(2 * MB), audience: 'both' }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'body too large' });
  });

  it('refuses a body it cannot read with a 415 in JSON', async () => {
    const res = await fetch(url('/api/v1/announcements'), {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'unsupported media type' });
  });

  it('checks the officer token and a webhook secret before reading the body', async () => {
    const big = 'x'.repeat(2 * MB);
    const api = await fetch(url('/api/v1/announcements'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(api.status).toBe(401);
    const hook = await fetch(url('/telegram/webhook'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: big,
    });
    expect(hook.status).toBe(401);
    expect(await hook.json()).toEqual({ ok: false, error: 'unauthorized' });
  });

  it('serves the dashboard with its security headers, static files with their cache lifetime', async () => {
    const page = await fetch(url('/dang-nhap'));
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const js = await fetch(url('/static/dashboard.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=3600');
    const chart = await fetch(url('/static/chart.umd.js'), { method: 'HEAD' });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('cache-control')).toBe(`public, max-age=${30 * 86_400}`);
    expect((await fetch(url('/static/chart.js'))).status).toBe(404);
  });
});
