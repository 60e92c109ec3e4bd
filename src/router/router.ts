import type { Services } from '../services/services.js';
import type { Button, InboundMessage, OutboundMessage } from '../lib/messages.js';
import { notifyNobody, type Notify } from '../delivery/notify.js';
import { localeFromHint, type Locale, type T } from '../i18n/i18n.js';
import { chunk } from '../lib/chunk.js';
import { describeText, type Logger } from '../lib/logger.js';
import { cleanText, foldText } from '../lib/vietnamese-text.js';
import { ConversationConflictError, type Conversation, type SavedMenu } from '../services/conversations/conversation.js';
import { InboxEventHandledError } from '../services/inbox/settle-inbox-event.js';
import type { Identity } from '../services/people/identity.js';
import { DEFAULT_SCHEDULE, type ReportSchedule } from '../services/reports/report-schedule.js';
import type { PlanTargets } from '../services/targets/plan-targets.js';
import type { Feature, Handler, HandlerContext } from './context.js';
import { IdentityCache } from './identity-cache.js';
import { KeyedQueue } from './keyed-queue.js';
import { RateLimiter } from './rate-limiter.js';
import { answersOlderMenu, resolveTypedButton } from './resolve-button.js';

const NO_TARGETS: PlanTargets = { sets: [] };

/** Longer texts are refused politely: nothing we ask for needs more. */
export const MAX_TEXT_LENGTH = 4000;
/** Longer texts are never taken for a typed button (a label, a number, a yes or no). */
const MAX_TYPED_CHOICE = 80;
/** Telegram's callback_data limit; every action id must fit. */
export const MAX_ACTION_BYTES = 64;
const ACTION_PATTERN = /^[a-z][a-z0-9_]*(?::[A-Za-z0-9_.-]*)*$/;
/** lastInboundAt is refreshed at most this often, to spare a write per message. */
const TOUCH_EVERY_MS = 60_000;
/** How long a process trusts its cached identity (role, cooperative) without re-reading it. */
const IDENTITY_TTL_MS = 30_000;

export interface RouterOptions {
  services: Services;
  translator: (locale: Locale) => T;
  logger: Logger;
  features: Feature[];
  defaultLocale: Locale;
  rateLimit: { messages: number; windowMs: number };
  conversationTtlMs: number;
  /** Report deadlines and reminders (default: annual by 15 December). */
  reportSchedule?: ReportSchedule;
  /** Plan target sets (default: none). */
  planTargets?: PlanTargets;
  /** Where people open the web dashboard (default http://127.0.0.1:3000). */
  webUrl?: string;
  /** Folder for exports made in the chat (default `exports`). */
  exportsDir?: string;
  /** Delivers bot-initiated messages to other people (set once the channels are up). */
  notify?: Notify;
  now?: () => Date;
}

/**
 * How an inbox event is settled: the conversation to save (null: unchanged) and the replies, all in
 * one transaction with the event's handled mark. It may throw ConversationConflictError (the event
 * is then settled again with the conflict notice and no conversation change).
 */
export type Settle = (conversation: { next: Conversation; expiresAt: Date } | null, replies: OutboundMessage[]) => Promise<void>;

export interface Router {
  /** Handles one inbound message and returns the replies, in order (none for a duplicate). */
  handle(msg: InboundMessage): Promise<OutboundMessage[]>;
  /**
   * Handles one message taken from the inbox: instead of saving the conversation itself, hands the
   * change and the replies to `settle` (exactly once per call, unless settling fails: then it throws).
   */
  handleInbox(msg: InboundMessage, settle: Settle): Promise<void>;
  /** Drops what this process remembers of an account (it changed outside a conversation). */
  invalidate(channel: string, externalId: string): void;
}

/** Picks the reply language: the person's choice, then the platform's, then the default. */
export function pickLocale(who: Pick<Identity, 'locale' | 'platformLocale'>, hint: string | undefined, fallback: Locale): Locale {
  return localeFromHint(who.locale) ?? localeFromHint(hint) ?? localeFromHint(who.platformLocale) ?? fallback;
}

