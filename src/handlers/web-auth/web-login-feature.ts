import type { Feature, Handler } from '../../router/context.js';
import { vnDateTime } from '../../lib/vn-time.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { LOGIN_LINK_TTL_MS } from '../../services/web-auth/web-secret.js';

/** The dashboard page that redeems a sign-in link (`/dang-nhap?t=<token>`). */
export const SIGN_IN_PATH = '/dang-nhap';
export const WEB_LOGIN = 'weblogin';

/**
 * `/dangnhap`: an officer gets a one-time link to the web dashboard, valid 15 minutes. Anyone
 * else is told politely that the dashboard is for officers.
 */
const signInLink: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return [ctx.mainMenu(ctx.t('dashboard.chat.only_officers'))];
  const { token, expiresAt } = await ctx.services.createLoginLink({ personId: ctx.who.personId, now: ctx.now });
  ctx.log.info({ personId: ctx.who.personId }, 'dashboard sign-in link created');
  return [
    {
      text: ctx.t('dashboard.chat.link', {
        url: `${ctx.webUrl}${SIGN_IN_PATH}?t=${token}`,
        minutes: LOGIN_LINK_TTL_MS / 60_000,
        until: vnDateTime(expiresAt).slice(11),
      }),
      buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]],
    },
  ];
};

/** Sign-in to the web dashboard by a one-time link from the bot. */
export const webLoginFeature: Feature = {
  name: 'web-login',
  commands: { dangnhap: signInLink },
  actions: { [WEB_LOGIN]: signInLink },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('dashboard.chat.menu'), action: WEB_LOGIN }] : []),
};
