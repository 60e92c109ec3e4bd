import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { daysInMonth } from '../lib/vn-time.js';
import { PlanTargetsError, readPlanTargetsFile, type PlanTargets } from '../services/targets/plan-targets.js';
import type { ReportSchedule } from '../services/reports/report-schedule.js';
import { parseZnsTemplate, type ZnsTemplates } from '../services/announcements/zns-template.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** The name Zalo gives its domain-verification file. */
const ZALO_VERIFIER_NAME = /^zalo_verifier[A-Za-z0-9_-]{1,100}\.html$/;
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** An empty or blank value counts as unset (for the optional numbers). */
const blankAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Every environment variable the bot reads. README lists the same set with their meaning. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DEFAULT_LOCALE: z.enum(['vi', 'en']).default('vi'),
  HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /**
   * The domain-verification file Zalo gives in developers.zalo.me (App → Xác thực domain), served at
   * the site's root under its own name so that Zalo accepts PUBLIC_URL for webhooks and OAuth.
   */
  ZALO_DOMAIN_VERIFIER_FILE: optionalString.pipe(
    z
      .string()
      .refine((p) => ZALO_VERIFIER_NAME.test(path.basename(p)), {
        message: 'the file Zalo gives is named zalo_verifier<code>.html; keep its name',
      })
      .optional(),
  ),
  CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, 'does not look like a bot token from @BotFather')
      .optional(),
  ),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A–Z, a–z, 0–9, _ or -')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  ZALO_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]{8,}$/, 'does not look like a Zalo bot token (<bot id>:<secret>)')
      .optional(),
  ),
  ZALO_BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  ZALO_BOT_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A–Z, a–z, 0–9, _ or -')
      .optional(),
  ),
  ZALO_BOT_API_ROOT: z.url().default('https://bot-api.zaloplatforms.com'),
  ZALO_OA_APP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be the numeric app id from developers.zalo.me')
      .optional(),
  ),
  ZALO_OA_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_OA_REFRESH_TOKEN: optionalString,
  ZALO_OA_API_ROOT: z.url().default('https://openapi.zalo.me'),
  ZALO_OA_OAUTH_ROOT: z.url().default('https://oauth.zaloapp.com'),
  /**
   * A correctly signed OA event older than this is acknowledged and dropped (Zalo's retries come
   * within about two hours); at most 30 days, how long handled inbox events are kept to recognise a redelivery.
   */
  ZALO_OA_MAX_EVENT_AGE_HOURS: positiveInt.max(720).default(24),
  /**
   * The daily job rotates the OA's tokens once the stored refresh token is this many days old
   * (refresh tokens last about 3 months, single-use: zalo-api.md §2.1 and its corrections).
   */
  ZALO_OA_TOKEN_REFRESH_DAYS: positiveInt.max(80).default(30),
  /**
   * Zalo's notification service (ZNS): one approved template per announcement kind, with the
   * mapping of announcement fields to its parameters (see zns-template.ts), a daily budget of
   * sends (Việt Nam day), the API address and, for the cost estimate, the price of one message.
   */
  ZALO_ZNS_TEMPLATE_TRAINING: optionalString,
  ZALO_ZNS_TEMPLATE_TRADE_FAIR: optionalString,
  ZALO_ZNS_TEMPLATE_OTHER: optionalString,
  ZALO_ZNS_DAILY_LIMIT: z.preprocess(blankAsUnset, positiveInt.max(10_000_000).optional()),
  ZALO_ZNS_API_ROOT: z.url().default('https://business.openapi.zalo.me'),
  ZALO_ZNS_PRICE_VND: z.preprocess(blankAsUnset, z.coerce.number().positive().max(1_000_000).optional()),
  /** Messages one user may send in RATE_LIMIT_WINDOW_SECONDS before the bot asks them to slow down. */
  RATE_LIMIT_MESSAGES: positiveInt.default(20),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(10),
  /** How long an unfinished conversation step is kept. */
  CONVERSATION_TTL_HOURS: positiveInt.default(72),
  /** The annual report's deadline, day/month in the period's year (Circular 09/2024: 15 December). */
  REPORT_ANNUAL_DEADLINE: z
    .string()
    .trim()
    .regex(/^\d{1,2}\/\d{1,2}$/, 'must be day/month, e.g. 15/12')
    .refine((v) => {
      const [d, m] = v.split('/').map(Number) as [number, number];
      return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(2025, m);
    }, 'is not a day of the year')
    .default('15/12'),
  /** Days after a quarter ends that the quarterly quick report is due. */
  REPORT_QUARTER_DEADLINE_DAYS: positiveInt.max(90).default(15),
  /** Reminders this many days before a deadline, comma-separated. */
  REPORT_REMINDER_DAYS: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\s*,\s*\d{1,3})*$/, 'must be whole days, comma-separated, e.g. 14,7,1')
    .default('14,7,1'),
  /** Then a reminder every this many days while a report is overdue (0: none)… */
  REPORT_OVERDUE_EVERY_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  /** …at most this many times. */
  REPORT_OVERDUE_MAX: z.coerce.number().int().min(0).max(52).default(8),
  /** Hour of the day (Vietnam time, 0–23) reminders go out. */
  REPORT_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** Send report reminders from this process (turn off on all but one process if you run several). */
  REPORT_REMINDERS: bool.default(true),
  /** Bot-initiated messages (announcements) per second on each channel, shared by all processes. */
  TELEGRAM_BROADCAST_PER_SECOND: z.coerce.number().positive().max(1000).default(25),
  ZALO_BOT_BROADCAST_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  ZALO_OA_BROADCAST_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  /** A message claimed by a process that died is sent again after this long. */
  OUTBOX_LEASE_SECONDS: positiveInt.max(3600).default(300),
  /** Apply pending migrations at start (default on). */
  MIGRATE_ON_START: bool.default(true),
  /** Where exports made in the chat (/xuatbaocao) are written, and where the console saves files. */
  EXPORTS_DIR: z.string().trim().min(1).default('exports'),
  /** YAML file of plan target sets (default config/plan-targets.yaml of the project; may be absent). */
  PLAN_TARGETS_FILE: optionalString,
  /** How long a one-time download link (a file a Zalo channel cannot carry) stays valid, in minutes. */
  DOWNLOAD_LINK_TTL_MINUTES: positiveInt.max(1440).default(15),
  /**
   * The bot's Telegram username (from @BotFather, with or without "@"): printed invitations carry a
   * QR code of https://t.me/<username>?start=<invite code>. Unset: no Telegram QR on the sheets.
   */
  TELEGRAM_BOT_USERNAME: optionalString.pipe(
    z
      .string()
      .transform((v) => v.replace(/^@/, ''))
      .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,30}bot$/i, 'must be the bot\'s username from @BotFather, 5–32 characters ending in "bot"'))
      .optional(),
  ),
  /**
   * The Zalo OA's public link, https://zalo.me/<OA id> (the OA's page: follow it, then chat):
   * printed invitations carry its QR code. Unset: no Zalo QR on the sheets.
   */
  ZALO_OA_LINK: optionalString.pipe(
    z
      .string()
      .regex(/^https:\/\/(?:www\.)?zalo\.me\/[A-Za-z0-9._-]+\/?$/, "must be the OA's public link, https://zalo.me/<OA id>")
      .optional(),
  ),
});

