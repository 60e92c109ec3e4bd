import type { App } from './app.js';
import type { Config } from './config/env.js';
import { officerApi } from './adapters/http/api-routes.js';
import { downloadRoute } from './adapters/http/download-route.js';
import { healthz } from './adapters/http/healthz.js';
import { zaloDomainVerifier } from './adapters/http/zalo-domain-verifier.js';
import { createFileLinks } from './adapters/file-links.js';
import { BODY_LIMITS, startHttpServer, type HttpPlugin, type HttpServer } from './adapters/http/http-server.js';
import { webhook } from './adapters/http/webhook.js';
import { dashboard } from './adapters/web/dashboard-routes.js';
import { dashboardDeps } from './adapters/web/serve-dashboard.js';
import { createTelegramChannel, TELEGRAM_WEBHOOK_PATH, type BotCommand, type TelegramChannel } from './adapters/telegram/telegram-channel.js';
import { ZaloOaAuthError, type OaTokenSource } from './adapters/zalo/oa-api-client.js';
import { createZaloBotChannel, ZALO_BOT_WEBHOOK_PATH, type ZaloBotChannel } from './adapters/zalo/zalo-bot-channel.js';
import { createZaloOaChannel, ZALO_OA_WEBHOOK_PATH, type ZaloOaChannel } from './adapters/zalo/zalo-oa-channel.js';
import type { OutboundMessage } from './lib/messages.js';
import { sendToPerson, type ChannelEditor, type ChannelSender } from './delivery/send-to-person.js';
import { createInboxWorker, type InboxWorker } from './router/inbox-worker.js';
import { LOCALES } from './i18n/i18n.js';
import { createZnsClient, createZnsSender } from './adapters/zalo/zns-api-client.js';
import { ZNS_CHANNEL } from './services/announcements/count-reach.js';
import { DOWNLOAD_LINK_TTL_MS } from './services/downloads/create-download-link.js';

export interface Channels {
  telegram?: TelegramChannel;
  zaloBot?: ZaloBotChannel;
  zaloOa?: ZaloOaChannel;
  http: HttpServer;
  /** The durable inbox every platform update goes through (stored, then handled one chat at a time). */
  inbox: InboxWorker;
  /**
   * Sends a bot-initiated message to a person on their most recently active reachable account,
   * falling back to their other accounts; returns where it went, or null.
   */
  sendToPerson(personId: number, msg: OutboundMessage): Promise<{ channel: string; externalId: string } | null>;
  /** Each started platform's sender, by channel name (for the outbox lanes). */
  senders: Record<string, ChannelSender>;
  /** The platforms that can edit a sent message (an officer's live progress). */
  editors: Record<string, ChannelEditor>;
  close(): Promise<void>;
}

export type ChannelConfig = Pick<Config, 'telegram' | 'zaloBot' | 'zaloOa' | 'http'> & Partial<Pick<Config, 'reports' | 'downloads' | 'zaloZns'>>;

const COMMANDS = [
  'start',
  'menu',
  'chinhsach',
  'dieuluat',
  'hotro',
  'baocao',
  'hoso',
  'moi',
  'lienket',
  'dulieu',
  'cauhoi',
  'duyetbaocao',
  'uyquyen',
  'thongbao',
  'ketquathongbao',
  'xuatbaocao',
  'chitieu',
  'canhbaochinhsach',
  'dangnhap',
  'tatthongbao',
  'batthongbao',
  'ngonngu',
  'trogiup',
  'huy',
];
/** The PlatformToken row that holds the OA's rotating tokens. */
export const ZALO_OA_TOKEN = 'zalo_oa';

function botCommands(app: App): Record<string, BotCommand[]> {
  const list = (lng: (typeof LOCALES)[number]) => COMMANDS.map((command) => ({ command, description: app.translator(lng)(`commands.${command}`) }));
  return { default: list('vi'), vi: list('vi'), en: list('en') };
}

/**
 * The OA's tokens live in the database: rotated under a short lease (never a transaction across the
 * token endpoint), the new pair stored by compare-and-swap before use. When the stored refresh token is refused and the configuration holds a different one (an
 * operator re-authorised the app), that one is tried once. Only a refusal (ZaloOaAuthError: Zalo's
 * JSON with an error code) does that: an outage (network, 5xx, not JSON) spends and replaces nothing.
 */
