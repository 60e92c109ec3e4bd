import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { citationParts, isCurrent, TOPICS, type Article, type Topic } from '../../services/knowledge/article.js';
import { knowledgeIndex } from '../../services/knowledge/knowledge-index.js';
import { findAnswer } from '../../services/knowledge/find-answer.js';
import { findLawCommand, type LawLookup } from '../../services/knowledge/law-reference.js';
import { articleNumber, hasEnded, lawArticle, loadDocumentStatuses, loadLawTexts, type LawArticle, type LawText } from '../../services/knowledge/law-texts.js';
import { isStaff } from '../../services/access/jurisdiction.js';

/** The flow a chat is in after a question: its data keeps the question for "ask an officer". */
export const QA = 'qa';
const MAX_LABEL = 60;

const short = (s: string) => ([...s].length > MAX_LABEL ? `${[...s].slice(0, MAX_LABEL - 1).join('')}…` : s);
const title = (ctx: HandlerContext, a: Article) => a.title[ctx.locale];
const articleButton = (ctx: HandlerContext, a: Article): Button => ({ label: `📘 ${short(title(ctx, a))}`, action: `pol:a:${a.id}` });
const askButton = (ctx: HandlerContext): Button => ({ label: ctx.t('policy.ask_officer'), action: 'ask' });
const browseButton = (ctx: HandlerContext): Button => ({ label: ctx.t('policy.browse'), action: 'pol:topics' });
/** "2026-12-04" → "04/12/2026". */
const shownDay = (iso: string) => iso.split('-').reverse().join('/');
/** At most this many law articles are shown for one answer's "📜 Xem nguyên văn". */
const MAX_LAW_ARTICLES = 3;

/**
 * An article as the user reads it: title, the answer, the legal basis with its verbatim quotes, who
 * to contact, and for a secondary source a line saying so. Officers also see when it was last
 * reviewed and what kind of source it rests on.
 */
function answerMessage(ctx: HandlerContext, a: Article, related: Article[]): OutboundMessage {
  const parts = citationParts(a, (date) => ctx.t('policy.dated', { date }));
  const citation = parts.map((p, i) => `• ${p}: «${a.legal_basis[i]!.quote}»`).join('\n');
  const lines = [
    `📘 ${title(ctx, a)}`,
    '',
    a.answer[ctx.locale].trim(),
    '',
    ctx.t('policy.citation', { citation }),
    ctx.t('policy.contact', { contact: a.contact[ctx.locale].replace(/[.\s]+$/, '') }),
  ];
  if (a.source === 'secondary') lines.push(ctx.t('policy.secondary_note'));
  if (isStaff(ctx.who.role)) {
    const sources = a.legal_basis.map((b) => `knowledge/law/${b.law}.md (${b.article})`).join('; ');
    lines.push('', ctx.t('policy.reviewed', { date: shownDay(a.last_reviewed), sources: `${ctx.t(`policy.source_${a.source}`)}: ${sources}` }));
  }
  return {
    text: lines.join('\n'),
    buttons: [
      [{ label: ctx.t('policy.show_law'), action: `pol:x:${a.id}` }],
      ...related.slice(0, 2).map((r) => [articleButton(ctx, r)]),
      [
        { label: ctx.t('policy.helpful'), action: `pol:up:${a.id}` },
        { label: ctx.t('policy.not_right'), action: `pol:down:${a.id}` },
      ],
      [askButton(ctx)],
    ],
  };
}

/** A rule that no longer applies, asked about as such: the answer under a banner saying so. */
function historyMessage(ctx: HandlerContext, a: Article): OutboundMessage {
  const message = answerMessage(ctx, a, []);
  return { ...message, text: `${ctx.t('policy.history', { date: shownDay(a.effective_until ?? '') })}\n\n${message.text}` };
}

/** The day a document stopped applying, if it has (knowledge/law/documents.yaml). */
function endedOn(text: LawText, now: Date): string | undefined {
  const status = loadDocumentStatuses().find((s) => s.text === text.id);
  return status?.until && hasEnded(status, now.toISOString().slice(0, 10)) ? shownDay(status.until) : undefined;
}

/** One article of a shipped legal text, headed by its document, effective date and source. */
function lawText(ctx: HandlerContext, text: LawText, article: LawArticle): string {
  const head = [
    article.title
      ? ctx.t('policy.law_heading', { document: text.title, number: article.number, title: article.title })
      : ctx.t('policy.law_heading_excerpt', { document: text.title, number: article.number }),
  ];
  if (text.effective) head.push(ctx.t('policy.law_effective', { date: text.effective }));
  const ended = endedOn(text, ctx.now);
  if (ended) head.push(ctx.t('policy.law_ended', { date: ended }));
  head.push(ctx.t(text.source === 'primary' ? 'policy.law_source_primary' : 'policy.law_source_secondary'));
  return `${head.join('\n')}\n\n${article.text}`;
}

