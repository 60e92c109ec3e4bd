import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fastifyCookie from '@fastify/cookie';
import { COOKIE_OPTIONS, sendResponse, startHttpServer, toHttpRequest, type HttpServer, type SetCookie } from '../../../../src/adapters/http/http-server.js';
import { html, jsonForScript } from '../../../../src/adapters/web/html.js';
import { createLogger } from '../../../../src/lib/logger.js';

describe('html', () => {
  it('escapes every interpolated value, keeps nested fragments, joins arrays and drops empty values', () => {
    const name = `<script>alert("x")</script> & 'Đông'`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Đông&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Đông&#39;</td>',
    );
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });

  it('writes JSON that cannot close its script element', () => {
    const out = jsonForScript({ label: '</script><script>alert(1)</script>', amp: 'a&b', ls: '\u2028' }).value;
    expect(out).not.toContain('</script>');
    expect(out).not.toContain('<');
    expect(JSON.parse(out)).toEqual({ label: '</script><script>alert(1)</script>', amp: 'a&b', ls: '\u2028' });
  });
});

describe('cookies (@fastify/cookie, as the dashboard reads and sets them)', () => {
  let server: HttpServer;
  let toSet: SetCookie[] = [];
  beforeAll(async () => {
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      register: async (scope) => {
        await scope.register(fastifyCookie, COOKIE_OPTIONS);
        scope.get('/read', async (req, reply) => sendResponse(reply, { status: 200, body: JSON.stringify(toHttpRequest(req).cookies) }));
        scope.get('/write', async (_req, reply) => sendResponse(reply, { status: 200, body: '{}', cookies: toSet }));
      },
    });
  });
  afterAll(() => server?.close());
  const read = async (cookie?: string) => (await fetch(`${server.url}/read`, { headers: cookie === undefined ? {} : { cookie } })).json();
  const written = async (c: SetCookie) => {
    toSet = [c];
    return (await fetch(`${server.url}/write`)).headers.getSetCookie()[0]!;
  };
  /** A Set-Cookie value as its parts: the name=value first, then the attributes in any order. */
  const parts = (setCookie: string) => {
    const [first, ...attributes] = setCookie.split('; ');
    return { first, attributes: new Set(attributes) };
  };

  it('reads the first value of each cookie, decoded', async () => {
    expect(await read('a=1; htx_lang=en; a=2; b="x%20y"; broken')).toEqual({ a: '1', htx_lang: 'en', b: 'x y' });
    expect(await read(undefined)).toEqual({});
  });

  it('writes the attributes asked for, and an expired cookie to delete one', async () => {
    expect(parts(await written({ name: 'htx_session', value: 'abc', maxAge: 60, httpOnly: true, secure: true, sameSite: 'lax' }))).toEqual(
      parts('htx_session=abc; Path=/; Max-Age=60; SameSite=Lax; HttpOnly; Secure'),
    );
    expect(parts(await written({ name: 'htx_session', value: '', maxAge: 0 }))).toEqual(
      parts('htx_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax'),
    );
  });
});

describe('the HTTP server', () => {
  it('sends several Set-Cookie headers, streams a body, and answers HEAD with the GET route', async () => {
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      register: (scope) => {
        scope.get('/two', async (_req, reply) => reply.code(303).header('location', '/x').header('set-cookie', ['a=1; Path=/', 'b=2; Path=/']).send(''));
        scope.get('/stream', async (_req, reply) =>
          sendResponse(reply, { status: 200, body: Readable.from([Buffer.from('hello '), Buffer.from('world')]), contentType: 'text/plain' }),
        );
      },
    });
    try {
      const two = await fetch(`${server.url}/two`, { redirect: 'manual' });
      expect(two.status).toBe(303);
      expect(two.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      expect(await (await fetch(`${server.url}/stream`)).text()).toBe('hello world');
      const head = await fetch(`${server.url}/stream`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/plain');
      expect(await head.text()).toBe('');
      expect((await fetch(`${server.url}/two`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${server.url}/none`, { method: 'HEAD' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
