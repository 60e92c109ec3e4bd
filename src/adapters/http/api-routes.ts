import type { App } from '../../app.js';
import { DEFAULT_SCHEDULE, type ReportSchedule } from '../../services/reports/report-schedule.js';
import type { PlanTargets } from '../../services/targets/plan-targets.js';
import { announcementsApiRoutes } from './announcements-api.js';
import type { Route } from './http-server.js';
import { OPENAPI_PATH, openApiRoute } from './openapi.js';
import { reportsApiRoutes } from './reports-api.js';

/**
 * Every `/api/v1` route: the officer API (announcements, reports; Bearer tokens) and its OpenAPI
 * description (public). A test checks that each route here is described in openapi.ts.
 */
export function officerApiRoutes(
  app: Pick<App, 'db' | 'translator' | 'logger'> & { planTargets?: PlanTargets },
  o: { schedule?: ReportSchedule } = {},
): Record<string, Route> {
  return {
    ...announcementsApiRoutes(app),
    ...reportsApiRoutes(app, { schedule: o.schedule ?? DEFAULT_SCHEDULE }),
    [`GET ${OPENAPI_PATH}`]: openApiRoute(),
  };
}