/** What a question or `/dieuluat` that names an article gets: the article, or why not. */
function lawLookupMessages(ctx: HandlerContext, found: LawLookup, q: string): OutboundMessage[] {
  ctx.goTo(QA, 'law', { q });
  const buttons = [[askButton(ctx)], [browseButton(ctx)]];
  if (found.kind === 'found') {
    ctx.log.info({ law: found.text.id, article: found.number }, 'law article shown');
    return [{ text: lawText(ctx, found.text, found.article), buttons }];
  }
  if (found.kind === 'no_article') return [{ text: ctx.t('policy.law_no_article', { document: found.text.title, number: found.number }), buttons }];
  return [{ text: ctx.t('policy.law_no_text', { document: found.document, number: found.number }), buttons }];
}

/** "📜 Xem nguyên văn": the articles of law an answer cites, each as its own message. */
function showCitedLaw(ctx: HandlerContext, id: string): OutboundMessage[] {
  const a = knowledgeIndex(ctx.now).all.get(id);
  if (!a) return [ctx.mainMenu(ctx.t('errors.button_expired'))];
  const texts = loadLawTexts();
  const seen = new Set<string>();
  const cited: { text: LawText; article: LawArticle }[] = [];
  for (const b of a.legal_basis) {
    const text = texts.get(b.law);
    const n = articleNumber(b.article);
    const article = text && n ? lawArticle(text, n) : undefined;
    if (!text || !article || seen.has(`${b.law}:${n}`)) continue;
    seen.add(`${b.law}:${n}`);
    cited.push({ text, article });
  }
  const shown = cited.slice(0, MAX_LAW_ARTICLES);
  const messages: OutboundMessage[] = shown.map(({ text, article }) => ({ text: lawText(ctx, text, article) }));
  if (cited.length > shown.length) messages.push({ text: ctx.t('policy.law_more', { count: cited.length, shown: shown.length }) });
  const last = messages.at(-1);
  if (last) last.buttons = [[articleButton(ctx, a)], [askButton(ctx)]];
  return messages.length ? messages : [ctx.mainMenu(ctx.t('errors.button_expired'))];
}

/** Any free text outside a form: a question, answered from the knowledge base or handed to an officer. */
const question: Handler = async (ctx) => {
  const q = ctx.text;
  // Only emoji or punctuation: nothing to search for.
  if (!/[\p{L}\p{N}]/u.test(q)) return [ctx.mainMenu(ctx.t('errors.not_understood'))];
  const found = findAnswer(q, ctx.now);
  // "điều 74 luật htx", "Điều 26 Nghị định 45/2021": the article itself.
  if (found.kind === 'reference') return lawLookupMessages(ctx, found.lookup, q);
  // Clearly not about cooperatives, or farming technique: a short reply with the menu, never an
  // officer (no "Hỏi cán bộ", nothing kept for the knowledge base's gaps).
  if (found.kind === 'off_topic' || found.kind === 'farming') {
    ctx.endFlow();
    ctx.log.info(
      found.kind === 'off_topic' ? { category: found.category } : {},
      `question ${found.kind === 'off_topic' ? 'off topic' : 'on farming technique'}`,
    );
    return [ctx.mainMenu(ctx.t(found.kind === 'off_topic' ? 'policy.off_topic' : 'policy.farming'))];
  }
  if (found.kind === 'history') {
    ctx.goTo(QA, 'answered', { q, articleId: found.article.id });
    ctx.log.info({ articleId: found.article.id }, 'question answered with a rule of the past');
    return [historyMessage(ctx, found.article)];
  }
  if (found.kind === 'answer') {
    ctx.goTo(QA, 'answered', { q, articleId: found.article.id });
    ctx.log.info({ articleId: found.article.id, score: Number(found.score.toFixed(3)) }, 'question answered');
    return [answerMessage(ctx, found.article, found.related)];
  }
  // Not answered outright: kept (30 days on the dashboard) so the knowledge base grows from real questions.
  const nearest = found.kind === 'suggest' ? found.candidates[0] : knowledgeIndex(ctx.now).index.rank(q, 1)[0]?.article;
  await ctx.services.recordUnansweredQuestion({
    text: q,
    outcome: found.kind === 'law' ? 'law' : found.kind === 'suggest' ? 'suggest' : 'none',
    topic: nearest?.topic ?? null,
    closestArticleId: nearest?.id ?? null,
    personId: ctx.who.personId,
    now: ctx.now,
    logger: ctx.log,
  });
  if (found.kind === 'suggest') {
    ctx.goTo(QA, 'suggested', { q, articleId: found.candidates[0]?.id });
    ctx.log.info({ candidates: found.candidates.map((c) => c.id) }, 'question: did you mean');
    return [{ text: ctx.t('policy.did_you_mean'), buttons: [...found.candidates.slice(0, 3).map((a) => [articleButton(ctx, a)]), [askButton(ctx)]] }];
  }
  // No curated answer: an article of the law that clearly answers, labelled as the law's text.
  if (found.kind === 'law') {
    const law = found.hit;
    ctx.goTo(QA, 'law', { q });
    ctx.log.info({ law: law.text.id, article: law.article.number, coverage: Number(law.coverage.toFixed(3)) }, 'question answered with the law text');
    return [{ text: `${ctx.t('policy.law_fallback')}\n\n${lawText(ctx, law.text, law.article)}`, buttons: [[askButton(ctx)], [browseButton(ctx)]] }];
  }
  ctx.goTo(QA, 'unanswered', { q });
  ctx.log.info('question without a confident answer');
  return [{ text: ctx.t('policy.not_sure'), buttons: [[askButton(ctx)], [browseButton(ctx)]] }];
};

