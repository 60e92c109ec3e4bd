import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { COOKIE_OPTIONS } from '../http/http-server.js';
import { announcementsPage } from './announcements-page.js';
import { knowledgePage } from './knowledge-page.js';
import { overviewPage } from './overview-page.js';
import { questionsPage } from './questions-page.js';
import { reportsDownload } from './reports-download.js';
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
    // The sign-out form posts an empty form body; a page reads nothing from a body.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));
    await staticFiles(scope);
    signInRoutes(scope, deps);
    scope.get(SECTION_PATHS.overview, officerPage(deps, overviewPage));
    scope.get(SECTION_PATHS.reports, officerPage(deps, reportsPage));
    scope.get(`${SECTION_PATHS.reports}.xlsx`, officerPage(deps, reportsDownload('xlsx')));
    scope.get(`${SECTION_PATHS.reports}.csv`, officerPage(deps, reportsDownload('csv')));
    scope.get(SECTION_PATHS.announcements, officerPage(deps, announcementsPage));
    scope.get(SECTION_PATHS.questions, officerPage(deps, questionsPage));
    scope.get(SECTION_PATHS.knowledge, officerPage(deps, knowledgePage));
  };
}
