import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../lib/logger.js';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
export interface HttpResponse {
  status: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}
export type Route = (req: HttpRequest) => Promise<HttpResponse>;

/** Larger bodies are refused before they are read in full. */
export const MAX_BODY_BYTES = 1_000_000;

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
 * The app's one HTTP server: webhooks and /healthz (later the officer API). Routes are
 * `METHOD /path`; the raw body is kept because webhook signatures are computed over its bytes.
 */
export async function startHttpServer(o: { host: string; port: number; routes: Record<string, Route>; logger: Logger }): Promise<HttpServer> {
  const log = o.logger.child({ component: 'http' });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = o.routes[`${req.method} ${url.pathname}`];
    const send = (r: HttpResponse) => {
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json; charset=utf-8', ...r.headers });
      res.end(r.body);
    };
    if (!route) {
      const known = Object.keys(o.routes).some((k) => k.endsWith(` ${url.pathname}`));
      return send({ status: known ? 405 : 404, body: JSON.stringify({ error: known ? 'method not allowed' : 'not found' }) });
    }
    try {
      const body = await readBody(req);
      if (body === null) return send({ status: 413, body: '{"error":"body too large"}' });
      send(await route({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body }));
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
