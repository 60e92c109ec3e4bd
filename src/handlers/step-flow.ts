import type { z } from 'zod';
import type { Button, OutboundMessage } from '../lib/messages.js';
import type { Handler, HandlerContext } from '../router/context.js';

/**
 * The plumbing of a multi-step chat wizard (one question at a time, each answer saved in the
 * conversation before the next): action ids `<name>:<step>:<verb>[:<arg>]`, the ◀️ Back / Cancel
 * row, the step after or before one, and a handler that routes the flow's buttons and messages —
 * the bare `<name>` action starts, `<name>:cancel` leaves, a button of another step (an old one)
 * asks the current step again, an unreadable state is `lost`. What each step asks and accepts
 * stays with the wizard. Used by the announcement composer and the chat export.
 *
 * @example
 * const xbcFlow = stepFlow({
 *   name: 'xbc',
 *   steps: ['form', 'format'] as const,
 *   data: z.object({ form: z.enum(['annual', 'quarterly']).optional() }),
 *   allowed: (ctx) => isStaff(ctx.who.role),
 *   texts: { back: 'xbc.back', cancel: 'xbc.cancel', cancelled: 'xbc.cancelled', oldButton: 'xbc.old_button', refused: 'xbc.only_officers' },
 * });
 * const ask: AskStep<Step, XbcData> = async (ctx, step, d, notes = []) =>
 *   xbcFlow.prompt(ctx, step, d, {
 *     text: [...xbcFlow.notesHead(notes), ctx.t(`xbc.${step}.prompt`)].join('\n'),
 *     buttons: [[{ label: 'Excel', action: xbcFlow.action(step, 'pick', 'xlsx') }]], // + ◀️ Back / ✖️ Hủy
 *   });
 * const next = (ctx, from, d) => ask(ctx, xbcFlow.after(sequence(ctx.who), from) ?? 'format', d);
 * export const startExport = xbcFlow.start((ctx) => ask(ctx, 'form', {}));
 * export const exportHandler = xbcFlow.handler({ start: startExport, lost: startExport, again: ask, button: pressed, text: typed });
 */
export interface StepFlowSpec<S extends string, D extends Record<string, unknown>> {
  /** The flow's name: the conversation's flow and the first part of every action id. */
  name: string;
  /** Every step, the first one first (it has no ◀️ Back). */
  steps: readonly S[];
  /** What the conversation holds between steps. */
  data: z.ZodType<D>;
  /** Who may use the wizard; anyone else is refused (and leaves the flow). */
  allowed(ctx: HandlerContext): boolean;
  /** Translation keys: the Back and Cancel buttons, and the texts after Cancel, an old button, a refusal. */
  texts: { back: string; cancel: string; cancelled: string; oldButton: string; refused: string };
}

/** Asks a step again, or another one, with notes above the question. */
export type AskStep<S extends string, D> = (ctx: HandlerContext, step: S, d: D, notes?: string[]) => Promise<OutboundMessage[]>;

/** What the wizard does at its steps; the flow's handler calls these. */
export interface StepHandlers<S extends string, D> {
  /** The bare `<name>` action (the menu entry); usually the wizard's command. */
  start: Handler;
  /** The state is missing or unreadable (a button of a wizard that finished or expired). */
  lost: Handler;
  /** The current step asked again (after a button of another step, with the old-button note). */
  again: AskStep<S, D>;
  /** A button of the current step: `<name>:<step>:<verb>[:<arg>]` (verb '' when absent). */
  button(ctx: HandlerContext, step: S, d: D, verb: string, arg: string | undefined): Promise<OutboundMessage[]>;
  /** A message while the flow is active ('' when it has no text, e.g. a shared contact). */
  text(ctx: HandlerContext, step: S, d: D, text: string): Promise<OutboundMessage[]>;
}

