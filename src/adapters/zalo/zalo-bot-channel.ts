import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboundMessage } from '../../lib/messages.js';
import { backoffDelay, sendWithRetry, type RetryOptions, type SendFailure } from '../../delivery/retry-policy.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { Inbox } from '../../router/inbox-worker.js';
import { sameSecret } from '../http/same-secret.js';
import { documentContent, fileLinkText, type FileLinks } from '../file-links.js';
import { toTextPieces } from '../numbered-menu.js';
import { createZaloBotClient, ZaloBotApiError, type ZaloBotClient } from './bot-api-client.js';
import { unknownShapeLog } from '../platform-body.js';
import { BotUpdateSchema, mapBotUpdate, parseBotUpdate } from './bot-update.js';

export const ZALO_BOT_WEBHOOK_PATH = '/zalo/bot/webhook';
/** The Bot API refuses longer texts. */
export const ZALO_BOT_TEXT_LIMIT = 2000;

export interface ZaloBotChannelOptions {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  /** The public https address of ZALO_BOT_WEBHOOK_PATH, for webhook mode. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Where updates are stored before they are acknowledged (then handled and answered from there). */
  inbox: Inbox;
  logger: Logger;
  translator: (locale: Locale) => T;
  /** Seconds one getUpdates call waits for news. */
  pollTimeoutSeconds?: number;
  retry?: RetryOptions;
  /**
   * One-time download links: the Bot API carries no files, so a document goes as a link. Without
   * them (no PUBLIC_URL) the user is told to open the bot on another app.
   */
  fileLinks?: FileLinks;
}

export interface WebhookResult {
  status: number;
  body: string;
}

export interface ZaloBotChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The refusal of a webhook call whose `X-Bot-Api-Secret-Token` header is wrong or missing (401),
   * or null: checked from the headers alone, before the body is read.
   */
  refuseWebhook(headers: Record<string, string | string[] | undefined>): WebhookResult | null;
  handleWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<WebhookResult>;
  send(chatId: string, msg: OutboundMessage): Promise<void>;
  /** Resolves when every stored update has been handled and answered. */
  idle(): Promise<void>;
  status(): { mode: string; ok: boolean; bot?: string; error?: string };
}

/** How a Bot API failure is handled: 429 and 5xx and network faults are retried; the rest are not. */
export function classifyZaloBotError(error: unknown): SendFailure {
  if (error instanceof ZaloBotApiError) {
    if (error.code === 429) return { kind: 'retry', afterMs: error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : undefined };
    if (error.code >= 500) return { kind: 'retry' };
    return { kind: 'fatal' };
  }
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'TypeError') return { kind: 'retry' }; // fetch: network fault or timeout
  return { kind: 'fatal' };
}

/**
 * The Zalo Bot API channel: text only, so buttons become a numbered list the user answers with a
 * number or the label, and long texts are split at 2,000 characters. Long polling (one update per
 * getUpdates call) or a webhook authenticated by its secret token header.
 */