/** The target file used when PLAN_TARGETS_FILE is not set: the project's own, which may be absent. */
export const DEFAULT_PLAN_TARGETS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/plan-targets.yaml');

export type Env = z.infer<typeof EnvSchema>;

/** ZNS settings (ZALO_ZNS_*): templates by announcement kind, daily budget, API address, price. */
export interface ZaloZnsConfig {
  templates: ZnsTemplates;
  /** Sends per Việt Nam day, all processes together. */
  dailyLimit: number;
  /** https://business.openapi.zalo.me */
  apiRoot: string;
  /** Price of one message in đồng, for the compose preview's estimate; unset: not shown. */
  priceVnd?: number;
}

const ZNS_TEMPLATE_VARS = { training: 'ZALO_ZNS_TEMPLATE_TRAINING', trade_fair: 'ZALO_ZNS_TEMPLATE_TRADE_FAIR', other: 'ZALO_ZNS_TEMPLATE_OTHER' } as const;

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  defaultLocale: Env['DEFAULT_LOCALE'];
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  migrateOnStart: boolean;
  /** `zaloVerifier`: Zalo's domain-verification file (ZALO_DOMAIN_VERIFIER_FILE), read at start: its name and content. */
  http: { host: string; port: number; publicUrl?: string; zaloVerifier?: { name: string; html: string } };
  console: Env['CONSOLE'];
  telegram?: { token: string; mode: Env['TELEGRAM_MODE']; webhookSecret?: string; apiRoot: string };
  zaloBot?: { token: string; mode: Env['ZALO_BOT_MODE']; webhookSecret?: string; apiRoot: string };
  zaloOa?: {
    appId: string;
    appSecret: string;
    oaSecretKey: string;
    refreshToken?: string;
    apiRoot: string;
    oauthRoot: string;
    maxEventAgeMs?: number;
    tokenRefreshDays?: number;
  };
  /** ZNS for announcements to people no chat account reaches (opt-in: only with a template set). */
  zaloZns?: ZaloZnsConfig;
  rateLimit: { messages: number; windowMs: number };
  conversationTtlMs: number;
  reports: { schedule: ReportSchedule; reminders: boolean };
  /** Folder of exports made in the chat (EXPORTS_DIR), absolute. */
  exportsDir: string;
  /** Plan target sets (PLAN_TARGETS_FILE), read and checked once at start. */
  planTargets: PlanTargets;
  /** One-time download links for files a channel cannot carry (DOWNLOAD_LINK_TTL_MINUTES); they need PUBLIC_URL. */
  downloads: { linkTtlMs: number };
  /** Where printed invitations lead (TELEGRAM_BOT_USERNAME, ZALO_OA_LINK); a channel left unset has no QR code. */
  inviteLinks?: { telegramBotUsername?: string; zaloOaLink?: string };
  /** Sending budgets of bot-initiated messages, per channel (messages per second), and the outbox lease. */
  outbox: {
    perSecond: Record<'telegram' | 'zalo_bot' | 'zalo_oa' | 'console', number>;
    leaseMs: number;
    /** Where the lanes keep their sent journals (DATA_DIR, with either database). */
    journalDir: string;
  };
  /** Secret values, so the logger can scrub them from anything it prints. */
  secrets: string[];
}