export interface StepFlow<S extends string, D extends Record<string, unknown>> {
  readonly name: string;
  readonly steps: readonly S[];
  /** `<name>:cancel`. */
  readonly cancelAction: string;
  isStep(s: string | null | undefined): s is S;
  /** The wizard's data in this chat, or null when the chat is elsewhere (or the data unreadable). */
  read(ctx: HandlerContext): D | null;
  /** A button's action id: `<name>:<step>:<verb>[:<arg>]`. */
  action(step: S, verb: string, arg?: string): string;
  /** ◀️ Back (not at the first step) and Cancel. */
  navRow(ctx: HandlerContext, step: S): Button[];
  /** The notes above a question, then a blank line (nothing without notes). */
  notesHead(notes: readonly string[]): string[];
  /**
   * Sets the chat on the step (saved before the reply leaves) and gives its question, with the
   * step's buttons and the navigation row below them.
   */
  prompt(ctx: HandlerContext, step: S, d: D, q: { text: string; buttons: Button[][]; input?: OutboundMessage['input'] }): OutboundMessage[];
  /** The step after `from` in `sequence` (the first when `from` is not in it); undefined after the last. */
  after(sequence: readonly S[], from: S): S | undefined;
  /** The step before `from` in `sequence`; undefined at the first (or when `from` is not in it). */
  before(sequence: readonly S[], from: S): S | undefined;
  /** Tells someone who may not use the wizard so, with the main menu (and leaves the flow). */
  refuse(ctx: HandlerContext): OutboundMessage[];
  /** A command or menu entry of the wizard: refuses whoever may not use it. */
  start(fn: Handler): Handler;
  /** The handler of the flow's buttons and of every message while it is active. */
  handler(h: StepHandlers<S, D>): Handler;
}

export function stepFlow<S extends string, D extends Record<string, unknown>>(spec: StepFlowSpec<S, D>): StepFlow<S, D> {
  const { name, steps, texts } = spec;
  const isStep = (s: string | null | undefined): s is S => (steps as readonly string[]).includes(s ?? '');
  const action = (step: S, verb: string, arg?: string) => (arg === undefined ? `${name}:${step}:${verb}` : `${name}:${step}:${verb}:${arg}`);
  const cancelAction = `${name}:cancel`;

  const read = (ctx: HandlerContext): D | null => {
    if (ctx.conversation.flow !== name) return null;
    const parsed = spec.data.safeParse(ctx.conversation.data);
    return parsed.success ? parsed.data : null;
  };

  const navRow = (ctx: HandlerContext, step: S): Button[] => {
    const row: Button[] = [];
    if (step !== steps[0]) row.push({ label: ctx.t(texts.back), action: action(step, 'back') });
    row.push({ label: ctx.t(texts.cancel), action: cancelAction });
    return row;
  };

  const refuse = (ctx: HandlerContext): OutboundMessage[] => {
    if (ctx.conversation.flow === name) ctx.endFlow();
    return [ctx.mainMenu(ctx.t(texts.refused))];
  };

  return {
    name,
    steps,
    cancelAction,
    isStep,
    read,
    action,
    navRow,
    notesHead: (notes) => [...notes, ...(notes.length ? [''] : [])],
    prompt(ctx, step, d, q) {
      ctx.goTo(name, step, d);
      const buttons = [...q.buttons, navRow(ctx, step)];
      return [q.input === undefined ? { text: q.text, buttons } : { text: q.text, input: q.input, buttons }];
    },
    after: (sequence, from) => sequence[sequence.indexOf(from) + 1],
    before(sequence, from) {
      const i = sequence.indexOf(from);
      return i > 0 ? sequence[i - 1] : undefined;
    },
    refuse,
    start: (fn) => async (ctx) => (spec.allowed(ctx) ? fn(ctx) : refuse(ctx)),
    handler: (h) => async (ctx) => {
      if (!spec.allowed(ctx)) return refuse(ctx);
      const [first, verb = '', arg] = ctx.action ? ctx.args : [];
      if (ctx.action && !first) return h.start(ctx);
      if (ctx.action && first === 'cancel') {
        ctx.endFlow();
        return [ctx.mainMenu(ctx.t(texts.cancelled))];
      }
      const d = read(ctx);
      const step = ctx.conversation.step;
      if (!d || !isStep(step)) return h.lost(ctx);
      if (!ctx.action) return h.text(ctx, step, d, ctx.text);
      if (first !== step) return h.again(ctx, step, d, [ctx.t(texts.oldButton)]);
      return h.button(ctx, step, d, verb, arg);
    },
  };
}
