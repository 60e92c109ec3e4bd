import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { vnDateTime } from '../../lib/vn-time.js';
import { looksLikeInviteCode } from '../../services/invites/invite-code.js';
import { askConsent, PROFILE, profileFlow, startProfile } from './profile-flow.js';
import { describeRole } from './role-label.js';

const INVITE = 'invite';

async function redeem(ctx: HandlerContext, code: string) {
  const result = await ctx.services.redeemInvite(ctx.who.personId, code, ctx.now);
  if (!result.ok && 'retryAt' in result) {
    // Too many wrong codes: say when to try again (Việt Nam time), and stop asking for one.
    return { ok: false as const, limited: true, text: ctx.t(`invite.${result.reason}`, { time: vnDateTime(result.retryAt).slice(11) }) };
  }
  if (!result.ok) return { ok: false as const, text: ctx.t(`invite.${result.reason}`) };
  // An invite made for a person on record: this account (and its person's others) now belong to them.
  if (result.mergedPersonId) ctx.forgetPeople([result.personId, result.mergedPersonId]);
  await ctx.refreshIdentity();
  return { ok: true as const, text: ctx.t('invite.accepted', { role: describeRole(ctx) }) };
}

/** A refused code: ask for another, or, when too many were wrong, the menu with when to try again. */
function afterRefusal(ctx: HandlerContext, r: { text: string; limited?: boolean }) {
  if (!r.limited) return askCode(ctx, r.text);
  ctx.endFlow();
  return [ctx.mainMenu(r.text)];
}

/** After an accepted invite: complete the profile if it is missing, else the menu. */
function afterInvite(ctx: HandlerContext, text: string) {
  if (!ctx.who.privacyConsentAt) return askConsent(ctx, text);
  ctx.endFlow();
  return [ctx.mainMenu(text)];
}

/** `/start` and `/start <invite code>` (Telegram deep links carry the code). */
const start: Handler = async (ctx) => {
  const code = ctx.args[0];
  if (code) {
    const r = await redeem(ctx, code);
    if (r.ok) return afterInvite(ctx, r.text);
    return [ctx.mainMenu(`${r.text}\n\n${ctx.t('start.greeting')}`)];
  }
  ctx.endFlow();
  const known = ctx.who.name ? ctx.t('start.welcome_back', { name: ctx.who.name, role: describeRole(ctx) }) : ctx.t('start.greeting');
  return [ctx.mainMenu(known)];
};

function askCode(ctx: HandlerContext, problem?: string) {
  ctx.goTo(INVITE, 'code', {});
  return [
    {
      text: problem ? `${problem}\n${ctx.t('invite.ask')}` : ctx.t('invite.ask'),
      input: 'text' as const,
      buttons: [[{ label: ctx.t('common.cancel'), action: 'invite:cancel' }]],
    },
  ];
}

/** `/moi <code>` or the menu button: redeem a code typed in the chat. */
const inviteCommand: Handler = async (ctx) => {
  const code = ctx.args.join(''); // a printed code may be typed in its groups: "/moi K7M2Q 9XAP4"
  if (!code) return askCode(ctx);
  const r = await redeem(ctx, code);
  return r.ok ? afterInvite(ctx, r.text) : afterRefusal(ctx, r);
};

const inviteFlow: Handler = async (ctx) => {
  if (ctx.action) {
    if (ctx.args[0] === 'cancel') {
      ctx.endFlow();
      return [ctx.mainMenu(ctx.t('cancel.done'))];
    }
    return askCode(ctx);
  }
  if (!looksLikeInviteCode(ctx.text)) return askCode(ctx, ctx.t('invite.bad_format'));
  const r = await redeem(ctx, ctx.text);
  return r.ok ? afterInvite(ctx, r.text) : afterRefusal(ctx, r);
};

/** First contact, invites that bind a role, and the personal profile with consent. */
export const onboardingFeature: Feature = {
  name: 'onboarding',
  commands: { start, batdau: start, moi: inviteCommand, invite: inviteCommand, hoso: startProfile, profile: startProfile },
  actions: { profile: startProfile, invite: inviteCommand },
  flows: { [PROFILE]: profileFlow, [INVITE]: inviteFlow },
  menu: (ctx) => [
    ...(!ctx.who.name || !ctx.who.privacyConsentAt
      ? [{ label: ctx.t('menu.register'), action: 'profile' }]
      : [{ label: ctx.t('menu.profile'), action: 'profile' }]),
    ...(ctx.who.role === 'guest' ? [{ label: ctx.t('menu.invite'), action: 'invite' }] : []),
  ],
};
