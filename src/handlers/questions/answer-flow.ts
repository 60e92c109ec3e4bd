import type { OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { coversArea, isStaff } from '../../services/access/jurisdiction.js';
import { charCount, parseId, questionOrigin, timeAgo } from './question-text.js';
import { keepAsDraft } from './keep-as-draft.js';
import { answerAndRelay } from './relay-answer.js';

export const ANS = 'ans';
export const ANSWER_MIN = 2;
export const ANSWER_MAX = 2000;

const back = (ctx: HandlerContext) => [{ label: ctx.t('menu.back'), action: 'menu:main' }];
const withBack = (ctx: HandlerContext, text: string): OutboundMessage[] => [{ text, buttons: [back(ctx)] }];
const onlyOfficers = (ctx: HandlerContext) => [ctx.mainMenu(ctx.t('handoff.only_officers'))];
const draftButton = (ctx: HandlerContext, id: number) => [{ label: ctx.t('handoff.kb_button'), action: `kbdraft:${id}` }];

/** Leaves the answer step if it is the active one (another flow, e.g. Q&A, is left alone). */
function leaveAnswerFlow(ctx: HandlerContext): void {
  if (ctx.conversation.flow === ANS) ctx.endFlow();
}

/** Loads a question the officer may act on, or the reply that says why not. */
async function questionFor(ctx: HandlerContext, id: number) {
  const q = await ctx.services.findQuestion(id);
  if (!q) return { refusal: withBack(ctx, ctx.t('handoff.not_found', { id })) };
  if (ctx.who.role !== 'admin' && !coversArea(ctx.who, q)) return { refusal: withBack(ctx, ctx.t('handoff.not_yours', { id })) };
  return { q };
}

/** Shows a question in full and waits for the officer's answer. */
async function openQuestion(ctx: HandlerContext, id: number | null): Promise<OutboundMessage[]> {
  if (id === null) {
    leaveAnswerFlow(ctx);
    return [ctx.mainMenu(ctx.t('errors.button_expired'))];
  }
  const { q, refusal } = await questionFor(ctx, id);
  if (!q) {
    leaveAnswerFlow(ctx);
    return refusal;
  }
  if (q.status !== 'open') {
    leaveAnswerFlow(ctx);
    const mine = q.answeredById === ctx.who.personId;
    return [
      {
        text: mine ? ctx.t('handoff.answered_by_you', { id, answer: q.answerText ?? '' }) : ctx.t('handoff.already_answered', { id }),
        buttons: mine ? [draftButton(ctx, id), back(ctx)] : [back(ctx)],
      },
    ];
  }
  ctx.goTo(ANS, 'text', { id });
  return [
    {
      text: ctx.t('handoff.show', { id, ago: timeAgo(ctx.t, q.createdAt, ctx.now), from: questionOrigin(ctx.t, q), q: q.text, max: ANSWER_MAX }),
      input: 'text',
      buttons: [[{ label: ctx.t('common.cancel'), action: 'ans:cancel' }]],
    },
  ];
}

/**
 * Records the answer and relays it to the asker (relay-answer.ts, shared with the web dashboard),
 * then tells the officer whether it arrived.
 */
async function submitAnswer(ctx: HandlerContext, id: number, text: string): Promise<OutboundMessage[]> {
  const result = await answerAndRelay(ctx, { questionId: id, answerer: ctx.who, text, now: ctx.now });
  ctx.endFlow();
  if (!result.ok) return [ctx.mainMenu(ctx.t(`handoff.${result.reason}`, { id }))];
  return [{ text: ctx.t(result.delivered ? 'handoff.answer_sent' : 'handoff.answer_stored', { id }), buttons: [draftButton(ctx, id), back(ctx)] }];
}

/** `ans:<id>` (the button on a new-question notice or in /cauhoi): officers and admins only. */
export const answerAction: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return onlyOfficers(ctx);
  return openQuestion(ctx, parseId(ctx.args[0]));
};

/** The answer step: the next text is the answer; another question's button switches to it. */
export const answerFlow: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) {
    ctx.endFlow();
    return onlyOfficers(ctx);
  }
  if (ctx.action) {
    if (ctx.args[0] === 'cancel') {
      ctx.endFlow();
      return [ctx.mainMenu(ctx.t('handoff.answer_cancelled'))];
    }
    return openQuestion(ctx, parseId(ctx.args[0]));
  }
  const id = parseId(String(ctx.conversation.data.id ?? ''));
  const text = ctx.text.trim();
  if (id === null || !text) return openQuestion(ctx, id);
  if (charCount(text) < ANSWER_MIN || charCount(text) > ANSWER_MAX) {
    return [
      {
        text: ctx.t('handoff.answer_bad_length', { min: ANSWER_MIN, max: ANSWER_MAX }),
        input: 'text',
        buttons: [[{ label: ctx.t('common.cancel'), action: 'ans:cancel' }]],
      },
    ];
  }
  return submitAnswer(ctx, id, text);
};

/** `kbdraft:<id>`: the answered question becomes a draft article for review (once per question). */
export const draftAction: Handler = async (ctx) => {
  if (!isStaff(ctx.who.role)) return onlyOfficers(ctx);
  const id = parseId(ctx.args[0]);
  if (id === null) return [ctx.mainMenu(ctx.t('errors.button_expired'))];
  const { q, refusal } = await questionFor(ctx, id);
  if (!q) return refusal;
  const result = await keepAsDraft(ctx.services, { questionId: id, personId: ctx.who.personId, now: ctx.now });
  if (result === 'not_found') return withBack(ctx, ctx.t('handoff.not_found', { id }));
  if (result === 'not_answered') return withBack(ctx, ctx.t('handoff.kb_not_answered', { id }));
  return withBack(ctx, ctx.t(result.created ? 'handoff.kb_saved' : 'handoff.kb_exists', { id: result.draft.id }));
};
