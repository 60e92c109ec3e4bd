import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { Logger } from '../../lib/logger.js';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The values of the route's `:name` segments (`GET /api/v1/announcements/:id`). */
  params?: Record<string, string>;
}
export interface HttpResponse {
  status: number;
  /** A stream (a file download) is piped, then destroyed if the client goes away. */
  body: string | Buffer | Readable;
  contentType?: string;
  /** An array sends the header once per value (several `set-cookie`). */
  headers?: Record<string, string | string[]>;
}
export type Route = (req: HttpRequest) => Promise<HttpResponse>;

/** Larger bodies are refused before they are read in full. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * The route for a request: an exact `METHOD /path` key, else a key whose path has `:name`
 * segments (each matches one non-empty segment). `known`: some route has this path (→ 405).
 */
export function findRoute(routes: Record<string, Route>, method: string, pathname: string): { route?: Route; params: Record<string, string>; known: boolean } {
  const exact = routes[`${method} ${pathname}`];
  if (exact) return { route: exact, params: {}, known: true };
  let known = false;
  for (const [key, route] of Object.entries(routes)) {
    const space = key.indexOf(' ');
    const pattern = key.slice(space + 1);
    const params = pattern === pathname ? {} : pattern.includes('/:') ? matchPath(pattern, pathname) : null;
    if (!params) continue;
    if (key.slice(0, space) === method) return { route, params, known: true };
    known = true;
  }
  return { params: {}, known };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':') && g) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface HttpServer {
  server: Server;
  /** The bound address, e.g. http://127.0.0.1:3000 (useful with port 0 in tests). */
  url: string;
  close(): Promise<void>;
}

/**
 * The app's one HTTP server: webhooks, /healthz and the officer API. Routes are `METHOD /path`
 * (a path may have `:name` segments, see findRoute); the raw body is kept because webhook
 * signatures are computed over its bytes.
 */
export async function startHttpServer(o: { host: string; port: number; routes: Record<string, Route>; logger: Logger }): Promise<HttpServer> {
  const log = o.logger.child({ component: 'http' });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    // HEAD is answered by the GET route (Node sends the headers only).
    const found = findRoute(o.routes, method, url.pathname);
    const { route, params, known } = !found.route && method === 'HEAD' ? findRoute(o.routes, 'GET', url.pathname) : found;
    const send = (r: HttpResponse) => {
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json; charset=utf-8', ...r.headers });
      if (typeof r.body === 'string' || Buffer.isBuffer(r.body)) return void res.end(r.body);
      const stream = r.body;
      if (method === 'HEAD') return void (stream.destroy(), res.end());
      stream.on('error', (err) => {
        log.error({ err, path: url.pathname }, 'http response stream failed');
        res.destroy(err);
      });
      res.on('close', () => stream.destroy());
      stream.pipe(res);
    };
    if (!route) {
      return send({ status: known ? 405 : 404, body: JSON.stringify({ error: known ? 'method not allowed' : 'not found' }) });
    }
    try {
      const body = await readBody(req);
      if (body === null) return send({ status: 413, body: '{"error":"body too large"}' });
      send(await route({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params }));
    } catch (err) {
      log.error({ err, path: url.pathname }, 'http route failed');
      if (!res.headersSent) send({ status: 500, body: '{"error":"internal error"}' });
    }
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  log.info({ host: addr.address, port: addr.port }, 'http server listening');
  return {
    server,
    url: `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
