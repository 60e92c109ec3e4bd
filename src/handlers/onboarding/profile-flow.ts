import type { OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { parseVietnamesePhone } from '../../lib/phone.js';

export const PROFILE = 'profile';

/** Step 1: the privacy notice; nothing personal is stored before the person agrees. */
export function askConsent(ctx: HandlerContext, intro?: string): OutboundMessage[] {
  ctx.goTo(PROFILE, 'consent', {});
  return [
    {
      text: [intro, ctx.t('profile.privacy_notice')].filter(Boolean).join('\n\n'),
      buttons: [
        [
          { label: ctx.t('profile.agree'), action: 'profile:consent:yes' },
          { label: ctx.t('profile.disagree'), action: 'profile:consent:no' },
        ],
      ],
    },
  ];
}

function askName(ctx: HandlerContext, problem?: string): OutboundMessage[] {
  ctx.goTo(PROFILE, 'name', {});
  const text = problem ? `${problem}\n${ctx.t('profile.ask_name')}` : ctx.t('profile.ask_name');
  const keep = ctx.who.name ? [{ label: ctx.t('profile.keep_name', { name: ctx.who.name }), action: 'profile:name:keep' }] : [];
  return [{ text, input: 'text', buttons: [[...keep, { label: ctx.t('common.cancel'), action: 'profile:cancel' }]] }];
}

function askPhone(ctx: HandlerContext, problem?: string): OutboundMessage[] {
  ctx.goTo(PROFILE, 'phone', {});
  const text = problem ? `${problem}\n${ctx.t('profile.ask_phone')}` : ctx.t('profile.ask_phone');
  return [
    {
      text,
      input: 'text',
      requestContact: { label: ctx.t('profile.share_phone') },
      buttons: [[{ label: ctx.t('profile.skip'), action: 'profile:phone:skip' }]],
    },
  ];
}

async function finish(ctx: HandlerContext): Promise<OutboundMessage[]> {
  ctx.endFlow();
  await ctx.refreshIdentity();
  return [ctx.mainMenu(ctx.t('profile.done', { name: ctx.who.name ?? '' }))];
}

/** Starts (or restarts) the profile: consent first unless already given. */
export const startProfile: Handler = async (ctx) => (ctx.who.privacyConsentAt ? askName(ctx) : askConsent(ctx));

/** The profile flow: consent → name → phone (a shared contact or typed; optional). */
export const profileFlow: Handler = async (ctx) => {
  const [step, arg] = ctx.args;
  if (ctx.action && step === 'cancel') {
    ctx.endFlow();
    return [ctx.mainMenu(ctx.t('cancel.done'))];
  }
  switch (ctx.conversation.step) {
    case 'consent': {
      if (step !== 'consent') return askConsent(ctx, ctx.t('profile.choose_consent'));
      if (arg === 'no') {
        ctx.endFlow();
        return [ctx.mainMenu(ctx.t('profile.declined'))];
      }
      await ctx.services.updatePerson(ctx.who.personId, { privacyConsentAt: ctx.now });
      await ctx.refreshIdentity();
      return askName(ctx, ctx.t('profile.thanks_consent'));
    }
    case 'name': {
      if (step === 'name' && arg === 'keep') return askPhone(ctx);
      const name = ctx.text.replace(/\s+/g, ' ');
      if (ctx.action || !name) return askName(ctx);
      if ([...name].length < 2 || [...name].length > 80 || !/\p{L}/u.test(name) || /[\d@#/\\<>]/.test(name)) {
        return askName(ctx, ctx.t('profile.bad_name'));
      }
      await ctx.services.updatePerson(ctx.who.personId, { name });
      await ctx.refreshIdentity();
      return askPhone(ctx);
    }
    case 'phone': {
      if (step === 'phone' && arg === 'skip') return finish(ctx);
      const raw = ctx.msg.contact?.phone ?? ctx.text;
      if (ctx.msg.contact?.userId && ctx.msg.contact.userId !== ctx.msg.userId) {
        return askPhone(ctx, ctx.t('profile.contact_not_yours'));
      }
      const phone = parseVietnamesePhone(raw);
      if (!phone) return askPhone(ctx, ctx.t('profile.bad_phone'));
      await ctx.services.updatePerson(ctx.who.personId, { phone });
      return finish(ctx);
    }
    default:
      return startProfile(ctx);
  }
};
