import type { Config } from './config/env.js';
import { webBaseUrl } from './config/web-url.js';
import { openDatabase, type Database } from './db/database.js';
import { features } from './handlers/features.js';
import { notifyNobody, type Notify } from './delivery/notify.js';
import { createI18n, type Locale, type T } from './i18n/i18n.js';
import type { Logger } from './lib/logger.js';
import { createRouter, type Router } from './router/router.js';
import { createServices, type Services } from './services/services.js';
import type { ZnsRoute } from './services/announcements/zns-template.js';
import type { PlanTargets } from './services/targets/plan-targets.js';

export interface App {
  db: Database;
  /** The service functions, bound to this database: how channels, pages and jobs reach the data. */
  services: Services;
  router: Router;
  translator: (locale: Locale) => T;
  logger: Logger;
  /** Plan target sets (PLAN_TARGETS_FILE), read once at start; none when not configured. */
  planTargets: PlanTargets;
  /** Sends a bot-initiated message to a person through the notifier set last (the web dashboard's decisions). */
  notify: Notify;
  /** How bot-initiated messages reach people: set by whoever starts the channels. */
  setNotifier(notify: Notify): void;
  close(): Promise<void>;
}

export type AppConfig = Pick<Config, 'database' | 'migrateOnStart' | 'defaultLocale' | 'rateLimit' | 'conversationTtlMs'> &
  Partial<Pick<Config, 'reports' | 'http' | 'planTargets' | 'exportsDir' | 'zaloZns'>>;

/**
 * The platform-free core: database (migrated), translations and the router with every feature.
 * Channels (console, Telegram, HTTP) are attached by the entry points.
 */
export async function createApp(config: AppConfig, logger: Logger, db?: Database): Promise<App> {
  const database = db ?? (await openDatabase(config.database));
  try {
    if (config.migrateOnStart) {
      const applied = await database.migrate();
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    const { translator } = await createI18n();
    const planTargets = config.planTargets ?? { sets: [] };
    // ZNS (opt-in): the announcement kinds with a template reach people no chat account reaches.
    const znsKinds = Object.keys(config.zaloZns?.templates ?? {}) as ZnsRoute['kinds'];
    const services = createServices(database.prisma, znsKinds.length ? { zns: { kinds: znsKinds, priceVnd: config.zaloZns?.priceVnd } } : {});
    let notifier: Notify = notifyNobody;
    const router = createRouter({
      notify: (personId, msg) => notifier(personId, msg),
      services,
      translator,
      logger,
      features,
      defaultLocale: config.defaultLocale,
      rateLimit: config.rateLimit,
      conversationTtlMs: config.conversationTtlMs,
      reportSchedule: config.reports?.schedule,
      planTargets,
      webUrl: config.http ? webBaseUrl(config.http) : undefined,
      exportsDir: config.exportsDir,
    });
    return {
      db: database,
      services,
      router,
      translator,
      logger,
      planTargets,
      notify: (personId, msg) => notifier(personId, msg),
      setNotifier: (notify) => {
        notifier = notify;
      },
      close: () => database.close(),
    };
  } catch (e) {
    if (!db) await database.close();
    throw e;
  }
}
