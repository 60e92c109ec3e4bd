import type { Route } from '../http/http-server.js';
import { announcementsPage } from './announcements-page.js';
import { knowledgePage } from './knowledge-page.js';
import { overviewPage } from './overview-page.js';
import { questionsPage } from './questions-page.js';
import { reportsDownload } from './reports-download.js';
import { reportsPage } from './reports-page.js';
import { signInRoutes } from './sign-in-routes.js';
import { staticRoutes } from './static-routes.js';
import { officerPage, type DashboardDeps } from './web-context.js';
import { SECTION_PATHS } from './web-page.js';

export type { DashboardDeps };

/**
 * The officers' web dashboard on the app's HTTP server: sign-in by a one-time link from the bot
 * (/dangnhap), then server-rendered pages — overview with charts, reports with filters and
 * downloads, announcements, open questions, the knowledge base to review — each within the officer's
 * jurisdiction.
 */
export function dashboardRoutes(deps: DashboardDeps): Record<string, Route> {
  return {
    ...staticRoutes(),
    ...signInRoutes(deps),
    [`GET ${SECTION_PATHS.overview}`]: officerPage(deps, overviewPage),
    [`GET ${SECTION_PATHS.reports}`]: officerPage(deps, reportsPage),
    [`GET ${SECTION_PATHS.reports}.xlsx`]: officerPage(deps, reportsDownload('xlsx')),
    [`GET ${SECTION_PATHS.reports}.csv`]: officerPage(deps, reportsDownload('csv')),
    [`GET ${SECTION_PATHS.announcements}`]: officerPage(deps, announcementsPage),
    [`GET ${SECTION_PATHS.questions}`]: officerPage(deps, questionsPage),
    [`GET ${SECTION_PATHS.knowledge}`]: officerPage(deps, knowledgePage),
  };
}
