/**
 * "What can my cooperative get?" (`/hotro`, the director's menu button, questions such as "htx
 * minh duoc ho tro gi"): the eligibility lines worked out from the cooperative's last submitted
 * annual report and the facts its director gave, per topic — ✅ applies, ❔ might apply (and what
 * must be known), ➖ does not apply and why — each with its legal basis, and buttons that open the
 * articles. Missing facts are asked one at a time (each answer saved on the cooperative, audited),
 * and the answer is shown again with them. Without a submitted report, the bot offers to work from
 * a few questions instead. Members see the answer; the director (or the report delegate) answers.
 */
import type { Locale } from '../../i18n/i18n.js';
import type { Button, OutboundMessage } from '../../lib/messages.js';
import { parseYesNo } from '../../lib/parse-yes-no.js';
import { splitText } from '../../lib/split-text.js';
import type { Feature, Handler, HandlerContext } from '../../router/context.js';
import { isStaff } from '../../services/access/jurisdiction.js';
import { canFileReports } from '../../services/access/report-access.js';
import { askableFact, ASKABLE_FACTS, previousYear, readFactAnswer, type AskableFact } from '../../services/eligibility/askable-facts.js';
import { currentRules } from '../../services/eligibility/current-rules.js';
import { evaluateEligibility, type EligibilityLine } from '../../services/eligibility/evaluate-eligibility.js';
import type { CooperativeFacts } from '../../services/eligibility/facts.js';
import { formatInteger } from '../../lib/format-number.js';
import { knowledgeIndex } from '../../services/knowledge/knowledge-index.js';
import { policyFeature } from '../knowledge/policy-feature.js';
import { ELIGIBILITY_PHRASES, isEligibilityQuestion } from './eligibility-intent.js';
import { lineText, shortMoney } from './render-lines.js';

export const HOTRO = 'hotro';
/** A message longer than this is split (phones; Zalo's own limit is higher). */
const MAX_MESSAGE = 1500;
/** At most this many "open the article" buttons under one answer. */
const MAX_ARTICLE_BUTTONS = 8;
const MAX_LABEL = 44;

const short = (s: string) => ([...s].length > MAX_LABEL ? `${[...s].slice(0, MAX_LABEL - 1).join('')}…` : s);

/** Who may answer the questions (the facts are the cooperative's): its director or report delegate. */
const canAnswer = (ctx: HandlerContext): boolean => ctx.who.cooperativeId !== null && (ctx.who.role === 'director' || canFileReports(ctx.who));

interface Evaluation {
  facts: CooperativeFacts;
  lines: EligibilityLine[];
}

async function evaluate(ctx: HandlerContext, cooperativeId: number): Promise<Evaluation> {
  const facts = await ctx.services.gatherCooperativeFacts(cooperativeId);
  return { facts, lines: evaluateEligibility(currentRules(ctx.now, ctx.log).rules, facts, { now: ctx.now }) };
}

/** The facts to ask, in ASKABLE_FACTS order: those some line waits for, and without a report the figures. */
function questionsFor(e: Evaluation): AskableFact[] {
  const wanted = new Set(e.lines.filter((l) => l.outcome === 'maybe').flatMap((l) => l.missingFacts));
  return ASKABLE_FACTS.filter((f) => e.facts.values[f.id] === undefined && (wanted.has(f.id) || (f.withoutReportOnly && !e.facts.report)));
}

const TOPIC_ORDER = ['tax', 'land', 'credit', 'training', 'trade', 'technology', 'infrastructure', 'members', 'establishment', 'organisation'];
const OUTCOME_ORDER = ['applies', 'maybe', 'unknown', 'not_applicable'];
/** The lines directors ask about most come first in their topic. */
const LEAD_RULES = ['tax-cit-rate-band', 'tax-cit-farm-income'];
const rank = (list: string[], x: string) => (list.includes(x) ? list.indexOf(x) : list.length);

