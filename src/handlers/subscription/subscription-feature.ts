import type { Feature, Handler } from '../../router/context.js';

/** `/tatthongbao`, "dừng thông báo": no more announcements (trainings, trade fairs). */
const optOut: Handler = async (ctx) => {
  const changed = await ctx.services.setAnnouncementsOff(ctx.who.personId, true, ctx.now);
  return [ctx.mainMenu(ctx.t(changed ? 'subscription.opted_out' : 'subscription.already_off'))];
};

/** `/batthongbao`, "bật thông báo": announcements again. */
const optIn: Handler = async (ctx) => {
  const changed = await ctx.services.setAnnouncementsOff(ctx.who.personId, false, ctx.now);
  return [ctx.mainMenu(ctx.t(changed ? 'subscription.opted_in' : 'subscription.already_on'))];
};

/**
 * A bare "dừng" / "stop": during a flow it means "stop what I am doing" (as /huy does, keeping a
 * report's draft), with a hint about /tatthongbao; outside any flow "STOP" and "dừng" turn
 * announcements off. Without diacritics "dung" may also be "đúng" (right), so it asks first.
 */
/**
 * After a policy answer or its suggestions the chat keeps the question (flow `qa`) for follow-ups,
 * but the user is doing nothing there: a bare "dừng" / "dung" is as in an idle chat.
 */
const AFTER_AN_ANSWER = new Set(['answered', 'suggested', 'law', 'unanswered']);

const stopWord: Handler = async (ctx) => {
  const { flow, step } = ctx.conversation;
  if (!flow || (flow === 'qa' && AFTER_AN_ANSWER.has(step ?? ''))) {
    if (flow) ctx.endFlow();
    const typed = ctx.text.toLowerCase().replace(/[.!]+$/, '');
    if (typed === 'stop' || typed === 'dừng') return optOut(ctx);
    return [
      {
        text: ctx.t('subscription.confirm'),
        buttons: [
          [
            { label: ctx.t('subscription.confirm_yes'), action: 'sub:off' },
            { label: ctx.t('subscription.confirm_no'), action: 'menu:main' },
          ],
        ],
      },
    ];
  }
  ctx.endFlow();
  const done = ctx.t([`cancel.done_${flow}`, 'cancel.done']);
  return [ctx.mainMenu(`${done}\n${ctx.t('subscription.stop_hint')}`)];
};

/** Opting out of (and back into) announcements: STOP must always work, on every channel. */
export const subscriptionFeature: Feature = {
  name: 'subscription',
  commands: { tatthongbao: optOut, stop: optOut, batthongbao: optIn },
  actions: { sub: async (ctx) => (ctx.args[0] === 'off' ? optOut(ctx) : ctx.args[0] === 'on' ? optIn(ctx) : [ctx.mainMenu()]) },
  phrases: {
    dung: stopWord,
    stop: stopWord,
    'dung gui': optOut,
    'dung thong bao': optOut,
    'huy dang ky': optOut,
    'tat thong bao': optOut,
    'bat thong bao': optIn,
  },
};
