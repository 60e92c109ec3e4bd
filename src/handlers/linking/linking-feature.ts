import type { OutboundMessage } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { looksLikeInviteCode } from '../../services/invites/invite-code.js';
import { LINK_CODE_TTL_MS } from '../../services/people/create-link-code.js';
import type { LinkFailure } from '../../services/people/link-accounts.js';
import { describeRole } from '../onboarding/role-label.js';

const LINK = 'link';

/** Wrong codes allowed per account within the window; further attempts wait until it slides. */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;

/**
 * Wrong link-code attempts per channel account, kept in this process's memory: a restart forgets
 * them, and with several processes each keeps its own count. That is enough: a code is one of
 * 31^8 (~10^12), lives 15 minutes, and the router's per-account rate limit applies as well.
 */
class WrongCodeGuard {
  private readonly tries = new Map<string, number[]>();

  private recent(key: string, at: number): number[] {
    const kept = (this.tries.get(key) ?? []).filter((t) => at - t < WRONG_CODE_WINDOW_MS);
    if (kept.length) this.tries.set(key, kept);
    else this.tries.delete(key);
    return kept;
  }

  blocked(key: string, at: number): boolean {
    return this.recent(key, at).length >= MAX_WRONG_CODES;
  }

  record(key: string, at: number): void {
    this.tries.set(key, [...this.recent(key, at), at]);
    if (this.tries.size > 10_000) for (const k of [...this.tries.keys()]) this.recent(k, at);
  }

  clear(key: string): void {
    this.tries.delete(key);
  }
}

const guard = new WrongCodeGuard();

const lists = {
  vi: new Intl.ListFormat('vi', { type: 'conjunction' }),
  en: new Intl.ListFormat('en', { type: 'conjunction' }),
};

const failureText: Record<LinkFailure, (t: T) => string> = {
  not_found: (t) => t('link.not_found'),
  expired: (t) => t('link.expired'),
  used: (t) => t('link.used'),
  same_person: (t) => t('link.same_person'),
  conflict: (t) => t('link.conflict'),
};

const withBack = (ctx: HandlerContext, text: string): OutboundMessage[] => [{ text, buttons: [[{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];

/** `/lienket` or the menu button: a one-time code to type in the other app. */
const offerCode: Handler = async (ctx) => {
  const { code } = await ctx.services.createLinkCode(ctx.who.personId, ctx.now);
  ctx.endFlow();
  return withBack(ctx, ctx.t('link.code_created', { code, minutes: LINK_CODE_TTL_MS / 60_000 }));
};

function refused(ctx: HandlerContext, reason: LinkFailure): OutboundMessage[] {
  if (reason === 'not_found' || reason === 'expired' || reason === 'used') guard.record(`${ctx.msg.channel}:${ctx.msg.userId}`, ctx.now.getTime());
  ctx.log.info({ reason }, 'link code refused');
  ctx.endFlow();
  return withBack(ctx, failureText[reason](ctx.t));
}

const listOf = (ctx: HandlerContext, channels: string[]) => lists[ctx.locale].format(channels.map((c) => ctx.t(`channels.${c}`, { defaultValue: c })));

function confirmButtons(ctx: HandlerContext): OutboundMessage['buttons'] {
  return [
    [
      { label: ctx.t('link.confirm_yes'), action: 'link:confirm' },
      { label: ctx.t('link.confirm_no'), action: 'link:cancel' },
    ],
  ];
}

/**
 * `/lienket <code>`: first shows whose profile the code belongs to (its apps and role) and asks
 * for confirmation, so that a code sent by a stranger is not typed in blindly.
 */
async function preview(ctx: HandlerContext, raw: string): Promise<OutboundMessage[]> {
  const key = `${ctx.msg.channel}:${ctx.msg.userId}`;
  if (guard.blocked(key, ctx.now.getTime())) return withBack(ctx, ctx.t('link.too_many'));
  if (!looksLikeInviteCode(raw)) return withBack(ctx, ctx.t('link.bad_format'));
  const found = await ctx.services.peekLinkCode({ code: raw, personId: ctx.who.personId, now: ctx.now });
  if (!found.ok) return refused(ctx, found.reason);
  ctx.goTo(LINK, 'confirm', { code: raw });
  const role = describeRole({ t: ctx.t, who: { ...ctx.who, ...found, cooperativeName: found.cooperativeName } });
  return [
    {
      text: ctx.t('link.confirm', {
        channels: listOf(ctx, found.channels),
        role,
        here: ctx.t(`channels.${ctx.msg.channel}`, { defaultValue: ctx.msg.channel }),
      }),
      buttons: confirmButtons(ctx),
    },
  ];
}

/** The confirmed link: this account joins the person who created the code. */
async function redeem(ctx: HandlerContext, raw: string): Promise<OutboundMessage[]> {
  const result = await ctx.services.redeemLinkCode({ code: raw, accountId: ctx.who.accountId, now: ctx.now });
  if (!result.ok) return refused(ctx, result.reason);
  guard.clear(`${ctx.msg.channel}:${ctx.msg.userId}`);
  ctx.forgetPeople([result.personId, result.mergedPersonId]);
  await ctx.refreshIdentity();
  ctx.endFlow();
  ctx.log.info({ personId: result.personId, channels: result.channels }, 'accounts linked');
  return [ctx.mainMenu(ctx.t('link.linked', { channels: listOf(ctx, result.channels) }))];
}

const linkCommand: Handler = async (ctx) => {
  const raw = ctx.args.join(' ').trim();
  return raw ? preview(ctx, raw) : offerCode(ctx);
};

/** The confirmation step: yes links, no (or a stale button) leaves both accounts as they were. */
const linkFlow: Handler = async (ctx) => {
  const code = String(ctx.conversation.data.code ?? '');
  if (ctx.action === 'link:confirm' && code) return redeem(ctx, code);
  if (ctx.action === 'link:cancel') {
    ctx.endFlow();
    return [ctx.mainMenu(ctx.t('link.cancelled'))];
  }
  return [{ text: ctx.t('link.choose'), buttons: confirmButtons(ctx) }];
};

/** A confirm/cancel button pressed after the flow ended (restart, another command): nothing happens. */
const linkAction: Handler = async (ctx) => {
  if (ctx.args[0] === 'confirm' || ctx.args[0] === 'cancel') return [ctx.mainMenu(ctx.t('errors.button_expired'))];
  return offerCode(ctx);
};

/** One person on several apps: link a Zalo account and a Telegram account with a one-time code. */
export const linkingFeature: Feature = {
  name: 'linking',
  commands: { lienket: linkCommand, link: linkCommand },
  actions: { link: linkAction },
  flows: { [LINK]: linkFlow },
  // Only for people with something to carry over (a consented profile or a role).
  menu: (ctx) => (ctx.who.privacyConsentAt || ctx.who.role !== 'guest' ? [{ label: ctx.t('link.menu'), action: 'link' }] : []),
};