/** Taxes first, then land, credit, the supports, the criteria and duties; in each, what applies first. */
function orderLines(lines: readonly EligibilityLine[]): EligibilityLine[] {
  return lines
    .map((l, i) => ({ l, i }))
    .sort(
      (a, b) =>
        rank(TOPIC_ORDER, a.l.topic) - rank(TOPIC_ORDER, b.l.topic) ||
        rank(OUTCOME_ORDER, a.l.outcome) - rank(OUTCOME_ORDER, b.l.outcome) ||
        rank(LEAD_RULES, a.l.ruleId) - rank(LEAD_RULES, b.l.ruleId) ||
        a.i - b.i,
    )
    .map((x) => x.l);
}

/** The answer: lines per topic, the questions left, one button per article. Split for phones. */
function answerMessages(ctx: HandlerContext, e: Evaluation, head?: string): OutboundMessage[] {
  const locale: Locale = ctx.locale;
  const parts: string[] = [];
  if (head) parts.push(head);
  parts.push(ctx.t('eligibility.title', { name: ctx.who.cooperativeName ?? 'HTX' }));
  parts.push(e.facts.report ? ctx.t('eligibility.from_report', { year: e.facts.report.year }) : ctx.t('eligibility.from_answers'));
  const lines = orderLines(e.lines);
  const topics: string[] = [];
  for (const l of lines) if (!topics.includes(l.topic)) topics.push(l.topic);
  for (const topic of topics) {
    parts.push('', ctx.t('eligibility.topic_title', { topic: ctx.t(`eligibility.topics.${topic}`) }));
    for (const l of lines.filter((x) => x.topic === topic)) parts.push(lineText(ctx.t, locale, l));
  }
  if (lines.some((l) => l.secondary && l.outcome !== 'not_applicable')) parts.push('', ctx.t('eligibility.secondary_note'));
  const left = questionsFor(e).length;
  const buttons: Button[][] = [];
  if (left > 0) {
    parts.push('', ctx.t(canAnswer(ctx) ? 'eligibility.questions_left' : 'eligibility.questions_left_member', { count: left }));
    if (canAnswer(ctx)) buttons.push([{ label: ctx.t('eligibility.answer_questions'), action: `${HOTRO}:ask` }]);
  }
  // One button per article of a line that applies or might: the director reads what it rests on.
  const { all } = knowledgeIndex(ctx.now);
  const seen = new Set<string>();
  for (const l of lines) {
    if (l.outcome === 'not_applicable' || buttons.length >= MAX_ARTICLE_BUTTONS + 1) continue;
    const id = l.articleIds.find((a) => all.has(a) && !seen.has(a));
    if (!id) continue;
    seen.add(id);
    buttons.push([{ label: ctx.t('eligibility.open_article', { n: seen.size, title: short(all.get(id)!.title[locale]) }), action: `pol:a:${id}` }]);
  }
  if (seen.size) parts.push('', ctx.t('eligibility.articles_hint'));
  buttons.push([{ label: ctx.t('eligibility.back_menu'), action: 'menu:main' }]);
  const pieces = splitText(parts.join('\n'), MAX_MESSAGE);
  return pieces.map((text, i) => (i === pieces.length - 1 ? { text, buttons } : { text }));
}

/** Asks the first fact of the queue: yes/no buttons, or a typed amount or number. */
function askMessage(ctx: HandlerContext, queue: string[], total: number, notes: string[] = []): OutboundMessage[] {
  const fact = askableFact(queue[0]!)!;
  ctx.goTo(HOTRO, 'ask', { queue, total });
  const n = total - queue.length + 1;
  const question = ctx.t(fact.question, { year: previousYear(ctx.now) });
  const text = [...notes, ...(notes.length ? [''] : []), ctx.t('eligibility.question_head', { n, total }), question].join('\n');
  const nav: Button[] = [
    { label: ctx.t('eligibility.show_result'), action: `${HOTRO}:done` },
    { label: ctx.t('eligibility.cancel'), action: `${HOTRO}:cancel` },
  ];
  const skip: Button = { label: ctx.t('eligibility.dont_know'), action: `${HOTRO}:a:${fact.id}:skip` };
  if (fact.kind === 'yesno') {
    return [
      {
        text,
        buttons: [
          [
            { label: ctx.t('eligibility.yes'), action: `${HOTRO}:a:${fact.id}:yes` },
            { label: ctx.t('eligibility.no'), action: `${HOTRO}:a:${fact.id}:no` },
          ],
          [skip],
          nav,
        ],
      },
    ];
  }
  // An amount or a count is typed: numbers are the answer, not buttons.
  return [{ text, input: 'text', buttons: [[skip], nav] }];
}

