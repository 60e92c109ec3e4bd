import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, type Locale, type T } from '../../i18n/i18n.js';
import type { Notify } from '../../delivery/notify.js';
import type { Logger } from '../../lib/logger.js';
import { scopeWithin, type AreaScope } from '../../services/access/officer-scope.js';
import type { ReportSchedule } from '../../services/reports/report-schedule.js';
import type { Services } from '../../services/services.js';
import type { PlanTargets } from '../../services/targets/plan-targets.js';
import type { WebOfficer } from '../../services/web-auth/find-web-session.js';
import { sendResponse, toHttpRequest, type HttpRequest, type HttpResponse, type SetCookie } from '../http/http-server.js';
import { csrfToken } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { htmlResponse, redirect, renderPage, type PageView, type Section } from './web-page.js';

export const SESSION_COOKIE = 'htx_session';
export const LANG_COOKIE = 'htx_lang';
const LANG_COOKIE_MAX_AGE = 365 * 86_400;

/** What the dashboard needs from the app. */
export interface DashboardDeps {
  /** The service functions, bound to the database: how the pages read and write data. */
  services: Services;
  translator: (locale: Locale) => T;
  logger: Logger;
  /** Cookies get `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
  planTargets: PlanTargets;
  reportSchedule: ReportSchedule;
  /** Sends a bot-initiated message to a person (a cooperative told of a decision made here). */
  notify: Notify;
  now: () => Date;
  /** Where printed invitations lead (TELEGRAM_BOT_USERNAME, ZALO_OA_LINK): the invitation sheet's QR codes. */
  inviteLinks?: { telegramBotUsername?: string; zaloOaLink?: string };
}

/** One request of a signed-in officer. */
export interface WebContext {
  req: HttpRequest;
  deps: DashboardDeps;
  officer: WebOfficer;
  locale: Locale;
  t: T;
  now: Date;
  /** The anti-forgery token for this session's POST forms (see csrf.ts). */
  csrf: string;
  /** A POST's form fields (application/x-www-form-urlencoded); null for a GET. */
  form: URLSearchParams | null;
  /** A page of the dashboard (status 200 unless said), in the officer's language. */
  page(section: Section, view: PageView, status?: number): HttpResponse;
  /** A short page with one message (403, 400, 404). */
  problem(status: number, section: Section, title: string, message: string | SafeHtml): HttpResponse;
  /** The area asked for in `?province=&commune=`, within the officer's jurisdiction; a 403 or 400 page otherwise. */
  area(): { ok: true; scope: AreaScope } | { ok: false; response: HttpResponse };
}

/** The reader's language: `?lang=` (then remembered), else the cookie, else their choice in the bot, else Vietnamese. */
export function pickWebLocale(req: HttpRequest, personLocale?: string | null): Locale {
  const asked = LOCALES.find((l) => l === req.query.get('lang'));
  const remembered = LOCALES.find((l) => l === req.cookies[LANG_COOKIE]);
  const chosen = LOCALES.find((l) => l === personLocale);
  return asked ?? remembered ?? chosen ?? 'vi';
}

/** The cookie that remembers a `?lang=` choice (none when the request did not make one). */
export function langCookie(req: HttpRequest, secure: boolean): SetCookie[] {
  const asked = LOCALES.find((l) => l === req.query.get('lang'));
  return asked ? [{ name: LANG_COOKIE, value: asked, maxAge: LANG_COOKIE_MAX_AGE, sameSite: 'lax', secure, httpOnly: true }] : [];
}

/** How an officer's area reads: «Xã An Bình, Tỉnh Demo», «Tỉnh Demo», «Toàn quốc». */
export function areaLabel(t: T, a: { province?: string | null; commune?: string | null }): string {
  if (!a.province) return t('dashboard.web.area_country');
  return a.commune ? `${a.commune}, ${a.province}` : a.province;
}

/**
 * A dashboard page for signed-in officers: no (or a dead) session cookie, or a person who is no
 * longer an officer, is sent to the sign-in explanation page.
 */
export function officerPage(deps: DashboardDeps, handle: (ctx: WebContext) => Promise<HttpResponse>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
    sendResponse(reply, await officerAnswer(deps, handle, toHttpRequest(request), request.body instanceof URLSearchParams ? request.body : null));
}

async function officerAnswer(
  deps: DashboardDeps,
  handle: (ctx: WebContext) => Promise<HttpResponse>,
  req: HttpRequest,
  form: URLSearchParams | null,
): Promise<HttpResponse> {
  {
    const now = deps.now();
    const officer = await deps.services.findWebSession(req.cookies[SESSION_COOKIE], now);
    if (!officer) return redirect('/dang-nhap', langCookie(req, deps.secureCookies));
    const locale = pickWebLocale(req, officer.locale);
    const t = deps.translator(locale);
    const cookies = langCookie(req, deps.secureCookies);
    const csrf = csrfToken(req.cookies[SESSION_COOKIE]!);
    const frame = (active: Section) => ({
      t,
      locale,
      active,
      officer: { name: officer.name ?? t('dashboard.web.officer'), area: areaLabel(t, officer) },
      here: { path: req.path, query: req.query },
      csrf,
    });
    const page: WebContext['page'] = (section, view, status = 200) => htmlResponse(status, renderPage(frame(section), view), cookies);
    const problem: WebContext['problem'] = (status, section, title, message) =>
      page(
        section,
        {
          title,
          body: html`<div class="notice error" role="alert"><p>${message}</p><p><a href="/dashboard">${t('dashboard.web.back_overview')}</a></p></div>`,
        },
        status,
      );
    const ctx: WebContext = {
      req,
      deps,
      officer,
      locale,
      t,
      now,
      csrf,
      form,
      page,
      problem,
      area() {
        const get = (k: string) => req.query.get(k)?.trim() || undefined;
        const r = scopeWithin(officer, { province: get('province'), commune: get('commune') });
        if (r.ok) return r;
        const title = t('dashboard.web.forbidden_title');
        if (r.reason === 'commune_needs_province')
          return { ok: false, response: problem(400, 'overview', t('dashboard.web.bad_request_title'), t('dashboard.web.commune_needs_province')) };
        deps.logger.warn(
          { personId: officer.personId, path: req.path, province: get('province'), commune: get('commune') },
          'dashboard: area outside jurisdiction refused',
        );
        return { ok: false, response: problem(403, 'overview', title, t('dashboard.web.outside_jurisdiction', { area: areaLabel(t, officer) })) };
      },
    };
    return handle(ctx);
  }
}
