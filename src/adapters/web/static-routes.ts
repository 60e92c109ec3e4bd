import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../http/http-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Chart.js as its package ships it (no CDN). */
export const CHART_JS_PATH = '/static/chart.umd.js';
export const DASHBOARD_JS_PATH = '/static/dashboard.js';
export const DASHBOARD_CSS_PATH = '/static/dashboard.css';

interface Asset {
  file: string;
  type: string;
  /** Seconds browsers may keep it. */
  maxAge: number;
}

const ASSETS: Record<string, Asset> = {
  // The package's version is pinned: a new version comes with a new deployment, so cache it long.
  [CHART_JS_PATH]: { file: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'), type: 'text/javascript; charset=utf-8', maxAge: 30 * 86_400 },
  [DASHBOARD_JS_PATH]: { file: path.join(here, 'assets', 'dashboard.js'), type: 'text/javascript; charset=utf-8', maxAge: 3600 },
  [DASHBOARD_CSS_PATH]: { file: path.join(here, 'assets', 'dashboard.css'), type: 'text/css; charset=utf-8', maxAge: 3600 },
};

/** The dashboard's script and style files, read once at start. */
export function staticRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [urlPath, a] of Object.entries(ASSETS)) {
    const body = readFileSync(a.file);
    routes[`GET ${urlPath}`] = async () => ({
      status: 200,
      body,
      contentType: a.type,
      headers: { 'cache-control': `public, max-age=${a.maxAge}`, 'x-content-type-options': 'nosniff' },
    });
  }
  return routes;
}