export function createZaloBotChannel(o: ZaloBotChannelOptions): ZaloBotChannel {
  const client: ZaloBotClient = createZaloBotClient({ token: o.token, apiRoot: o.apiRoot });
  const log = o.logger.child({ channel: 'zalo_bot' });
  const unknownUpdate = unknownShapeLog(log, 'unrecognised zalo bot update ignored');
  const state: { ok: boolean; bot?: string; error?: string } = { ok: false };
  const stopping = new AbortController();
  let polling: Promise<void> | undefined;

  async function send(chatId: string, msg: OutboundMessage): Promise<void> {
    const t = o.translator(msg.locale ?? 'vi');
    const retry: RetryOptions = {
      ...o.retry,
      onRetry: ({ attempt, delayMs, error }) => log.warn({ chatId, attempt, delayMs, err: error }, 'zalo bot send retried'),
    };
    const imageUrl = msg.imageUrl;
    if (imageUrl) await sendWithRetry(() => client.sendPhoto(chatId, imageUrl), classifyZaloBotError, retry);
    const doc = msg.document;
    const texts = toTextPieces(msg, ZALO_BOT_TEXT_LIMIT, t, { documentNote: !(doc && o.fileLinks) });
    if (doc && o.fileLinks) {
      // Issued once, before the retries: a retried send carries the same link.
      const link = await o.fileLinks.issue({ channel: 'zalo_bot', externalId: chatId, document: doc, content: await documentContent(doc) });
      texts.push(link ? fileLinkText(t, link, msg.locale ?? 'vi') : t('text_menu.no_files', { name: doc.filename }));
    }
    for (const text of texts) {
      await sendWithRetry(() => client.sendMessage(chatId, text), classifyZaloBotError, retry);
    }
  }

  /**
   * Stores one raw update in the inbox (before it is acknowledged); false when it is not one we
   * understand (logged, acknowledged). Throws when it could not be stored.
   */
  async function accept(body: unknown): Promise<boolean> {
    const update = parseBotUpdate(body);
    if (!update) {
      unknownUpdate(body, BotUpdateSchema.safeParse(body).error);
      return false;
    }
    const msg = mapBotUpdate(update);
    if (!msg) {
      log.debug({ event: update.event_name }, 'zalo bot update ignored');
      return true;
    }
    await o.inbox.accept({ channel: 'zalo_bot', eventId: msg.platformMessageId ?? update.message.message_id, chatId: msg.chatId, msg });
    return true;
  }

  /** Polling: the update is already taken from the server, so storing it is retried until it holds. */
  async function acceptPolled(body: unknown): Promise<void> {
    for (let failures = 1; ; failures++) {
      try {
        await accept(body);
        return;
      } catch (err) {
        const delayMs = backoffDelay(failures, 500, 30_000);
        log.warn({ err, failures, delayMs }, 'storing a zalo bot update failed; retrying');
        await sleep(delayMs);
      }
    }
  }

  async function pollLoop(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const update = await client.getUpdates(o.pollTimeoutSeconds ?? 30, stopping.signal);
        failures = 0;
        state.ok = true;
        state.error = undefined;
        if (update) await acceptPolled(update);
      } catch (err) {
        if (stopping.signal.aborted) break;
        failures++;
        state.error = (err as Error).message;
        if (failures >= 3) state.ok = false;
        const delay = backoffDelay(failures, 1000, 30_000);
        log.warn({ err, failures, delayMs: delay }, 'zalo bot getUpdates failed; retrying');
        await sleep(delay, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  }

  return {
    async start() {
      const me = await client.getMe();
      state.bot = me.account_name;
      if (o.mode === 'webhook') {
        await client.setWebhook(o.webhookUrl!, o.webhookSecret!);
        state.ok = true;
        log.info({ bot: me.account_name, url: o.webhookUrl }, 'zalo bot webhook set');
        return;
      }
      // getUpdates is refused while a webhook is set (for example after switching modes).
      await client.deleteWebhook().catch((err: unknown) => log.warn({ err }, 'zalo bot deleteWebhook failed'));
      state.ok = true;
      polling = pollLoop();
      log.info({ bot: me.account_name }, 'zalo bot long polling started');
    },
    async stop() {
      stopping.abort();
      await polling;
      state.ok = false;
    },
    refuseWebhook(headers) {
      if (o.webhookSecret && sameSecret(headers['x-bot-api-secret-token'], o.webhookSecret)) return null;
      log.warn('zalo bot webhook with a wrong or missing secret token rejected');
      return { status: 401, body: '{"ok":false,"error":"unauthorized"}' };
    },
    async handleWebhook(headers, rawBody) {
      const refused = this.refuseWebhook(headers);
      if (refused) return refused;
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return { status: 400, body: '{"ok":false,"error":"malformed JSON"}' };
      }
      // Acknowledged once stored in the inbox; the reply follows from there (a redelivery is stored once).
      await accept(body);
      return { status: 200, body: '{"ok":true}' };
    },
    send,
    idle: () => o.inbox.idle(),
    status: () => ({ mode: o.mode, ...state }),
  };
}
