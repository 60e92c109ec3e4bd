import type { App } from '../../app.js';
import type { Config } from '../../config/env.js';
import { webBaseUrl } from '../../config/web-url.js';
import { DEFAULT_SCHEDULE } from '../../services/reports/report-schedule.js';
import { startHttpServer, type HttpServer, type Route } from '../http/http-server.js';
import { dashboardRoutes, type DashboardDeps } from './dashboard-routes.js';

/** What the dashboard needs, from the app and its configuration. */
export function dashboardDeps(app: Pick<App, 'db' | 'translator' | 'logger' | 'planTargets'>, config: Pick<Config, 'http'> & Partial<Pick<Config, 'reports'>>): DashboardDeps {
  return {
    db: app.db.prisma,
    translator: app.translator,
    logger: app.logger.child({ component: 'web' }),
    secureCookies: webBaseUrl(config.http).startsWith('https:'),
    planTargets: app.planTargets,
    reportSchedule: config.reports?.schedule ?? DEFAULT_SCHEDULE,
    now: () => new Date(),
  };
}

/**
 * The HTTP server with the dashboard only (and /healthz), for the console modes, where no platform
 * channel starts the app's server (startChannels serves the dashboard with the webhooks otherwise).
 */
export async function serveDashboard(app: App, config: Pick<Config, 'http'> & Partial<Pick<Config, 'reports'>>): Promise<HttpServer> {
  const routes: Record<string, Route> = {
    'GET /healthz': async () => {
      const ok = await app.db.ping().catch(() => false);
      return { status: ok ? 200 : 503, body: JSON.stringify({ status: ok ? 'ok' : 'degraded', db: ok ? 'ok' : 'down', dbKind: app.db.kind, channels: {} }) };
    },
    ...dashboardRoutes(dashboardDeps(app, config)),
  };
  return startHttpServer({ host: config.http.host, port: config.http.port, routes, logger: app.logger });
}
