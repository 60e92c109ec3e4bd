import type { OutboundMessage } from '../../lib/messages.js';
import type { Handler, HandlerContext } from '../../router/context.js';
import { questionScope } from '../../services/knowledge/question-scope.js';
import { charCount, questionOrigin } from './question-text.js';

export const ASK = 'ask';
/** The policy Q&A flow: its data holds the last question (`q`) and the article it matched. */
const QA = 'qa';
export const QUESTION_MIN = 2;
export const QUESTION_MAX = 1000;

const validQuestion = (q: unknown): q is string => typeof q === 'string' && charCount(q.trim()) >= QUESTION_MIN && charCount(q.trim()) <= QUESTION_MAX;
const articleOf = (data: Record<string, unknown>) => (typeof data.articleId === 'string' && data.articleId ? data.articleId : undefined);

/** Asks the person to type their question (after an optional problem with the last one). */
function askText(ctx: HandlerContext, problem?: string): OutboundMessage[] {
  ctx.goTo(ASK, 'text', {});
  const ask = ctx.t('handoff.ask_type', { max: QUESTION_MAX });
  return [{ text: problem ? `${problem}\n\n${ask}` : ask, input: 'text', buttons: [[{ label: ctx.t('common.cancel'), action: 'ask:cancel' }]] }];
}

function confirm(ctx: HandlerContext, q: string, articleId?: string): OutboundMessage[] {
  ctx.goTo(ASK, 'confirm', { q, ...(articleId ? { articleId } : {}) });
  return [
    {
      text: ctx.t('handoff.confirm', { q }),
      buttons: [
        [{ label: ctx.t('handoff.send'), action: 'ask:send' }],
        [
          { label: ctx.t('handoff.edit'), action: 'ask:edit' },
          { label: ctx.t('common.cancel'), action: 'ask:cancel' },
        ],
      ],
    },
  ];
}

/**
 * Stores the question and tells the officers responsible for the asker's area, each in their own
 * language. Nobody to tell (or nobody reachable) loses nothing: the question waits, open.
 */
async function send(ctx: HandlerContext, q: string, articleId?: string): Promise<OutboundMessage[]> {
  const question = await ctx.services.createQuestion({ askerId: ctx.who.personId, text: q, articleId, now: ctx.now });
  const officers = await ctx.services.findResponsibleOfficers(question, ctx.who.personId);
  const cooperativeName = question.cooperativeId !== null && question.cooperativeId === ctx.who.cooperativeId ? ctx.who.cooperativeName : null;
  const delivered = await Promise.all(
    officers.map((o) => {
      const t = ctx.translatorFor(o.locale);
      return ctx.notify(o.personId, {
        text: t('handoff.new_question', { id: question.id, from: questionOrigin(t, { ...question, cooperativeName }), q }),
        buttons: [[{ label: t('handoff.answer_button'), action: `ans:${question.id}` }]],
        locale: o.locale,
      });
    }),
  );
  const notified = delivered.filter(Boolean).length;
  await ctx.services.writeAudit({
    actorId: ctx.who.personId,
    action: 'question.asked',
    subject: `question:${question.id}`,
    details: { officers: officers.length, notified },
  });
  ctx.log.info({ questionId: question.id, officers: officers.length, notified }, 'question for officers stored');
  ctx.endFlow();
  return [ctx.mainMenu(ctx.t(notified ? 'handoff.sent' : 'handoff.sent_waiting', { id: question.id }))];
}

/**
 * The "🙋 Hỏi cán bộ" button: right after the bot answered (or could not answer) a question, offers
 * to send that question; otherwise asks for one. Anyone may ask, guests included.
 */
export const askAction: Handler = async (ctx) => {
  // send/edit/cancel of a confirmation that is no longer open.
  if (ctx.args.length) return [ctx.mainMenu(ctx.t('errors.button_expired'))];
  const { flow, data } = ctx.conversation;
  if (flow === QA && validQuestion(data.q)) return confirm(ctx, data.q.trim(), articleOf(data));
  return askText(ctx);
};

/** Steps `text` (type the question) and `confirm` (send, retype, cancel). */
export const askFlow: Handler = async (ctx) => {
  const { step, data } = ctx.conversation;
  if (ctx.action) {
    const [what] = ctx.args;
    if (what === 'cancel') {
      ctx.endFlow();
      return [ctx.mainMenu(ctx.t('handoff.cancelled'))];
    }
    if (what === 'send' && step === 'confirm' && validQuestion(data.q)) return send(ctx, data.q, articleOf(data));
    if (what !== 'edit' && step === 'confirm' && validQuestion(data.q)) return confirm(ctx, data.q, articleOf(data));
    return askText(ctx);
  }
  // Typed text is the question (at the confirmation too: it replaces the one shown).
  const text = ctx.text.trim();
  if (!text) return askText(ctx);
  if (!validQuestion(text)) return askText(ctx, ctx.t('handoff.ask_bad_length', { min: QUESTION_MIN, max: QUESTION_MAX }));
  // Clearly off topic (weather, lottery, gold prices…) or farming technique: not for the officers' queue.
  const scope = questionScope(text);
  if (scope) {
    ctx.endFlow();
    ctx.log.info({ scope: scope.kind }, 'question for officers declined as out of scope');
    return [ctx.mainMenu(ctx.t(scope.kind === 'off_topic' ? 'policy.off_topic' : 'policy.farming'))];
  }
  return confirm(ctx, text);
};
