import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.js';
import { DEFAULT_SCHEDULE, type ReportSchedule } from '../../services/reports/report-schedule.js';
import type { PlanTargets } from '../../services/targets/plan-targets.js';
import { announcementsApi } from './announcements-api.js';
import { officerCalls } from './officer-call.js';
import { openApi } from './openapi.js';
import { normalizeQuery } from './report-query.js';
import { reportsApi } from './reports-api.js';

/**
 * Every `/api/v1` route, in one scope: the officer API (announcements, reports; Bearer tokens
 * checked from the headers before the body is read, each call audited: officerCalls) and its
 * OpenAPI description (public), generated from the routes' zod schemas. A test checks that each
 * route registered here is described there.
 */
export function officerApi(app: Pick<App, 'services' | 'translator' | 'logger'> & { planTargets?: PlanTargets }, o: { schedule?: ReportSchedule } = {}) {
  return async (scope: FastifyInstance): Promise<void> => {
    await openApi(scope);
    officerCalls(scope, app);
    // Query values are trimmed, and an empty one counts as absent, before the schemas see them.
    scope.addHook('preValidation', async (req) => {
      req.query = normalizeQuery(req.query);
    });
    // Bodies are JSON (anything else is a 415), up to the server's limit (413).
    scope.removeContentTypeParser('text/plain');
    announcementsApi(scope, app);
    reportsApi(scope, app, { schedule: o.schedule ?? DEFAULT_SCHEDULE });
  };
}