function hint(ctx: HandlerContext, fact: AskableFact): string {
  return ctx.t(fact.kind === 'yesno' ? 'eligibility.hint_yesno' : fact.kind === 'count' ? 'eligibility.hint_count' : 'eligibility.hint_money');
}

/** The value as the director reads it back. */
function shownValue(ctx: HandlerContext, fact: AskableFact, value: unknown): string {
  if (typeof value === 'boolean') return ctx.t(value ? 'eligibility.yes_value' : 'eligibility.no_value');
  if (fact.kind === 'revenue') return shortMoney((value as { vnd: number }).vnd, ctx.locale);
  if (fact.kind === 'money') return shortMoney(value as number, ctx.locale);
  return formatInteger(value as number, ctx.locale);
}

/** The cooperative of someone who may see the answer, or the explanation for anyone else. */
function ownCooperative(ctx: HandlerContext): number | OutboundMessage[] {
  if (ctx.who.cooperativeId !== null) return ctx.who.cooperativeId;
  if (ctx.conversation.flow === HOTRO) ctx.endFlow();
  return [ctx.mainMenu(ctx.t(isStaff(ctx.who.role) ? 'eligibility.for_staff' : 'eligibility.for_guests'))];
}

/** `/hotro`, the menu button, a question: the answer, or the offer to work from a few questions. */
const start: Handler = async (ctx) => {
  const coop = ownCooperative(ctx);
  if (typeof coop !== 'number') return coop;
  if (ctx.conversation.flow === HOTRO) ctx.endFlow();
  const e = await evaluate(ctx, coop);
  ctx.log.info({ cooperativeId: coop, lines: e.lines.length, report: e.facts.report?.id ?? null }, 'eligibility shown');
  if (canAnswer(ctx) && !e.facts.report && e.facts.values.revenue === undefined) {
    ctx.goTo(HOTRO, 'offer', {});
    return [
      {
        text: ctx.t('eligibility.no_report_offer'),
        buttons: [
          [
            { label: ctx.t('eligibility.yes'), action: `${HOTRO}:offer:yes` },
            { label: ctx.t('eligibility.no'), action: `${HOTRO}:offer:no` },
          ],
        ],
      },
    ];
  }
  return answerMessages(ctx, e);
};

/** Starts (or restarts) the questions; with none left, the answer. */
async function beginQuestions(ctx: HandlerContext, coop: number, notes: string[] = []): Promise<OutboundMessage[]> {
  const e = await evaluate(ctx, coop);
  const queue = questionsFor(e).map((f) => f.id);
  if (queue.length === 0) {
    ctx.endFlow();
    return answerMessages(ctx, e, notes.join('\n') || undefined);
  }
  return askMessage(ctx, queue, queue.length, notes);
}

/** The queue after the current fact; the answer when it was the last. */
async function next(ctx: HandlerContext, coop: number, queue: string[], total: number, note: string): Promise<OutboundMessage[]> {
  const rest = queue.slice(1);
  if (rest.length) return askMessage(ctx, rest, total, [note]);
  ctx.endFlow();
  return answerMessages(ctx, await evaluate(ctx, coop), `${note}\n\n${ctx.t('eligibility.updated')}`);
}

async function answer(ctx: HandlerContext, coop: number, queue: string[], total: number, value: unknown | 'skip'): Promise<OutboundMessage[]> {
  const fact = askableFact(queue[0]!)!;
  if (value === 'skip') return next(ctx, coop, queue, total, ctx.t('eligibility.skipped'));
  await ctx.services.saveCooperativeFact(coop, fact.id, value, ctx.who.personId);
  ctx.log.info({ cooperativeId: coop, fact: fact.id }, 'eligibility fact saved');
  return next(ctx, coop, queue, total, ctx.t('eligibility.saved', { fact: ctx.t(`eligibility.fact.${fact.id}`), value: shownValue(ctx, fact, value) }));
}

