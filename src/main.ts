import { createApp } from './app.js';
import { runInteractive } from './adapters/console/console-channel.js';
import { createConsoleNotices } from './adapters/console/console-notices.js';
import { firstDelivering } from './delivery/notify.js';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { createLogger, scrubText, secretForms } from './lib/logger.js';
import { startChannels, ZALO_OA_TOKEN } from './start-channels.js';
import { serveDashboard } from './adapters/web/serve-dashboard.js';
import { startDelivery } from './start-delivery.js';
import { scheduleJobs } from './jobs/schedule-jobs.js';

/** Exit code for a configuration that cannot start the bot. */
const EXIT_CONFIG = 2;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee README.md ("Configuration") and .env.example.\n`);
      process.exit(EXIT_CONFIG);
    }
    throw e;
  }
}

const config = configOrExit();
const platforms = [config.telegram && 'Telegram', config.zaloBot && 'Zalo Bot', config.zaloOa && 'Zalo OA'].filter(Boolean);
const wantConsole = config.console === 'on' || (config.console === 'auto' && !platforms.length && process.stdin.isTTY === true);
if (!platforms.length && !wantConsole) {
  process.stderr.write(
    'No channel to serve: set TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN or the ZALO_OA_* variables (see README.md, "Configuration"),\n' +
      'or run in a terminal to chat in the console (`npm run chat`, or CONSOLE=on).\n',
  );
  process.exit(EXIT_CONFIG);
}

// In the console the terminal is the chat: only warnings and errors are logged (to stderr).
const logger = createLogger({ level: wantConsole && !process.env.LOG_LEVEL ? 'warn' : config.logLevel, secrets: config.secrets });
/** Start-up failures a person can fix get one readable line, not a stack trace. */
function fatal(what: string, err: unknown): never {
  logger.fatal({ err }, what);
  process.stderr.write(`${what}: ${scrubText((err as Error).message, secretForms(config.secrets))}\n`);
  process.exit(1);
}

const app = await createApp(config, logger).catch((err: unknown) => fatal('Could not open the database', err));
const channels = platforms.length
  ? await startChannels(app, config, { crashAt: process.env.HTX_CRASH_AT }).catch(async (err: unknown) => {
      await app.close();
      return fatal(`Could not start ${platforms.join(', ')} (check the tokens and API addresses in the configuration)`, err);
    })
  : undefined;
// Console only: no platform starts the HTTP server, so serve the web dashboard (/dangnhap links) alone.
const dashboard = channels
  ? undefined
  : await serveDashboard(app, config).catch((err: unknown) => {
      logger.warn({ err }, 'web dashboard not started (is HTTP_PORT in use?)');
      return undefined;
    });

// Bot-initiated messages (officers' answers, questions for officers) go out on the platforms, and
// to console users when the console chat runs.
const notices = wantConsole ? createConsoleNotices(app.services) : undefined;
const notify = firstDelivering(...[channels?.sendToPerson, notices?.notify].filter((n) => n !== undefined));
app.setNotifier(notify);

// Reminders and announcements go out through the outbox (see start-delivery.ts)…
const senders = { ...channels?.senders, ...(notices ? { console: notices.send } : {}) };
const delivery = startDelivery({ app, config, logger, notify, senders, journalDir: config.outbox.journalDir });
// …filled by the periodic jobs, with the hourly housekeeping (see src/jobs/schedule-jobs.ts).
const jobs = scheduleJobs({
  services: app.services,
  translator: app.translator,
  logger,
  notify,
  progress: { senders, editors: channels?.editors ?? {} },
  reportReminders: config.reports.reminders ? config.reports.schedule : undefined,
  housekeeping: { databaseKind: app.db.kind, exportsDir: config.exportsDir },
  oaToken: channels?.zaloOa && {
    tokenName: ZALO_OA_TOKEN,
    refresh: channels.zaloOa.client.refreshNow,
    maxAgeDays: config.zaloOa?.tokenRefreshDays,
  },
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await jobs.stop();
  await delivery.stop();
  await channels?.close();
  await dashboard?.close();
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (wantConsole) {
  await runInteractive({
    router: app.router,
    exportDir: config.exportsDir,
    input: process.stdin,
    output: process.stdout,
    notices,
    banner: app.translator(config.defaultLocale)('console.banner'),
  });
  await shutdown('stdin closed');
}