function oaTokenSource(app: App, configured: string | undefined): OaTokenSource {
  const { services } = app;
  return {
    load: () => services.loadPlatformToken(ZALO_OA_TOKEN),
    rotate: (seen, exchange) =>
      services.rotatePlatformToken(ZALO_OA_TOKEN, seen, async (stored) => {
        try {
          return await exchange(stored);
        } catch (err) {
          if (!(err instanceof ZaloOaAuthError) || !configured || configured === stored) throw err;
          app.logger.warn({ code: err.code }, 'stored zalo oa refresh token refused; trying ZALO_OA_REFRESH_TOKEN');
          return exchange(configured);
        }
      }),
  };
}

/** Records a change to an account with `mark`, then drops what the router cached about it. */
function andForget<A extends unknown[]>(app: App, channel: string, mark: (externalId: string, ...rest: A) => Promise<void>) {
  return async (externalId: string, ...rest: A) => {
    await mark(externalId, ...rest);
    app.router.invalidate(channel, externalId);
  };
}

export interface InboxOptions {
  /** Test hook (HTX_CRASH_AT): the process kills itself at this point of handling an event. */
  crashAt?: string;
  /** A chat's lease (a dead process's chats are taken over after it; at once on the same machine). */
  leaseMs?: number;
}

/**
 * Starts the platform channels the configuration names, and the HTTP server (webhooks, /healthz,
 * officer API, dashboard). Every update is stored in the inbox before the platform is answered,
 * then handled from there by the inbox worker (see src/router/inbox-worker.ts).
 */