function readState(ctx: HandlerContext): { step: string; queue: string[]; total: number } | null {
  if (ctx.conversation.flow !== HOTRO) return null;
  const d = ctx.conversation.data as { queue?: unknown; total?: unknown };
  const step = ctx.conversation.step ?? '';
  if (step === 'offer') return { step, queue: [], total: 0 };
  if (step !== 'ask' || !Array.isArray(d.queue) || typeof d.total !== 'number') return null;
  const queue = d.queue.filter((q): q is string => typeof q === 'string' && askableFact(q) !== undefined);
  return queue.length ? { step, queue, total: d.total } : null;
}

/** Buttons `hotro`, `hotro:ask`, `hotro:offer:yes|no`, `hotro:a:<fact>:yes|no|skip`, `hotro:done`, `hotro:cancel`; and typed answers in the flow. */
const handle: Handler = async (ctx) => {
  const coop = ownCooperative(ctx);
  if (typeof coop !== 'number') return coop;
  const [what = '', arg, value] = ctx.action ? ctx.args : [];
  if (ctx.action) {
    if (!what) return start(ctx);
    if (what === 'cancel') {
      ctx.endFlow();
      return [ctx.mainMenu(ctx.t('eligibility.cancelled'))];
    }
    if (what === 'done') return start(ctx);
  }
  // Only the director (or the report delegate) answers for the cooperative.
  if (!canAnswer(ctx)) return start(ctx);
  if (what === 'ask') return beginQuestions(ctx, coop);
  const state = readState(ctx);
  if (what === 'offer') {
    if (arg === 'yes') return beginQuestions(ctx, coop);
    ctx.endFlow();
    return [ctx.mainMenu(ctx.t('eligibility.no_report_declined'))];
  }
  if (what === 'a') {
    // A button of a question asked before (or of another session): ask the current one again.
    if (!state || state.step !== 'ask') return start(ctx);
    if (arg !== state.queue[0]) return askMessage(ctx, state.queue, state.total, [ctx.t('errors.button_expired')]);
    return answer(ctx, coop, state.queue, state.total, value === 'yes' ? true : value === 'no' ? false : 'skip');
  }
  if (ctx.action || !state) return start(ctx);
  // Typed text in the flow.
  if (state.step === 'offer') {
    const yes = parseYesNo(ctx.text);
    if (yes.ok && yes.value) return beginQuestions(ctx, coop);
    if (yes.ok) {
      ctx.endFlow();
      return [ctx.mainMenu(ctx.t('eligibility.no_report_declined'))];
    }
    ctx.goTo(HOTRO, 'offer', {});
    return [
      {
        text: `${ctx.t('eligibility.not_read', { hint: ctx.t('eligibility.hint_yesno') })}\n\n${ctx.t('eligibility.no_report_offer')}`,
        buttons: [
          [
            { label: ctx.t('eligibility.yes'), action: `${HOTRO}:offer:yes` },
            { label: ctx.t('eligibility.no'), action: `${HOTRO}:offer:no` },
          ],
        ],
      },
    ];
  }
  const fact = askableFact(state.queue[0]!)!;
  const read = readFactAnswer(fact, ctx.text, ctx.now);
  if (read.ok) return answer(ctx, coop, state.queue, state.total, read.value);
  if (read.error === 'dont_know') return answer(ctx, coop, state.queue, state.total, 'skip');
  return askMessage(ctx, state.queue, state.total, [ctx.t('eligibility.not_read', { hint: hint(ctx, fact) })]);
};

const policyQuestion = policyFeature.fallback!;

/** Free text: a question about the asker's own cooperative is answered here, any other goes to the knowledge base. */
const freeText: Handler = async (ctx) => (isEligibilityQuestion(ctx.text) ? start(ctx) : policyQuestion(ctx));

export const eligibilityFeature: Feature = {
  name: 'eligibility',
  commands: { hotro: start },
  actions: { [HOTRO]: handle },
  flows: { [HOTRO]: handle },
  phrases: Object.fromEntries(ELIGIBILITY_PHRASES.map((p) => [p, start])),
  fallback: freeText,
  menu: (ctx) => (ctx.who.role === 'director' && ctx.who.cooperativeId !== null ? [{ label: ctx.t('eligibility.menu'), action: HOTRO }] : []),
};
