import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { COOKIE_OPTIONS } from '../http/http-server.js';
import { announcementsPage } from './announcements-page.js';
import { eligibilityDownload, eligibilityPage, policyAlertsAction, policyAlertsPage } from './eligibility-page.js';
import { cooperativePage, cooperativeStatusAction, editCooperativeAction } from './cooperative-page.js';
import { cooperativesPage } from './cooperatives-page.js';
import { peoplePage, revokeRoleAction, revokeRolePage } from './people-page.js';
import { draftPage, draftsPage, DRAFTS_PATH, markDraftReviewedAction } from './drafts-page.js';
import { inviteSheetDownload } from './invite-sheet-download.js';
import { createInviteAction, invitesPage, revokeInviteAction, revokeInvitePage } from './invites-page.js';
import { IMPORT_MULTIPART_LIMITS, IMPORT_PATHS, importConfirm, importPage, importPreview, importTemplate } from './import-page.js';
import { knowledgePage } from './knowledge-page.js';
import { answerQuestionAction, draftQuestionAction, questionPage } from './question-page.js';
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
    // The register upload (import-page.ts): multipart, one file of at most 5 MB, read only after the form's token is checked.
    await scope.register(fastifyMultipart, { limits: IMPORT_MULTIPART_LIMITS, throwFileSizeLimit: true });
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
    // Invites, the handoff queue answered from the web, knowledge-base drafts (invites-page.ts, question-page.ts, drafts-page.ts).
    scope.get(SECTION_PATHS.invites, officerPage(deps, invitesPage));
    scope.post(SECTION_PATHS.invites, officerPage(deps, createInviteAction));
    scope.get(`${SECTION_PATHS.invites}/phieu-moi.pdf`, officerPage(deps, inviteSheetDownload));
    scope.get(`${SECTION_PATHS.invites}/:id/revoke`, officerPage(deps, revokeInvitePage));
    scope.post(`${SECTION_PATHS.invites}/:id/revoke`, officerPage(deps, revokeInviteAction));
    scope.get(`${SECTION_PATHS.questions}/:id`, officerPage(deps, questionPage));
    scope.post(`${SECTION_PATHS.questions}/:id/answer`, officerPage(deps, answerQuestionAction));
    scope.post(`${SECTION_PATHS.questions}/:id/draft`, officerPage(deps, draftQuestionAction));
    scope.get(DRAFTS_PATH, officerPage(deps, draftsPage));
    scope.get(`${DRAFTS_PATH}/:id`, officerPage(deps, draftPage));
    scope.post(`${DRAFTS_PATH}/:id/reviewed`, officerPage(deps, markDraftReviewedAction));
    // Cooperatives and people of the officer's jurisdiction (cooperatives-page.ts, cooperative-page.ts, people-page.ts).
    scope.get(SECTION_PATHS.cooperatives, officerPage(deps, cooperativesPage));
    scope.get(`${SECTION_PATHS.cooperatives}/:id`, officerPage(deps, cooperativePage));
    scope.post(`${SECTION_PATHS.cooperatives}/:id/edit`, officerPage(deps, editCooperativeAction));
    scope.post(`${SECTION_PATHS.cooperatives}/:id/status`, officerPage(deps, cooperativeStatusAction));
    scope.get(SECTION_PATHS.people, officerPage(deps, peoplePage));
    scope.get(`${SECTION_PATHS.people}/:id/revoke`, officerPage(deps, revokeRolePage));
    scope.post(`${SECTION_PATHS.people}/:id/revoke`, officerPage(deps, revokeRoleAction));
    // The supports cooperatives of the area qualify for, and those not received (eligibility-page.ts).
    scope.get(SECTION_PATHS.eligibility, officerPage(deps, eligibilityPage));
    scope.get(`${SECTION_PATHS.eligibility}.xlsx`, officerPage(deps, eligibilityDownload));
    scope.get(`${SECTION_PATHS.eligibility}/alerts`, officerPage(deps, policyAlertsPage));
    scope.post(`${SECTION_PATHS.eligibility}/alerts`, officerPage(deps, policyAlertsAction));
    // Importing the cooperative register: template, upload and preview, confirm (import-page.ts).
    scope.get(IMPORT_PATHS.page, officerPage(deps, importPage));
    scope.get(IMPORT_PATHS.template, officerPage(deps, importTemplate));
    scope.post(IMPORT_PATHS.preview, importPreview(deps));
    scope.post(IMPORT_PATHS.confirm, importConfirm(deps));
  };
}
