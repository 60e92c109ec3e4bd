import type { App } from './app.js';
import type { Config } from './config/env.js';
import { startHttpServer, type HttpServer, type Route } from './adapters/http/http-server.js';
import { createTelegramChannel, TELEGRAM_WEBHOOK_PATH, type BotCommand, type TelegramChannel } from './adapters/telegram/telegram-channel.js';
import { LOCALES } from './i18n/i18n.js';
import { markAccountBlocked } from './services/people/mark-account-blocked.js';

export interface Channels {
  telegram?: TelegramChannel;
  http?: HttpServer;
  close(): Promise<void>;
}

const COMMANDS = ['start', 'menu', 'hoso', 'moi', 'dulieu', 'ngonngu', 'trogiup', 'huy'];

function botCommands(app: App): Record<string, BotCommand[]> {
  const list = (lng: (typeof LOCALES)[number]) => COMMANDS.map((command) => ({ command, description: app.translator(lng)(`commands.${command}`) }));
  return { default: list('vi'), vi: list('vi'), en: list('en') };
}

/** Starts the platform channels the configuration names, and the HTTP server (webhooks, /healthz). */
export async function startChannels(app: App, config: Pick<Config, 'telegram' | 'http'>): Promise<Channels> {
  let telegram: TelegramChannel | undefined;
  const routes: Record<string, Route> = {
    'GET /healthz': async () => {
      const db = await app.db.ping().catch(() => false);
      const channels = { ...(telegram ? { telegram: telegram.status() } : {}) };
      const ok = db && Object.values(channels).every((c) => c.ok);
      return { status: ok ? 200 : 503, body: JSON.stringify({ status: ok ? 'ok' : 'degraded', db: db ? 'ok' : 'down', dbKind: app.db.kind, channels }) };
    },
  };
  if (config.telegram) {
    const tg = config.telegram;
    telegram = createTelegramChannel({
      token: tg.token,
      apiRoot: tg.apiRoot,
      mode: tg.mode,
      webhookUrl: config.http.publicUrl ? `${config.http.publicUrl}${TELEGRAM_WEBHOOK_PATH}` : undefined,
      webhookSecret: tg.webhookSecret,
      router: app.router,
      logger: app.logger,
      onBlocked: (chatId) => markAccountBlocked(app.db.prisma, 'telegram', chatId),
      commands: botCommands(app),
    });
    const channel = telegram;
    routes[`POST ${TELEGRAM_WEBHOOK_PATH}`] = async (req) => ({ ...(await channel.handleWebhook(req.headers, req.body)) });
  }
  const http = await startHttpServer({ host: config.http.host, port: config.http.port, routes, logger: app.logger });
  try {
    await telegram?.start();
  } catch (e) {
    await http.close();
    throw e;
  }
  return {
    telegram,
    http,
    async close() {
      await telegram?.stop();
      await http.close();
    },
  };
}