function collect<K extends 'commands' | 'actions' | 'flows' | 'phrases'>(features: Feature[], kind: K) {
  const out = new Map<string, Handler>();
  for (const f of features) {
    for (const [name, handler] of Object.entries(f[kind] ?? {})) {
      const key = kind === 'phrases' ? foldText(name) : name;
      if (out.has(key)) throw new Error(`Two features define the ${kind.slice(0, -1)} "${name}"`);
      out.set(key, handler as Handler);
    }
  }
  return out;
}

/**
 * The router: loads who is talking and their conversation, picks the handler (active flow first,
 * then commands and buttons, then free text), saves the conversation before the reply leaves, and
 * answers any failure with a polite message in the user's language.
 */
export function createRouter(o: RouterOptions): Router {
  const now = o.now ?? (() => new Date());
  const commands = collect(o.features, 'commands');
  const actions = collect(o.features, 'actions');
  const flows = collect(o.features, 'flows');
  const phrases = collect(o.features, 'phrases');
  const fallback = o.features.findLast((f) => f.fallback)?.fallback;
  const queue = new KeyedQueue();
  const limiter = new RateLimiter(o.rateLimit.messages, o.rateLimit.windowMs);
  const identities = new IdentityCache(IDENTITY_TTL_MS);
  let lastSweep = Date.now();

  function validateAction(action: string): boolean {
    return ACTION_PATTERN.test(action) && Buffer.byteLength(action) <= MAX_ACTION_BYTES;
  }

  /**
   * The chat's latest buttons: the last reply's, unless a bot-initiated message with buttons (an
   * announcement's copy) was sent to this chat after it; and the ones shown before those.
   */
  async function latestMenus(ctx: HandlerContext): Promise<{ latest: SavedMenu | null; older: SavedMenu['previous'] | null }> {
    const saved = ctx.conversation.menu;
    const pushed = await ctx.services.findPushedMenu({
      personId: ctx.who.personId,
      channel: ctx.msg.channel,
      externalId: ctx.msg.chatId,
      after: saved?.at ? new Date(saved.at) : null,
      now: ctx.now,
    });
    if (pushed) return { latest: pushed, older: saved && { buttons: saved.buttons, input: saved.input } };
    return { latest: saved, older: saved?.previous ?? null };
  }

  async function dispatch(ctx: HandlerContext, state: { keepMenu: boolean; shown?: SavedMenu | null }): Promise<OutboundMessage[]> {
    const { msg, t, conversation } = ctx;
    const notice = (text: string, withMenu = false): OutboundMessage[] => {
      state.keepMenu = !withMenu;
      return [withMenu ? ctx.mainMenu(text) : { text }];
    };
    const activeFlow = conversation.flow ? flows.get(conversation.flow) : undefined;

    let action = msg.action;
    // A typed number, label or yes/no answers the latest message with buttons only (issue 17).
    if (!action && ctx.text && !ctx.text.startsWith('/') && [...ctx.text].length <= MAX_TYPED_CHOICE) {
      const { latest, older } = await latestMenus(ctx);
      state.shown = latest;
      action = resolveTypedButton(ctx.text, latest);
      const expectsText = Boolean(activeFlow) && latest?.input !== 'choice';
      if (!action && !expectsText && answersOlderMenu(ctx.text, latest, older, { numbers: !activeFlow })) {
        state.shown = older ?? null; // the older menu stays the one before: typed again, the same answer
        if (!latest) return [ctx.mainMenu(t('errors.menu_changed'))];
        return [{ text: t('errors.menu_changed'), buttons: chunk(latest.buttons, 2), input: latest.input }];
      }
    }
    if (action) {
      if (!validateAction(action)) return notice(t('errors.button_expired'), true);
      const [prefix = '', ...args] = action.split(':');
      ctx.action = action;
      ctx.args = args;
      if (conversation.flow === prefix && activeFlow) return activeFlow(ctx);
      const handler = actions.get(prefix);
      if (handler) return handler(ctx);
      return notice(t('errors.button_expired'), true);
    }
    if (msg.contact) {
      if (activeFlow) return activeFlow(ctx);
      return notice(t('errors.contact_unexpected'));
    }
    if (!ctx.text) {
      return notice(msg.unsupported ? t('errors.unsupported', { kind: t(`kinds.${msg.unsupported}`, { defaultValue: msg.unsupported }) }) : t('errors.empty'));
    }
    if ([...ctx.text].length > MAX_TEXT_LENGTH) return notice(t('errors.too_long', { max: MAX_TEXT_LENGTH }));
    if (ctx.text.startsWith('/')) {
      const [word = '', ...args] = ctx.text.slice(1).split(/\s+/);
      const name = foldText(word).replace(/@\w+$/, '');
      const handler = commands.get(name);
      if (!handler) return notice(t('errors.unknown_command', { command: `/${word}`.slice(0, 40) }));
      ctx.args = args;
      return handler(ctx);
    }
    const phrase = phrases.get(foldText(ctx.text).replace(/[.!?]+$/, ''));
    if (phrase) return phrase(ctx);
    if (activeFlow) return activeFlow(ctx);
    if (conversation.flow) ctx.endFlow(); // a flow that no longer exists in the code
    if (fallback) return fallback(ctx);
    return notice(t('errors.not_understood'), true);
  }

  /** Saves the conversation directly (the console, and callers of handle()). */
  const saveDirectly =
    (msg: InboundMessage): Settle =>
    async (conversation) => {
      if (conversation) await o.services.saveConversation(msg.channel, msg.chatId, conversation.next, conversation.expiresAt);
    };

  async function handleMessage(msg: InboundMessage, tooFast: boolean, settle?: Settle): Promise<OutboundMessage[]> {
    const at = now();
    const log = o.logger.child({ channel: msg.channel, chatId: msg.chatId, msgId: msg.platformMessageId });
    let t = o.translator(o.defaultLocale);
    const finish = settle ?? saveDirectly(msg);
    const done = async (conversation: Parameters<Settle>[0], replies: OutboundMessage[]) => {
      await finish(conversation, replies);
      return replies;
    };
    try {
      // Inbox events are deduplicated by the inbox itself.
      if (!settle && msg.platformMessageId && !(await o.services.claimInboundEvent(msg.channel, msg.platformMessageId))) {
        log.info('duplicate event ignored');
        return [];
      }
      const accountKey = `${msg.channel}:${msg.userId}`;
      let who =
        identities.get(accountKey, at.getTime()) ??
        (await o.services.findOrCreateAccount({
          channel: msg.channel,
          externalId: msg.userId,
          displayName: msg.displayName,
          platformLocale: msg.localeHint,
          at,
        }));
      const stale = !who.lastInboundAt || at.getTime() - who.lastInboundAt.getTime() > TOUCH_EVERY_MS;
      // Writing again makes an unreachable account (Zalo's window) reachable at once.
      if (stale || who.unreachableAt || (msg.localeHint && msg.localeHint !== who.platformLocale)) {
        await o.services.touchAccount(who.accountId, { at, platformLocale: msg.localeHint });
        who = { ...who, lastInboundAt: at, unreachableAt: null, platformLocale: msg.localeHint ?? who.platformLocale };
      }
      identities.set(accountKey, who, at.getTime());
      let locale = pickLocale(who, msg.localeHint, o.defaultLocale);
      t = o.translator(locale);
      if (tooFast) return await done(null, [{ text: t('errors.too_fast') }]);

      const loaded = await o.services.loadConversation(msg.channel, msg.chatId, at, (reason) => log.warn({ reason }, 'unreadable conversation state reset'));
      const next: Conversation = { ...loaded, data: { ...loaded.data } };
      let forgotten = false;
      const ctx: HandlerContext = {
        msg,
        text: msg.text ? cleanText(msg.text) : '',
        args: [],
        who,
        locale,
        t,
        services: o.services,
        log,
        now: at,
        reportSchedule: o.reportSchedule ?? DEFAULT_SCHEDULE,
        planTargets: o.planTargets ?? NO_TARGETS,
        webUrl: o.webUrl ?? 'http://127.0.0.1:3000',
        exportsDir: o.exportsDir ?? 'exports',
        conversation: loaded,
        goTo(flow, step, data) {
          next.flow = flow;
          next.step = step;
          if (data) next.data = data;
        },
        endFlow() {
          next.flow = null;
          next.step = null;
          next.data = {};
        },
        async refreshIdentity() {
          who = (await o.services.loadIdentity(msg.channel, msg.userId)) ?? who;
          identities.set(accountKey, who, Date.now());
          locale = pickLocale(who, msg.localeHint, o.defaultLocale);
          Object.assign(ctx, { who, locale, t: o.translator(locale) });
        },
        forget() {
          forgotten = true;
          identities.delete(accountKey);
        },
        async notify(personId, message) {
          try {
            return await (o.notify ?? notifyNobody)(personId, { ...message, locale: message.locale });
          } catch (err) {
            log.warn({ err, personId }, 'notifying a person failed');
            return null;
          }
        },
        translatorFor: (lng) => o.translator(lng),
        forgetPeople(personIds) {
          identities.deletePeople(personIds);
        },
        mainMenu(text) {
          const buttons = o.features.flatMap((f) => f.menu?.(ctx) ?? []);
          return { text: text ?? ctx.t('menu.title'), buttons: chunk(buttons, 2) };
        },
      };
      const state: { keepMenu: boolean; shown?: SavedMenu | null } = { keepMenu: false };
      const replies = await dispatch(ctx, state);
      let save: Parameters<Settle>[0] = null;
      if (!forgotten) {
        const shown: Button[] = replies.flatMap((r) => r.buttons?.flat() ?? []);
        for (const b of shown) if (!validateAction(b.action)) throw new Error(`Invalid action id "${b.action}" on button "${b.label}"`);
        if (!state.keepMenu) {
          const last = replies.findLast((r) => r.buttons?.length);
          const before = state.shown === undefined ? loaded.menu : state.shown;
          next.menu = last
            ? {
                buttons: last.buttons!.flat(),
                input: last.input ?? 'choice',
                at: at.toISOString(),
                ...(before ? { previous: { buttons: before.buttons, input: before.input } } : {}),
              }
            : null;
        }
        const changed = JSON.stringify([next.flow, next.step, next.data, next.menu]) !== JSON.stringify([loaded.flow, loaded.step, loaded.data, loaded.menu]);
        if (changed || next.flow) save = { next, expiresAt: new Date(at.getTime() + o.conversationTtlMs) };
      }
      return await done(
        save,
        replies.map((r) => ({ ...r, locale: ctx.locale })),
      );
    } catch (err) {
      if (err instanceof InboxEventHandledError) throw err;
      if (err instanceof ConversationConflictError) {
        log.warn({ err }, 'conversation changed concurrently');
        return done(null, [{ text: t('errors.conflict') }]);
      }
      // Never the text itself (a phone number, a name): its length, and a redacted preview only with LOG_MESSAGE_TEXT=1.
      log.error({ err, ...describeText(msg.text), action: msg.action?.slice(0, 64) }, 'handling a message failed');
      return done(null, [{ text: t('errors.generic') }]);
    }
  }

  return {
    invalidate(channel, externalId) {
      identities.delete(`${channel}:${externalId}`);
    },
    handle(msg) {
      const stamp = Date.now();
      if (stamp - lastSweep > 60_000) {
        limiter.sweep(stamp);
        lastSweep = stamp;
      }
      const verdict = limiter.check(`${msg.channel}:${msg.userId}`, stamp);
      if (verdict === 'drop') {
        o.logger.debug({ channel: msg.channel, chatId: msg.chatId }, 'rate limited, dropped');
        return Promise.resolve([]);
      }
      return queue.run(`${msg.channel}:${msg.chatId}`, () => handleMessage(msg, verdict === 'warn'));
    },
    async handleInbox(msg, settle) {
      const stamp = Date.now();
      const verdict = limiter.check(`${msg.channel}:${msg.userId}`, stamp);
      if (verdict === 'drop') {
        o.logger.debug({ channel: msg.channel, chatId: msg.chatId }, 'rate limited, dropped');
        await settle(null, []);
        return;
      }
      await queue.run(`${msg.channel}:${msg.chatId}`, () => handleMessage(msg, verdict === 'warn', settle));
    },
  };
}