export async function startChannels(app: App, config: ChannelConfig, inboxOptions: InboxOptions = {}): Promise<Channels> {
  const { services } = app;
  const inbox = createInboxWorker({ services, router: app.router, logger: app.logger, ...inboxOptions });
  const webhookUrl = (path: string) => (config.http.publicUrl ? `${config.http.publicUrl}${path}` : undefined);
  let telegram: TelegramChannel | undefined;
  let zaloBot: ZaloBotChannel | undefined;
  let zaloOa: ZaloOaChannel | undefined;
  const routes: HttpPlugin[] = [
    healthz(app.db, () => ({
      ...(telegram ? { telegram: telegram.status() } : {}),
      ...(zaloBot ? { zalo_bot: zaloBot.status() } : {}),
      ...(zaloOa ? { zalo_oa: zaloOa.status() } : {}),
    })),
    // The officer API (Bearer tokens): announcements and reports for other systems, `npm run announce`; its OpenAPI description.
    officerApi(app, { schedule: config.reports?.schedule }),
    // The officers' web dashboard (sign-in by a one-time link from /dangnhap).
    dashboard(dashboardDeps(app, config)),
    // Zalo's domain-verification file, when given (ZALO_DOMAIN_VERIFIER_FILE).
    ...(config.http.zaloVerifier ? [zaloDomainVerifier(config.http.zaloVerifier)] : []),
    // One-time download links (GET /d/<token>) for files the Zalo channels cannot carry.
    downloadRoute({ services, translator: app.translator, logger: app.logger }),
  ];
  // The links point at PUBLIC_URL; without it the Zalo channels say politely that the file cannot come this way.
  const fileLinks = config.http.publicUrl
    ? createFileLinks(services, { baseUrl: config.http.publicUrl, ttlMs: config.downloads?.linkTtlMs ?? DOWNLOAD_LINK_TTL_MS })
    : undefined;
  if (config.telegram) {
    const tg = config.telegram;
    const channel = (telegram = createTelegramChannel({
      token: tg.token,
      apiRoot: tg.apiRoot,
      mode: tg.mode,
      webhookUrl: webhookUrl(TELEGRAM_WEBHOOK_PATH),
      webhookSecret: tg.webhookSecret,
      inbox,
      logger: app.logger,
      commands: botCommands(app),
    }));
    routes.push(webhook(TELEGRAM_WEBHOOK_PATH, channel));
  }
  if (config.zaloBot) {
    const zb = config.zaloBot;
    const channel = (zaloBot = createZaloBotChannel({
      token: zb.token,
      apiRoot: zb.apiRoot,
      mode: zb.mode,
      webhookUrl: webhookUrl(ZALO_BOT_WEBHOOK_PATH),
      webhookSecret: zb.webhookSecret,
      inbox,
      logger: app.logger,
      translator: app.translator,
      fileLinks,
    }));
    routes.push(webhook(ZALO_BOT_WEBHOOK_PATH, channel));
  }
  if (config.zaloOa) {
    const oa = config.zaloOa;
    if (oa.refreshToken) await services.seedPlatformToken(ZALO_OA_TOKEN, oa.refreshToken);
    const channel = (zaloOa = createZaloOaChannel({
      ...oa,
      tokens: oaTokenSource(app, oa.refreshToken),
      inbox,
      logger: app.logger,
      translator: app.translator,
      fileLinks,
    }));
    // Its signature covers the body: the body is read before it is authenticated, so it is kept small.
    routes.push(webhook(ZALO_OA_WEBHOOK_PATH, channel, { bodyLimit: BODY_LIMITS.signedWebhook }));
  }
  const http = await startHttpServer({ host: config.http.host, port: config.http.port, logger: app.logger, register: routes });
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const channel of [telegram, zaloBot, zaloOa]) {
      if (!channel) continue;
      await channel.start();
      started.push(channel);
    }
  } catch (e) {
    for (const channel of started) await channel.stop().catch(() => {});
    await http.close();
    throw e;
  }
  // Handles what the channels store (and what an earlier run left), replying at once on the same channel.
  await inbox.start({
    ...(telegram && {
      telegram: { send: telegram.send, onBlocked: andForget(app, 'telegram', (chatId) => services.markAccountBlocked('telegram', chatId)) },
    }),
    ...(zaloBot && { zalo_bot: { send: zaloBot.send } }),
    ...(zaloOa && {
      zalo_oa: {
        send: zaloOa.send,
        onFollow: andForget(app, 'zalo_oa', (userId, following: boolean) => services.markAccountFollowing('zalo_oa', userId, following)),
        onUnreachable: andForget(app, 'zalo_oa', (userId, reason: string) => services.markAccountUnreachable('zalo_oa', userId, reason)),
      },
    }),
  });
  const senders: Record<string, ChannelSender> = {
    ...(telegram ? { telegram: telegram.send } : {}),
    ...(zaloBot ? { zalo_bot: zaloBot.send } : {}),
    ...(zaloOa ? { zalo_oa: zaloOa.send } : {}),
    // ZNS (opt-in): announcements to people no chat account reaches, by template to their phone,
    // with the OA's own access token; its lane (start-delivery.ts) sends within the daily budget.
    ...(zaloOa && config.zaloZns ? { [ZNS_CHANNEL]: znsSender(app, zaloOa, config.zaloZns) } : {}),
  };
  return {
    telegram,
    zaloBot,
    zaloOa,
    http,
    inbox,
    senders,
    editors: telegram ? { telegram: telegram.edit } : {},
    sendToPerson: (personId, msg) =>
      sendToPerson({
        services: app.services,
        senders,
        personId,
        msg,
        logger: app.logger,
        onAccountChanged: (channel, id) => app.router.invalidate(channel, id),
      }),
    async close() {
      // Stop taking updates first, then let the work in hand finish before the server goes.
      await Promise.allSettled(started.map((c) => c.stop()));
      await http.close();
      // Then the chats in hand are finished (what is left in the inbox is handled at the next start).
      await inbox.stop();
    },
  };
}

/** The ZNS sender: the OA client's access token (refreshed once when refused), the daily budget counted in the outbox. */
function znsSender(app: App, oa: ZaloOaChannel, zns: NonNullable<Config['zaloZns']>): ChannelSender {
  const client = createZnsClient({ apiRoot: zns.apiRoot, accessToken: () => oa.client.accessToken(), refresh: () => oa.client.refreshNow() });
  return createZnsSender({
    client,
    templates: zns.templates,
    dailyLimit: zns.dailyLimit,
    countSentSince: (since) => app.services.countChannelSent({ channel: ZNS_CHANNEL, since }),
  });
}
