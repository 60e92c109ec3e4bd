import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { COOKIE_OPTIONS } from '../http/http-server.js';
import { announcementsPage } from './announcements-page.js';
import { knowledgePage } from './knowledge-page.js';
import { overviewPage } from './overview-page.js';
import { questionsPage } from './questions-page.js';
import { reportsDownload } from './reports-download.js';
import { reportPage, reviewReportAction } from './report-page.js';
import { reportsPage } from './reports-page.js';
import { signInRoutes } from './sign-in-routes.js';
import { staticFiles } from './static-routes.js';
import { officerPage, type DashboardDeps } from './web-context.js';
import { HELMET_OPTIONS, SECTION_PATHS } from './web-page.js';

export type { DashboardDeps };

/**
 * The officers' web dashboard on the app's HTTP server, in its own scope: sign-in by a one-time
 * link from the bot (/dangnhap), then server-rendered pages — overview with charts, reports with
 * filters and downloads, announcements, open questions, the knowledge base to review — each within
 * the officer's jurisdiction. Security headers by @fastify/helmet (web-page.ts), cookies by
 * @fastify/cookie, the script and style files by @fastify/static.
 */
export function dashboard(deps: DashboardDeps) {
  return async (scope: FastifyInstance): Promise<void> => {
    await scope.register(fastifyHelmet, HELMET_OPTIONS);
    await scope.register(fastifyCookie, COOKIE_OPTIONS);
    // Any other body (the sign-out form's, whatever a client sends) is discarded: no page reads one.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));
    // A report's accept / return form: its fields (a comment, the anti-forgery token).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(String(body))));
    await staticFiles(scope);
    signInRoutes(scope, deps);
    scope.get(SECTION_PATHS.overview, officerPage(deps, overviewPage));
    scope.get(SECTION_PATHS.reports, officerPage(deps, reportsPage));
    scope.get(`${SECTION_PATHS.reports}.xlsx`, officerPage(deps, reportsDownload('xlsx')));
    scope.get(`${SECTION_PATHS.reports}.csv`, officerPage(deps, reportsDownload('csv')));
    scope.get(`${SECTION_PATHS.reports}/:id`, officerPage(deps, reportPage));
    scope.post(`${SECTION_PATHS.reports}/:id/review`, officerPage(deps, reviewReportAction));
    scope.get(SECTION_PATHS.announcements, officerPage(deps, announcementsPage));
    scope.get(SECTION_PATHS.questions, officerPage(deps, questionsPage));
    scope.get(SECTION_PATHS.knowledge, officerPage(deps, knowledgePage));
  };
}
