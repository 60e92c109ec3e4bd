import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Chart.js as its package ships it (no CDN). */
export const CHART_JS_PATH = '/static/chart.umd.js';
export const DASHBOARD_JS_PATH = '/static/dashboard.js';
export const DASHBOARD_CSS_PATH = '/static/dashboard.css';

/** Seconds browsers may keep each file, by name. */
const MAX_AGE: Record<string, number> = {
  // The package's version is pinned: a new version comes with a new deployment, so cache it long.
  'chart.umd.js': 30 * 86_400,
  'dashboard.js': 3600,
  'dashboard.css': 3600,
};
const TYPE: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The dashboard's script and style files (@fastify/static): the two of assets/ and Chart.js from
 * its package, each with its cache lifetime; nothing else under /static/ is served.
 */
export async function staticFiles(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyStatic, {
    root: [path.join(here, 'assets'), path.dirname(require.resolve('chart.js'))],
    prefix: '/static/',
    decorateReply: false,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    allowedPath: (pathName) => Object.hasOwn(MAX_AGE, pathName.replace(/^\//, '')),
    setHeaders: (reply, file) => {
      reply.header('cache-control', `public, max-age=${MAX_AGE[path.basename(file)] ?? 3600}`);
      reply.header('x-content-type-options', 'nosniff');
      const type = TYPE[path.extname(file)];
      if (type) reply.header('content-type', type);
    },
  });
}
