import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { CONSOLE_USER, runInteractive, runJsonl } from './adapters/console/console-channel.js';
import { createConsoleNotices } from './adapters/console/console-notices.js';
import { ConfigError, loadConfig } from './config/env.js';
import { createLogger } from './lib/logger.js';
import { serveDashboard } from './adapters/web/serve-dashboard.js';
import { startDelivery } from './start-delivery.js';
import { scheduleJobs } from './jobs/schedule-jobs.js';

const USAGE = 'usage: npm run chat [-- --jsonl] [--as officer|director|member] [--user <id>]';

/** `npm run chat`: the console channel, interactive or line-by-line JSON for scripts. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { jsonl: { type: 'boolean', default: false }, as: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const roles = ['officer', 'director', 'member'] as const;
  const role = roles.find((r) => r === args.as);
  if (args.as && !role) {
    process.stderr.write(`--as must be officer, director or member (got "${args.as}")\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const logger = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', secrets: config.secrets });
  let app;
  try {
    app = await createApp(config, logger);
  } catch (e) {
    process.stderr.write(`Could not open the database: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const userId = args.user ?? CONSOLE_USER;
    if (role) {
      const who = await app.services.findOrCreateAccount({ channel: 'console', externalId: userId });
      await app.services.bindDemoRole(who.personId, role);
    }
    const notices = createConsoleNotices(app.services);
    app.setNotifier(notices.notify);
    // Announcements composed in the console reach the console's users (a trial needs no platform).
    const senders = { console: notices.send };
    const delivery = startDelivery({ app, config, logger, notify: notices.notify, senders, journalDir: config.outbox.journalDir });
    // No report reminders and no housekeeping in a trial chat.
    const jobs = scheduleJobs({ services: app.services, translator: app.translator, logger, notify: notices.notify, progress: { senders, editors: {} } });
    const io = { router: app.router, exportDir: config.exportsDir, input: process.stdin, output: process.stdout, notices };
    // The web dashboard for /dangnhap links, in a person's chat only (scripts in --jsonl need no port).
    const dashboard = args.jsonl
      ? undefined
      : await serveDashboard(app, config).catch((err: unknown) => {
          logger.warn({ err }, 'web dashboard not started (is HTTP_PORT in use?)');
          return undefined;
        });
    try {
      if (args.jsonl) await runJsonl({ ...io, userId });
      else await runInteractive({ ...io, userId, banner: app.translator(config.defaultLocale)('console.banner') });
    } finally {
      await jobs.stop();
      await delivery.stop();
      await dashboard?.close();
    }
    return 0;
  } finally {
    await app.close();
  }
}

process.exitCode = await main();
