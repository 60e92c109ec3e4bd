import { readFile } from 'node:fs/promises';
import { Telegraf, TelegramError } from 'telegraf';
import type { OutboundMessage } from '../../lib/messages.js';
import { backoffDelay, sendWithRetry, type RetryOptions, type SendFailure } from '../../delivery/retry-policy.js';
import type { Logger } from '../../lib/logger.js';
import { sameSecret } from '../http/same-secret.js';
import type { Inbox } from '../../router/inbox-worker.js';
import { unknownShapeLog } from '../platform-body.js';
import { mapUpdate, parseTelegramUpdate, type TelegramUpdate } from './map-update.js';
import { TELEGRAM_TEXT_LIMIT, toTelegramCalls, type TelegramCall } from './render.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface BotCommand {
  command: string;
  description: string;
}

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  /** The public https address of TELEGRAM_WEBHOOK_PATH, for webhook mode. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Where updates are stored before they are acknowledged (then handled and answered from there). */
  inbox: Inbox;
  logger: Logger;
  /** The command list Telegram shows, per language (`default` for everyone else). */
  commands?: Record<string, BotCommand[]>;
  retry?: RetryOptions;
}

export interface WebhookResult {
  status: number;
  body: string;
}

export interface TelegramChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The refusal of a webhook call whose `X-Telegram-Bot-Api-Secret-Token` header is wrong or missing
   * (401), or null: checked from the headers alone, before the body is read.
   */
  refuseWebhook(headers: Record<string, string | string[] | undefined>): WebhookResult | null;
  handleWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<WebhookResult>;
  /** Sends a message; resolves with the id of the last Telegram message it took (for edits). */
  send(chatId: string, msg: OutboundMessage): Promise<string | undefined>;
  /** Replaces a sent message's text and buttons (an officer's live progress). */
  edit(chatId: string, messageId: string, msg: OutboundMessage): Promise<void>;
  status(): { mode: string; ok: boolean; bot?: string; error?: string };
}

/** How a Bot API failure should be handled: wait and retry, give up, or mark the user blocked. */
export function classifyTelegramError(error: unknown): SendFailure {
  if (error instanceof TelegramError) {
    const code = error.response?.error_code ?? error.code;
    if (code === 429) return { kind: 'retry', afterMs: (error.response?.parameters?.retry_after ?? 1) * 1000 };
    if (code === 403 && /blocked|deactivated|kicked/i.test(error.response?.description ?? error.description)) return { kind: 'blocked' };
    if (code >= 500) return { kind: 'retry' };
    return { kind: 'fatal' };
  }
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  if (/ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR/.test(code) || (error as Error)?.name === 'FetchError') return { kind: 'retry' };
  return { kind: 'fatal' };
}

