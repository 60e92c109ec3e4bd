import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { daysInMonth } from '../lib/vn-time.js';
import { PlanTargetsError, readPlanTargetsFile, type PlanTargets } from '../services/targets/plan-targets.js';
import type { ReportSchedule } from '../services/reports/report-schedule.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

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
});

/** The target file used when PLAN_TARGETS_FILE is not set: the project's own, which may be absent. */
export const DEFAULT_PLAN_TARGETS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/plan-targets.yaml');

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  defaultLocale: Env['DEFAULT_LOCALE'];
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  migrateOnStart: boolean;
  http: { host: string; port: number; publicUrl?: string };
  console: Env['CONSOLE'];
  telegram?: { token: string; mode: Env['TELEGRAM_MODE']; webhookSecret?: string; apiRoot: string };
  zaloBot?: { token: string; mode: Env['ZALO_BOT_MODE']; webhookSecret?: string; apiRoot: string };
  zaloOa?: { appId: string; appSecret: string; oaSecretKey: string; refreshToken?: string; apiRoot: string; oauthRoot: string };
  rateLimit: { messages: number; windowMs: number };
  conversationTtlMs: number;
  reports: { schedule: ReportSchedule; reminders: boolean };
  /** Folder of exports made in the chat (EXPORTS_DIR), absolute. */
  exportsDir: string;
  /** Plan target sets (PLAN_TARGETS_FILE), read and checked once at start. */
  planTargets: PlanTargets;
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
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') },
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
          }
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
    secrets,
  };
}
