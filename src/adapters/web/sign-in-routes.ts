import { SIGN_IN_PATH } from '../../handlers/web-login/web-login-feature.js';
import { findWebSession } from '../../services/web-auth/find-web-session.js';
import { redeemLoginLink } from '../../services/web-auth/redeem-login-link.js';
import { revokeWebSession } from '../../services/web-auth/revoke-web-session.js';
import { SESSION_TTL_MS } from '../../services/web-auth/web-secret.js';
import type { Route } from '../http/http-server.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { html } from './html.js';
import { langCookie, pickWebLocale, SESSION_COOKIE, type DashboardDeps } from './web-context.js';
import { htmlResponse, redirect, renderPage } from './web-page.js';

export const SIGN_OUT_PATH = '/dang-xuat';

/**
 * Link previewers (the chat apps fetch a link to draw its card) must not spend a one-time link:
 * they get the explanation page instead. Real browsers, in-app ones included, never match.
 */
const PREVIEW_BOT = /TelegramBot|facebookexternalhit|Facebot|Slackbot|Twitterbot|WhatsApp|Discordbot|LinkedInBot|SkypeUriPreview|Googlebot|bingbot/i;

/**
 * Sign-in and sign-out of the dashboard:
 *   GET  /dang-nhap?t=<token>  → spends the one-time link, sets the session cookie, 303 to /dashboard
 *                                (a used, expired or unknown link: a page saying to send /dangnhap again)
 *   GET  /dang-nhap            → how to sign in (where the dashboard sends anyone not signed in)
 *   POST /dang-xuat            → ends the session, clears the cookie
 */
export function signInRoutes(deps: DashboardDeps): Record<string, Route> {
  const sessionCookie = (value: string, maxAgeSeconds: number) =>
    serializeCookie(SESSION_COOKIE, value, { maxAge: maxAgeSeconds, httpOnly: true, sameSite: 'Lax', path: '/', secure: deps.secureCookies });

  const signIn: Route = async (req) => {
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
      if (await findWebSession(deps.db, parseCookies(req.headers.cookie)[SESSION_COOKIE], now)) return redirect('/dashboard', cookies);
      if (req.query.get('out') === '1') return notice(200, t('dashboard.web.signed_out_title'), [t('dashboard.web.signed_out'), ...howTo]);
      return notice(200, t('dashboard.web.sign_in_title'), howTo);
    }
    const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
    if (userAgent && PREVIEW_BOT.test(userAgent)) return notice(200, t('dashboard.web.sign_in_title'), [t('dashboard.web.sign_in_open_in_browser')]);
    const result = await redeemLoginLink(deps.db, { token, now: deps.now(), userAgent });
    if (!result.ok) {
      deps.logger.info({ reason: result.reason }, 'dashboard sign-in link refused');
      return notice(result.reason === 'not_staff' ? 403 : 410, t('dashboard.web.link_dead_title'), [t(`dashboard.web.link_dead.${result.reason}`), t('dashboard.web.ask_new_link', { command: '/dangnhap' })], true);
    }
    deps.logger.info({ personId: result.personId }, 'dashboard sign-in');
    return redirect('/dashboard', [sessionCookie(result.sessionToken, SESSION_TTL_MS / 1000), ...cookies]);
  };

  const signOut: Route = async (req) => {
    await revokeWebSession(deps.db, { cookieValue: parseCookies(req.headers.cookie)[SESSION_COOKIE], now: deps.now() });
    return redirect(`${SIGN_IN_PATH}?out=1`, [sessionCookie('', 0)]);
  };

  return {
    [`GET ${SIGN_IN_PATH}`]: signIn,
    [`POST ${SIGN_OUT_PATH}`]: signOut,
    'GET /': async () => redirect('/dashboard'),
  };
}
