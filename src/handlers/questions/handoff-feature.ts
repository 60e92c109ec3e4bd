import { chunk } from '../../lib/chunk.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { ANS, answerAction, answerFlow, draftAction } from './answer-flow.js';
import { ASK, askAction, askFlow } from './ask-flow.js';
import { excerpt, questionOrigin, timeAgo } from './question-text.js';

/** Open questions shown to an officer at once (oldest first; answering some shows the next). */
export const OPEN_LIST_MAX = 8;
/** An asker's own questions shown by /cauhoi (newest first). */
export const MY_LIST_MAX = 5;

const back = (ctx: HandlerContext) => [{ label: ctx.t('menu.back'), action: 'menu:main' }];

/** Officers and admins: the open questions of their area, one answer button each. */
async function openQuestions(ctx: HandlerContext) {
  const { questions, total } = await ctx.services.listOpenQuestions(ctx.who, OPEN_LIST_MAX);
  if (!total) return [{ text: ctx.t('handoff.open_none'), buttons: [back(ctx)] }];
  const lines = questions.map((q) =>
    ctx.t('handoff.open_line', { id: q.id, ago: timeAgo(ctx.t, q.createdAt, ctx.now), from: questionOrigin(ctx.t, q), q: excerpt(q.text, 80) }),
  );
  const more = total > questions.length ? [ctx.t('handoff.open_more', { count: total - questions.length })] : [];
  const buttons = questions.map((q) => ({ label: ctx.t('handoff.answer_label', { id: q.id }), action: `ans:${q.id}` }));
  return [{ text: [ctx.t('handoff.open_title', { total }), '', ...lines, ...more].join('\n'), buttons: [...chunk(buttons, 2), back(ctx)] }];
}

/** Everyone else: their own questions, with the answers (so an undelivered answer is never lost). */
async function myQuestions(ctx: HandlerContext) {
  const mine = await ctx.services.listMyQuestions(ctx.who.personId, MY_LIST_MAX);
  const buttons = [[{ label: ctx.t('handoff.ask_button'), action: ASK }], back(ctx)];
  if (!mine.length) return [{ text: ctx.t('handoff.mine_none'), buttons }];
  const blocks = mine.map((q) => {
    const ago = timeAgo(ctx.t, q.createdAt, ctx.now);
    return q.status === 'answered'
      ? ctx.t('handoff.mine_answered', { id: q.id, ago, q: q.text, answer: q.answerText ?? '' })
      : ctx.t('handoff.mine_open', { id: q.id, ago, q: q.text });
  });
  return [{ text: [ctx.t('handoff.mine_title'), ...blocks].join('\n\n'), buttons }];
}

/** `/cauhoi` and the officers' menu button. */
const listQuestions: Handler = async (ctx) => {
  if (ctx.conversation.flow === ASK || ctx.conversation.flow === ANS) ctx.endFlow();
  return isStaff(ctx.who.role) ? openQuestions(ctx) : myQuestions(ctx);
};

/**
 * Officer handoff: anyone sends a question to the officers responsible for their area; an officer
 * answers it in the bot, the answer is relayed to the asker, and may become a draft article.
 */
export const handoffFeature: Feature = {
  name: 'handoff',
  commands: { cauhoi: listQuestions },
  actions: { [ASK]: askAction, [ANS]: answerAction, kbdraft: draftAction, questions: listQuestions },
  flows: { [ASK]: askFlow, [ANS]: answerFlow },
  menu: (ctx) => (isStaff(ctx.who.role) ? [{ label: ctx.t('handoff.menu_officer'), action: 'questions' }] : []),
};