/** The Telegram channel: long polling or webhook via telegraf, the only module that imports it. */
export function createTelegramChannel(o: TelegramChannelOptions): TelegramChannel {
  const bot = new Telegraf(o.token, { telegram: { apiRoot: o.apiRoot, webhookReply: false }, handlerTimeout: 600_000 });
  const log = o.logger.child({ channel: 'telegram' });
  const unknownUpdate = unknownShapeLog(log, 'unrecognised telegram update ignored');
  const state: { ok: boolean; bot?: string; error?: string } = { ok: false };

  async function call(chatId: string, c: TelegramCall): Promise<number> {
    if (c.method === 'sendMessage') {
      return (await bot.telegram.sendMessage(chatId, c.text, c.reply_markup ? { reply_markup: c.reply_markup } : {})).message_id;
    }
    if (c.method === 'sendPhoto') {
      return (await bot.telegram.sendPhoto(chatId, c.photo)).message_id;
    }
    const doc = c.document;
    const source = doc.content ? Buffer.from(doc.content) : await readFile(doc.path!);
    return (await bot.telegram.sendDocument(chatId, { source, filename: doc.filename }, c.caption ? { caption: c.caption } : {})).message_id;
  }

  const retrying = (chatId: string) => ({
    ...o.retry,
    onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }) =>
      log.warn({ chatId, attempt, delayMs, err: error }, 'telegram send retried'),
  });

  async function send(chatId: string, msg: OutboundMessage): Promise<string | undefined> {
    let last: number | undefined;
    for (const c of toTelegramCalls(msg)) last = await sendWithRetry(() => call(chatId, c), classifyTelegramError, retrying(chatId));
    return last === undefined ? undefined : String(last);
  }

  async function edit(chatId: string, messageId: string, msg: OutboundMessage): Promise<void> {
    const markup = msg.buttons?.length
      ? { inline_keyboard: msg.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.action }))) }
      : undefined;
    const text = [...msg.text].slice(0, TELEGRAM_TEXT_LIMIT).join('');
    await sendWithRetry(
      () => bot.telegram.editMessageText(chatId, Number(messageId), undefined, text, markup ? { reply_markup: markup } : {}),
      classifyTelegramError,
      retrying(chatId),
    );
  }

  /**
   * Stores the update in the inbox, and only then lets it be acknowledged (the webhook's 200, or
   * the next getUpdates offset); the inbox worker handles it and sends the replies.
   */
  async function processUpdate(body: TelegramUpdate): Promise<void> {
    // Checked before use: an update of a shape we do not know (a message without its chat) is
    // logged once per shape and acknowledged, so that Telegram does not redeliver it forever.
    const parsed = parseTelegramUpdate(body);
    if ('error' in parsed) return unknownUpdate(body, parsed.error);
    const update = parsed.update;
    const cq = update.callback_query;
    const msg = mapUpdate(update);
    if (msg) await o.inbox.accept({ channel: 'telegram', eventId: String(update.update_id), chatId: msg.chatId, msg });
    // Answer a button press at once, so the user's spinner stops even if handling is slow.
    if (cq) await bot.telegram.answerCbQuery(cq.id).catch((err: unknown) => log.warn({ err }, 'answerCallbackQuery failed'));
  }

  // Polling: an update that could not be stored is tried again (the offset must not pass it).
  let stopped = false;
  bot.use(async (ctx) => {
    for (let failures = 1; ; failures++) {
      try {
        return await processUpdate(ctx.update as unknown as TelegramUpdate);
      } catch (err) {
        if (stopped) throw err;
        const delayMs = backoffDelay(failures, 500, 30_000);
        log.warn({ err, failures, delayMs }, 'storing a telegram update failed; retrying');
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  });
  bot.catch((err) => log.error({ err }, 'telegram update failed'));

  async function publishCommands(): Promise<void> {
    for (const [lang, commands] of Object.entries(o.commands ?? {})) {
      await bot.telegram
        .setMyCommands(commands, lang === 'default' ? {} : { language_code: lang })
        .catch((err: unknown) => log.warn({ err, lang }, 'setMyCommands failed'));
    }
  }

  return {
    async start() {
      const me = await bot.telegram.getMe();
      bot.botInfo = me;
      state.bot = me.username;
      await publishCommands();
      if (o.mode === 'webhook') {
        await bot.telegram.setWebhook(o.webhookUrl!, { secret_token: o.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
        state.ok = true;
        log.info({ bot: me.username, url: o.webhookUrl }, 'telegram webhook set');
        return;
      }
      state.ok = true;
      bot.launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false }).catch((err: unknown) => {
        state.ok = false;
        state.error = (err as Error).message;
        log.error({ err }, 'telegram polling stopped');
      });
      log.info({ bot: me.username }, 'telegram long polling started');
    },
    async stop() {
      stopped = true;
      if (o.mode === 'polling' && state.ok) {
        try {
          bot.stop('shutdown');
        } catch {
          /* not running */
        }
      }
      state.ok = false;
    },
    refuseWebhook(headers) {
      const given = headers['x-telegram-bot-api-secret-token'];
      if (o.webhookSecret && sameSecret(given, o.webhookSecret)) return null;
      log.warn('telegram webhook with a wrong or missing secret token rejected');
      return { status: 401, body: '{"ok":false,"error":"unauthorized"}' };
    },
    async handleWebhook(headers, rawBody) {
      const refused = this.refuseWebhook(headers);
      if (refused) return refused;
      let update: TelegramUpdate;
      try {
        update = JSON.parse(rawBody.toString('utf8')) as TelegramUpdate;
        if (typeof update?.update_id !== 'number') throw new Error('no update_id');
      } catch {
        return { status: 400, body: '{"ok":false,"error":"malformed update"}' };
      }
      await processUpdate(update);
      return { status: 200, body: '{"ok":true}' };
    },
    send,
    edit,
    status: () => ({ mode: o.mode, ...state }),
  };
}