/** A configuration that cannot start the bot; `issues` names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** Parses the environment once. Throws ConfigError listing every bad or contradictory variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const name = i.path.join('.');
      const hidden = /TOKEN|SECRET|URL|PASSWORD/.test(name);
      problems.push(`${name}: ${i.message}${hidden ? '' : ` (got "${source[name] ?? ''}")`}`);
    }
  }
  // Contradictions are checked on the raw values too, so one run names every problem at once.
  const raw = (name: string) => source[name]?.trim() || undefined;
  if (raw('TELEGRAM_MODE') === 'webhook') {
    if (!raw('TELEGRAM_BOT_TOKEN')) problems.push('TELEGRAM_BOT_TOKEN: required when TELEGRAM_MODE=webhook');
    if (!raw('PUBLIC_URL')) problems.push('PUBLIC_URL: required when TELEGRAM_MODE=webhook (the https address Telegram calls)');
    if (!raw('TELEGRAM_WEBHOOK_SECRET')) problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook');
    if (raw('NODE_ENV') === 'production' && raw('PUBLIC_URL')?.startsWith('http:')) {
      problems.push('PUBLIC_URL: Telegram only calls https:// webhooks in production');
    }
  }
  if (raw('ZALO_BOT_MODE') === 'webhook') {
    if (!raw('ZALO_BOT_TOKEN')) problems.push('ZALO_BOT_TOKEN: required when ZALO_BOT_MODE=webhook');
    if (!raw('PUBLIC_URL')) problems.push('PUBLIC_URL: required when ZALO_BOT_MODE=webhook (the https address Zalo calls)');
    if (!raw('ZALO_BOT_WEBHOOK_SECRET')) problems.push('ZALO_BOT_WEBHOOK_SECRET: required when ZALO_BOT_MODE=webhook');
    if (raw('NODE_ENV') === 'production' && raw('PUBLIC_URL')?.startsWith('http:') && raw('TELEGRAM_MODE') !== 'webhook') {
      problems.push('PUBLIC_URL: Zalo only calls https:// webhooks in production');
    }
  }
  const oaVars = ['ZALO_OA_APP_ID', 'ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY'];
  if (oaVars.some(raw) || raw('ZALO_OA_REFRESH_TOKEN')) {
    for (const name of oaVars) if (!raw(name)) problems.push(`${name}: required for the Zalo OA channel (set all of ${oaVars.join(', ')})`);
  }
  // ZNS: each template's mapping is read here so that a typo stops the start with a readable message.
  const znsTemplates: ZnsTemplates = {};
  for (const [kind, name] of Object.entries(ZNS_TEMPLATE_VARS) as [keyof typeof ZNS_TEMPLATE_VARS, string][]) {
    const value = raw(name);
    if (!value) continue;
    const read = parseZnsTemplate(value);
    if (read.ok) znsTemplates[kind] = read.template;
    else problems.push(...read.problems.map((p) => `${name}: ${p} (got "${value}")`));
  }
  const znsOn = Object.values(ZNS_TEMPLATE_VARS).some(raw);
  if (znsOn && !oaVars.every(raw)) problems.push('ZALO_ZNS_TEMPLATE_*: ZNS sends with the Zalo OA access token; set the Zalo OA channel too');
  if (znsOn && !raw('ZALO_ZNS_DAILY_LIMIT'))
    problems.push('ZALO_ZNS_DAILY_LIMIT: required with ZALO_ZNS_TEMPLATE_* (ZNS messages are paid: how many per day at most)');
  if (!znsOn && (raw('ZALO_ZNS_DAILY_LIMIT') || raw('ZALO_ZNS_PRICE_VND')))
    problems.push('ZALO_ZNS_TEMPLATE_*: set at least one template to use ZNS (ZALO_ZNS_DAILY_LIMIT / ZALO_ZNS_PRICE_VND alone do nothing)');
  // Zalo's domain-verification file: read now, so that a wrong path stops the start with a clear message.
  let zaloVerifier: { name: string; html: string } | undefined;
  const verifierFile = raw('ZALO_DOMAIN_VERIFIER_FILE');
  if (verifierFile && ZALO_VERIFIER_NAME.test(path.basename(verifierFile))) {
    try {
      const html = readFileSync(path.resolve(verifierFile), 'utf8');
      if (html.length > 64 * 1024) problems.push(`ZALO_DOMAIN_VERIFIER_FILE: larger than 64 kB, not the file Zalo gives (got "${verifierFile}")`);
      else zaloVerifier = { name: path.basename(verifierFile), html };
    } catch (err) {
      problems.push(`ZALO_DOMAIN_VERIFIER_FILE: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'}) (got "${verifierFile}")`);
    }
  }
  // The target file is read even when a variable is wrong, so one run names every problem.
  let planTargets: PlanTargets = { sets: [] };
  const targetsFile = raw('PLAN_TARGETS_FILE');
  try {
    planTargets = readPlanTargetsFile(targetsFile ? { file: path.resolve(targetsFile), required: true } : { file: DEFAULT_PLAN_TARGETS_FILE, required: false });
  } catch (err) {
    if (!(err instanceof PlanTargetsError)) throw err;
    problems.push(...err.problems.map((p) => `PLAN_TARGETS_FILE: ${err.file}: ${p}`));
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const secrets = [
    e.TELEGRAM_BOT_TOKEN,
    e.TELEGRAM_WEBHOOK_SECRET,
    e.DATABASE_URL,
    e.ZALO_BOT_TOKEN,
    e.ZALO_BOT_WEBHOOK_SECRET,
    e.ZALO_OA_APP_SECRET,
    e.ZALO_OA_SECRET_KEY,
    e.ZALO_OA_REFRESH_TOKEN,
  ].filter((s): s is string => !!s);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    defaultLocale: e.DEFAULT_LOCALE,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR) },
    migrateOnStart: e.MIGRATE_ON_START,
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      zaloVerifier,
    },
    console: e.CONSOLE,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? { token: e.TELEGRAM_BOT_TOKEN, mode: e.TELEGRAM_MODE, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, apiRoot: e.TELEGRAM_API_ROOT }
      : undefined,
    zaloBot: e.ZALO_BOT_TOKEN
      ? { token: e.ZALO_BOT_TOKEN, mode: e.ZALO_BOT_MODE, webhookSecret: e.ZALO_BOT_WEBHOOK_SECRET, apiRoot: e.ZALO_BOT_API_ROOT }
      : undefined,
    zaloOa:
      e.ZALO_OA_APP_ID && e.ZALO_OA_APP_SECRET && e.ZALO_OA_SECRET_KEY
        ? {
            appId: e.ZALO_OA_APP_ID,
            appSecret: e.ZALO_OA_APP_SECRET,
            oaSecretKey: e.ZALO_OA_SECRET_KEY,
            refreshToken: e.ZALO_OA_REFRESH_TOKEN,
            apiRoot: e.ZALO_OA_API_ROOT,
            oauthRoot: e.ZALO_OA_OAUTH_ROOT,
            maxEventAgeMs: e.ZALO_OA_MAX_EVENT_AGE_HOURS * 3600_000,
            tokenRefreshDays: e.ZALO_OA_TOKEN_REFRESH_DAYS,
          }
        : undefined,
    zaloZns:
      znsOn && e.ZALO_ZNS_DAILY_LIMIT
        ? { templates: znsTemplates, dailyLimit: e.ZALO_ZNS_DAILY_LIMIT, apiRoot: e.ZALO_ZNS_API_ROOT, priceVnd: e.ZALO_ZNS_PRICE_VND }
        : undefined,
    rateLimit: { messages: e.RATE_LIMIT_MESSAGES, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    conversationTtlMs: e.CONVERSATION_TTL_HOURS * 3600_000,
    outbox: {
      perSecond: {
        telegram: e.TELEGRAM_BROADCAST_PER_SECOND,
        zalo_bot: e.ZALO_BOT_BROADCAST_PER_SECOND,
        zalo_oa: e.ZALO_OA_BROADCAST_PER_SECOND,
        console: 1000,
      },
      leaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
      journalDir: path.resolve(e.DATA_DIR),
    },
    reports: {
      reminders: e.REPORT_REMINDERS,
      schedule: {
        annualDeadline: { day: Number(e.REPORT_ANNUAL_DEADLINE.split('/')[0]), month: Number(e.REPORT_ANNUAL_DEADLINE.split('/')[1]) },
        quarterDeadlineDays: e.REPORT_QUARTER_DEADLINE_DAYS,
        reminderDaysBefore: e.REPORT_REMINDER_DAYS.split(',').map((d) => Number(d.trim())),
        overdueEveryDays: e.REPORT_OVERDUE_EVERY_DAYS,
        overdueMaxReminders: e.REPORT_OVERDUE_MAX,
        reminderHour: e.REPORT_REMINDER_HOUR,
      },
    },
    planTargets,
    exportsDir: path.resolve(e.EXPORTS_DIR),
    downloads: { linkTtlMs: e.DOWNLOAD_LINK_TTL_MINUTES * 60_000 },
    inviteLinks: { telegramBotUsername: e.TELEGRAM_BOT_USERNAME, zaloOaLink: e.ZALO_OA_LINK },
    secrets,
  };
}
