import type { Button, OutboundMessage } from '../../core/messages.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { citationParts, isCurrent, TOPICS, type Article, type Topic } from '../../services/knowledge/article.js';
import { knowledgeIndex } from '../../services/knowledge/knowledge-index.js';
import { recordFeedback } from '../../services/knowledge/record-feedback.js';

/** The flow a chat is in after a question: its data keeps the question for "ask an officer". */
export const QA = 'qa';
const MAX_LABEL = 60;

const short = (s: string) => ([...s].length > MAX_LABEL ? `${[...s].slice(0, MAX_LABEL - 1).join('')}…` : s);
const title = (ctx: HandlerContext, a: Article) => a.title[ctx.locale];
const articleButton = (ctx: HandlerContext, a: Article): Button => ({ label: `📘 ${short(title(ctx, a))}`, action: `pol:a:${a.id}` });
const askButton = (ctx: HandlerContext): Button => ({ label: ctx.t('policy.ask_officer'), action: 'ask' });

/** An article as the user reads it: title, the answer, and the legal basis it rests on. */
function answerMessage(ctx: HandlerContext, a: Article, related: Article[]): OutboundMessage {
  const citation = citationParts(a, (date) => ctx.t('policy.dated', { date })).join('; ');
  return {
    text: `📘 ${title(ctx, a)}\n\n${a.answer[ctx.locale].trim()}\n\n${ctx.t('policy.citation', { citation })}`,
    buttons: [
      ...related.slice(0, 2).map((r) => [articleButton(ctx, r)]),
      [
        { label: ctx.t('policy.helpful'), action: `pol:up:${a.id}` },
        { label: ctx.t('policy.not_right'), action: `pol:down:${a.id}` },
      ],
      [askButton(ctx)],
    ],
  };
}

/** Any free text outside a form: a question, answered from the knowledge base or handed to an officer. */
const question: Handler = async (ctx) => {
  const q = ctx.text;
  // Only emoji or punctuation: nothing to search for.
  if (!/[\p{L}\p{N}]/u.test(q)) return [ctx.mainMenu(ctx.t('errors.not_understood'))];
  const { index } = knowledgeIndex(ctx.now);
  const found = index.search(q);
  if (found.kind === 'answer') {
    ctx.goTo(QA, 'answered', { q, articleId: found.article.id });
    ctx.log.info({ articleId: found.article.id, score: Number(found.score.toFixed(3)) }, 'question answered');
    return [answerMessage(ctx, found.article, found.related)];
  }
  if (found.kind === 'suggest') {
    ctx.goTo(QA, 'suggested', { q, articleId: found.candidates[0]?.id });
    ctx.log.info({ candidates: found.candidates.map((c) => c.id) }, 'question: did you mean');
    return [{ text: ctx.t('policy.did_you_mean'), buttons: [...found.candidates.slice(0, 3).map((a) => [articleButton(ctx, a)]), [askButton(ctx)]] }];
  }
  ctx.goTo(QA, 'unanswered', { q });
  ctx.log.info('question without a confident answer');
  return [{ text: ctx.t('policy.not_sure'), buttons: [[askButton(ctx)], [{ label: ctx.t('policy.browse'), action: 'pol:topics' }]] }];
};

function topicMenu(ctx: HandlerContext): OutboundMessage[] {
  return [{
    text: ctx.t('policy.choose_topic'),
    buttons: TOPICS.map((topic) => [{ label: ctx.t(`policy.topics.${topic}`), action: `pol:t:${topic}` }]),
  }];
}

function topicArticles(ctx: HandlerContext, topic: Topic): OutboundMessage[] {
  const { all } = knowledgeIndex(ctx.now);
  const articles = [...all.values()].filter((a) => a.topic === topic && isCurrent(a, ctx.now));
  return [{
    text: ctx.t('policy.topic_articles', { topic: ctx.t(`policy.topics.${topic}`) }),
    buttons: [...articles.map((a) => [articleButton(ctx, a)]), [{ label: ctx.t('policy.all_topics'), action: 'pol:topics' }]],
  }];
}

function showArticle(ctx: HandlerContext, id: string): OutboundMessage[] {
  const { all } = knowledgeIndex(ctx.now);
  const a = all.get(id);
  if (!a || !isCurrent(a, ctx.now)) return [{ text: ctx.t('policy.no_longer_current'), buttons: [[{ label: ctx.t('policy.browse'), action: 'pol:topics' }]] }];
  const related = [...all.values()].filter((r) => r.topic === a.topic && r.id !== a.id && isCurrent(r, ctx.now)).slice(0, 2);
  const q = typeof ctx.conversation.data.q === 'string' ? ctx.conversation.data.q : title(ctx, a);
  ctx.goTo(QA, 'answered', { q, articleId: a.id });
  return [answerMessage(ctx, a, related)];
}

/** Buttons: `pol:topics`, `pol:t:<topic>`, `pol:a:<article>`, `pol:up:<article>`, `pol:down:<article>`. */
const policyAction: Handler = async (ctx) => {
  const [what, arg = ''] = ctx.args;
  switch (what) {
    case 't':
      if ((TOPICS as readonly string[]).includes(arg)) return topicArticles(ctx, arg as Topic);
      return topicMenu(ctx);
    case 'a':
      return showArticle(ctx, arg);
    case 'up':
    case 'down': {
      if (!knowledgeIndex(ctx.now).all.has(arg)) return [ctx.mainMenu(ctx.t('errors.button_expired'))];
      const q = ctx.conversation.flow === QA && typeof ctx.conversation.data.q === 'string' ? ctx.conversation.data.q : undefined;
      await recordFeedback(ctx.db, { articleId: arg, personId: ctx.who.personId, helpful: what === 'up', question: q });
      if (what === 'up') return [ctx.mainMenu(ctx.t('policy.thanks_helpful'))];
      return [{ text: ctx.t('policy.thanks_not_right'), buttons: [[askButton(ctx)], [{ label: ctx.t('menu.back'), action: 'menu:main' }]] }];
    }
    default:
      return topicMenu(ctx);
  }
};

const browse: Handler = async (ctx) => topicMenu(ctx);
const hello: Handler = async (ctx) => [ctx.mainMenu(ctx.t('policy.hello'))];
const thanks: Handler = async (ctx) => [{ text: ctx.t('policy.you_are_welcome') }];

/**
 * Policy questions: free text is searched in the knowledge base (Vietnamese with or without
 * diacritics); a confident match is answered with its legal basis, a close call offers up to three
 * articles, and anything else is offered to an officer. `/chinhsach` browses by topic.
 */
export const policyFeature: Feature = {
  name: 'policy',
  commands: { chinhsach: browse, policy: browse },
  actions: { pol: policyAction },
  flows: { [QA]: question },
  fallback: question,
  phrases: { 'xin chao': hello, chao: hello, 'chao ban': hello, hello, hi: hello, 'cam on': thanks, 'cam on ban': thanks, thanks, 'thank you': thanks },
  menu: (ctx) => [{ label: ctx.t('policy.menu'), action: 'pol:topics' }],
};
