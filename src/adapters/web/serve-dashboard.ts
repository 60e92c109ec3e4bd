import type { App } from '../../app.js';
import type { Config } from '../../config/env.js';
import { webBaseUrl } from '../../config/web-url.js';
import { DEFAULT_SCHEDULE } from '../../services/reports/report-schedule.js';
import { healthz } from '../http/healthz.js';
import { startHttpServer, type HttpServer } from '../http/http-server.js';
import { dashboard, type DashboardDeps } from './dashboard-routes.js';

/** What the dashboard needs, from the app and its configuration. */
export function dashboardDeps(
  app: Pick<App, 'services' | 'translator' | 'logger' | 'planTargets' | 'notify'>,
  config: Pick<Config, 'http'> & Partial<Pick<Config, 'reports' | 'inviteLinks'>>,
): DashboardDeps {
  return {
    services: app.services,
    translator: app.translator,
    logger: app.logger.child({ component: 'web' }),
    secureCookies: webBaseUrl(config.http).startsWith('https:'),
    planTargets: app.planTargets,
    reportSchedule: config.reports?.schedule ?? DEFAULT_SCHEDULE,
    notify: app.notify,
    now: () => new Date(),
    inviteLinks: config.inviteLinks,
  };
}

/**
 * The HTTP server with the dashboard only (and /healthz), for the console modes, where no platform
 * channel starts the app's server (startChannels serves the dashboard with the webhooks otherwise).
 */
export async function serveDashboard(app: App, config: Pick<Config, 'http'> & Partial<Pick<Config, 'reports'>>): Promise<HttpServer> {
  return startHttpServer({
    host: config.http.host,
    port: config.http.port,
    logger: app.logger,
    register: [healthz(app.db), dashboard(dashboardDeps(app, config))],
  });
}