/** `/dieuluat 74`, `/dieuluat 45/2021 26`: an article of a shipped legal text. */
const lawCommand: Handler = async (ctx) => {
  const found = findLawCommand(ctx.args, loadLawTexts());
  if (!found) return [{ text: ctx.t('policy.law_usage'), buttons: [[browseButton(ctx)]] }];
  return lawLookupMessages(ctx, found, `/dieuluat ${ctx.args.join(' ')}`);
};

function topicMenu(ctx: HandlerContext): OutboundMessage[] {
  return [
    {
      text: ctx.t('policy.choose_topic'),
      buttons: [
        ...TOPICS.map((topic) => [{ label: ctx.t(`policy.topics.${topic}`), action: `pol:t:${topic}` }]),
        [{ label: ctx.t('menu.back'), action: 'menu:main' }],
      ],
    },
  ];
}

function topicArticles(ctx: HandlerContext, topic: Topic): OutboundMessage[] {
  const { all } = knowledgeIndex(ctx.now);
  const articles = [...all.values()].filter((a) => a.topic === topic && isCurrent(a, ctx.now));
  return [
    {
      text: ctx.t('policy.topic_articles', { topic: ctx.t(`policy.topics.${topic}`) }),
      buttons: [...articles.map((a) => [articleButton(ctx, a)]), [{ label: ctx.t('policy.all_topics'), action: 'pol:topics' }]],
    },
  ];
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

/** Buttons: `pol:topics`, `pol:t:<topic>`, `pol:a:<article>`, `pol:x:<article>` (its law text), `pol:up:<article>`, `pol:down:<article>`. */
const policyAction: Handler = async (ctx) => {
  const [what, arg = ''] = ctx.args;
  switch (what) {
    case 't':
      if ((TOPICS as readonly string[]).includes(arg)) return topicArticles(ctx, arg as Topic);
      return topicMenu(ctx);
    case 'a':
      return showArticle(ctx, arg);
    case 'x':
      return showCitedLaw(ctx, arg);
    case 'up':
    case 'down': {
      if (!knowledgeIndex(ctx.now).all.has(arg)) return [ctx.mainMenu(ctx.t('errors.button_expired'))];
      const q = ctx.conversation.flow === QA && typeof ctx.conversation.data.q === 'string' ? ctx.conversation.data.q : undefined;
      await ctx.services.recordFeedback({ articleId: arg, personId: ctx.who.personId, helpful: what === 'up', question: q });
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
 * diacritics); a confident match is answered with its legal basis and verbatim quotes ("📜 Xem
 * nguyên văn" shows the cited articles), a close call offers up to three articles, a question that
 * names an article ("điều 74 luật htx", `/dieuluat 45/2021 26`) gets that article, a question only
 * the law's text answers gets that text labelled as such, a question clearly off topic is declined
 * and one on farming technique pointed to the extension service (neither offered to an officer),
 * and anything else is offered to an officer. `/chinhsach` browses by topic (and back to the menu).
 */
export const policyFeature: Feature = {
  name: 'policy',
  commands: { chinhsach: browse, policy: browse, dieuluat: lawCommand },
  actions: { pol: policyAction },
  flows: { [QA]: question },
  fallback: question,
  phrases: { 'xin chao': hello, chao: hello, 'chao ban': hello, hello, hi: hello, 'cam on': thanks, 'cam on ban': thanks, thanks, 'thank you': thanks },
  menu: (ctx) => [{ label: ctx.t('policy.menu'), action: 'pol:topics' }],
};
