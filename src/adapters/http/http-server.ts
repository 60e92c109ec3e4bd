import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyCookieOptions } from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema } from 'fastify';
import type { z } from 'zod';
import type { Logger } from '../../lib/logger.js';
import { ApiError, validationError } from './api-error.js';

/**
 * Body limits, per route (Fastify's `bodyLimit`): a larger body is refused with a 413 in JSON, from
 * its Content-Length before a byte is read, or as soon as a chunked one passes the limit.
 * - Every route not listed below (the dashboard's sign-out form, unknown paths): 16 kB.
 * - Platform webhooks: 256 kB. A Telegram update (a 4,096-character message with its entities and
 *   the message it replies to) or a Zalo event (2,000 characters) is a few kB to a few tens of kB.
 * - The Zalo OA webhook: 64 kB, because its signature covers the body, so the body must be read
 *   before it can be authenticated; the smaller the limit, the less an unauthenticated caller holds.
 * - The officer API's announcement POST: 1 MB (1,500 characters of text, and up to 500 communes,
 *   sectors and cooperative ids each).
 */
export const BODY_LIMITS = { default: 16_384, webhook: 262_144, signedWebhook: 65_536, announcement: 1_000_000 } as const;
/** The largest body any route takes. */
export const MAX_BODY_BYTES = BODY_LIMITS.announcement;
/**
 * How long a connection is kept after its answer while the client is still sending a body nobody
 * reads (a 413, a 401 from the headers): the rest is discarded, unread and unstored, so the client
 * gets its answer instead of a reset connection; then the connection is closed.
 */
export const LINGER_MS = 5_000;

/** What a part of the app registers on the server: routes, hooks, plugins (each in its own scope). */
export type HttpPlugin = (app: FastifyInstance) => void | Promise<void>;

/**
 * A request as the dashboard's pages read it: the path, the query as URLSearchParams, headers
 * and cookies (parsed by @fastify/cookie).
 */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  cookies: Record<string, string | undefined>;
}
/** A cookie to set (through @fastify/cookie's reply.setCookie). */
export interface SetCookie {
  name: string;
  value: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict';
  path?: string;
}
/** A page's answer (the dashboard's pages build these; sendResponse writes one to the reply). */
export interface HttpResponse {
  status: number;
  /** A stream (a file download) is piped, then destroyed if the client goes away. */
  body: string | Buffer | Readable;
  contentType?: string;
  headers?: Record<string, string>;
  cookies?: SetCookie[];
}

/**
 * @fastify/cookie's options: a value in double quotes is read without them, then percent-decoded
 * (kept as sent when that fails).
 */
export const COOKIE_OPTIONS: FastifyCookieOptions = {
  // Passed to the parser as its options (the type names only the serializer's).
  parseOptions: {
    decode(value: string): string {
      const v = value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    },
  } as FastifyCookieOptions['parseOptions'],
};

/** The request as a page reads it. */
export function toHttpRequest(req: FastifyRequest): HttpRequest {
  const q = req.url.indexOf('?');
  return {
    method: req.method,
    path: q < 0 ? req.url : req.url.slice(0, q),
    // A control character in a value is never meant (and a NUL could not even be compared with stored text): dropped.
    query: new URLSearchParams(
      [...new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1))].map(([k, v]): [string, string] => [k, v.replace(/[\u0000-\u001f\u007f]/g, '')]),
    ),
    headers: req.headers,
    cookies: (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {},
  };
}

/** Writes a page's answer (cookies through @fastify/cookie, which the dashboard registers). */
export function sendResponse(reply: FastifyReply, r: HttpResponse): FastifyReply {
  reply.code(r.status);
  reply.header('content-type', r.contentType ?? 'application/json; charset=utf-8');
  if (r.headers) reply.headers(r.headers);
  for (const c of r.cookies ?? []) {
    const o = {
      path: c.path ?? '/',
      maxAge: Math.max(0, Math.floor(c.maxAge)),
      sameSite: c.sameSite ?? 'lax',
      httpOnly: c.httpOnly ?? false,
      secure: c.secure ?? false,
    };
    (reply as FastifyReply & { setCookie(name: string, value: string, o: object): FastifyReply }).setCookie(
      c.name,
      c.value,
      c.maxAge <= 0 ? { ...o, expires: new Date(0) } : o,
    );
  }
  return reply.send(r.body);
}

