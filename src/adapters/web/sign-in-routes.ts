import { SIGN_IN_PATH } from '../../handlers/web-auth/web-login-feature.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../../services/web-auth/web-secret.js';
import { sendResponse, toHttpRequest, type HttpRequest, type HttpResponse, type SetCookie } from '../http/http-server.js';
import { html } from './html.js';
import { langCookie, pickWebLocale, SESSION_COOKIE, type DashboardDeps } from './web-context.js';
import { htmlResponse, redirect, renderPage } from './web-page.js';

export const SIGN_OUT_PATH = '/dang-xuat';

/**
 * Link previewers (the chat apps fetch a link to draw its card) must not spend a one-time link:
 * they get the explanation page instead. Real browsers, in-app ones included, never match.
 */
export const PREVIEW_BOT = /TelegramBot|facebookexternalhit|Facebot|Slackbot|Twitterbot|WhatsApp|Discordbot|LinkedInBot|SkypeUriPreview|Googlebot|bingbot/i;

/**
 * Sign-in and sign-out of the dashboard:
 *   GET  /dang-nhap?t=<token>  → spends the one-time link, sets the session cookie, 303 to /dashboard
 *                                (a used, expired or unknown link: a page saying to send /dangnhap again)
 *   GET  /dang-nhap            → how to sign in (where the dashboard sends anyone not signed in)
 *   POST /dang-xuat            → ends the session, clears the cookie
 */
export function signInRoutes(scope: FastifyInstance, deps: DashboardDeps): void {
  const sessionCookie = (value: string, maxAgeSeconds: number): SetCookie => ({
    name: SESSION_COOKIE,
    value,
    maxAge: maxAgeSeconds,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.secureCookies,
  });
  const route = (answer: (req: HttpRequest) => Promise<HttpResponse>) => async (request: FastifyRequest, reply: FastifyReply) =>
    sendResponse(reply, await answer(toHttpRequest(request)));

  const signIn = async (req: HttpRequest): Promise<HttpResponse> => {
    const locale = pickWebLocale(req);
    const t = deps.translator(locale);
    const cookies = langCookie(req, deps.secureCookies);
    const notice = (status: number, title: string, lines: string[], error = false) =>
      htmlResponse(
        status,
        renderPage(
          { t, locale, here: { path: req.path, query: req.query } },
          { title, body: html`<div class="notice${error ? ' error' : ''}" role="${error ? 'alert' : 'status'}">${lines.map((l) => html`<p>${l}</p>`)}</div>` },
        ),
        cookies,
      );
    const token = req.query.get('t');
    const howTo = [t('dashboard.web.sign_in_how', { command: '/dangnhap' }), t('dashboard.web.sign_in_validity')];
    if (token === null) {
      const now = deps.now();
      if (await deps.services.findWebSession(req.cookies[SESSION_COOKIE], now)) return redirect('/dashboard', cookies);
      if (req.query.get('out') === '1') return notice(200, t('dashboard.web.signed_out_title'), [t('dashboard.web.signed_out'), ...howTo]);
      return notice(200, t('dashboard.web.sign_in_title'), howTo);
    }
    const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
    if (userAgent && PREVIEW_BOT.test(userAgent)) return notice(200, t('dashboard.web.sign_in_title'), [t('dashboard.web.sign_in_open_in_browser')]);
    const result = await deps.services.redeemLoginLink({ token, now: deps.now(), userAgent });
    if (!result.ok) {
      deps.logger.info({ reason: result.reason }, 'dashboard sign-in link refused');
      return notice(
        result.reason === 'not_staff' ? 403 : 410,
        t('dashboard.web.link_dead_title'),
        [t(`dashboard.web.link_dead.${result.reason}`), t('dashboard.web.ask_new_link', { command: '/dangnhap' })],
        true,
      );
    }
    deps.logger.info({ personId: result.personId }, 'dashboard sign-in');
    return redirect('/dashboard', [sessionCookie(result.sessionToken, SESSION_TTL_MS / 1000), ...cookies]);
  };

  const signOut = async (req: HttpRequest): Promise<HttpResponse> => {
    await deps.services.revokeWebSession({ cookieValue: req.cookies[SESSION_COOKIE], now: deps.now() });
    return redirect(`${SIGN_IN_PATH}?out=1`, [sessionCookie('', 0)]);
  };

  scope.get(SIGN_IN_PATH, route(signIn));
  // Cross-site forms cannot sign an officer out: the session cookie is SameSite=Lax, so a POST from another site comes without it.
  scope.post(SIGN_OUT_PATH, route(signOut));
  scope.get(
    '/',
    route(async () => redirect('/dashboard')),
  );
}