/** Does a route pattern (`/api/v1/announcements/:id`, `/static/*`) match this path? */
function matchesPattern(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w === '*') return true;
    const g = got[i];
    if (g === undefined) return false;
    if (w.startsWith(':') ? !g : w !== g) return false;
  }
  return want.length === got.length;
}

/** Fastify's own refusals, in the API's shape. */
function fastifyRefusal(err: FastifyError): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'body too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported media type', 'send the body as application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_json', 'the body must be a JSON object');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'invalid content length');
  }
  if (err instanceof SyntaxError && err.statusCode === 400) return new ApiError(400, 'invalid_json', 'the body must be a JSON object');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new ApiError(err.statusCode, err.message || 'bad request');
  return undefined;
}

export interface HttpServer {
  server: Server;
  app: FastifyInstance;
  /** The bound address, e.g. http://127.0.0.1:3000 (useful with port 0 in tests). */
  url: string;
  /** Every route registered, `METHOD /path` (HEAD routes that answer with GET left out). */
  routes: string[];
  /** The same routes with their schemas (zod: querystring, params, body, response). */
  registered: { method: string; url: string; schema?: FastifySchema }[];
  close(): Promise<void>;
}

/**
 * The app's one HTTP server, on Fastify: webhooks, /healthz, the officer API and the dashboard,
 * each registered by its `register` function in its own scope. Routes declare zod schemas (the
 * validator below runs them; api-routes.ts documents them); errors are mapped to HTTP in one place,
 * the error handler here: `{ "error": code, "message"?, "issues"? }`. An unknown path is a 404, a
 * known path with another method a 405, a body over its route's limit (BODY_LIMITS) a 413, an
 * unparsable content type a 415. No input makes a 5xx but a fault of ours.
 */
export async function startHttpServer(o: { host: string; port: number; logger: Logger; register: HttpPlugin | HttpPlugin[] }): Promise<HttpServer> {
  const log = o.logger.child({ component: 'http' });
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMITS.default, requestTimeout: 30_000, forceCloseConnections: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const r = (schema as z.ZodType).safeParse(data);
    return r.success ? { value: r.data } : { error: validationError(httpPart ?? 'body', schema, r.error) };
  });
  // Answer schemas document the API (openapi.ts); an answer is sent as it is, never refused for a field the description lacks.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes: { method: string; url: string; schema?: FastifySchema }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, schema: r.schema });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = err instanceof ApiError ? err : fastifyRefusal(err);
    if (known) {
      // Fastify closes the connection after a body it refused: the client, still sending, would get
      // a reset instead of this answer. The connection is kept instead, the rest discarded (see LINGER_MS).
      if (!req.raw.complete) reply.removeHeader('connection');
      if (known.extra.headers) reply.headers(known.extra.headers);
      return reply.code(known.statusCode).type('application/json; charset=utf-8').send(known.body());
    }
    log.error({ err, path: req.url.split('?')[0] }, 'http route failed');
    return reply.code(500).type('application/json; charset=utf-8').send({ error: 'internal error' });
  });
  // A body still coming after the answer is discarded (Node reads and drops it), for LINGER_MS at most.
  app.addHook('onResponse', async (req) => {
    const raw = req.raw;
    if (raw.complete || raw.destroyed) return;
    const timer = setTimeout(() => {
      if (!raw.complete) raw.socket?.destroy();
    }, LINGER_MS);
    timer.unref();
    raw.once('end', () => clearTimeout(timer));
    raw.once('close', () => clearTimeout(timer));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const matching = routes.filter((r) => matchesPattern(r.url, path));
    // A route of this method that found nothing (a static file that is not there) is a 404 too.
    const known = matching.length > 0 && !matching.some((r) => r.method === req.method || (req.method === 'HEAD' && r.method === 'GET'));
    return reply
      .code(known ? 405 : 404)
      .type('application/json; charset=utf-8')
      .send({ error: known ? 'method not allowed' : 'not found' });
  });
  for (const register of [o.register].flat()) await app.register(async (scope) => register(scope));
  await app.listen({ host: o.host, port: o.port });
  const addr = app.server.address() as AddressInfo;
  log.info({ host: addr.address, port: addr.port }, 'http server listening');
  return {
    server: app.server,
    app,
    url: `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`,
    routes: routes.map((r) => `${r.method} ${r.url}`),
    registered: routes,
    close: () => app.close(),
  };
}
