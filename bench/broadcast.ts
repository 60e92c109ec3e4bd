import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openDatabase, type Database, type Db } from '../src/db/database.js';
import { isAlive } from '../src/lib/is-alive.js';
import { createFreshPostgresDatabase } from '../tools/fresh-postgres-database.js';
import { rsvpAction } from '../src/handlers/announcements/rsvp-feature.js';
import { startFakeTelegram, type FakeTelegramServer } from '../test/fakes/telegram-server.js';
import { freePort, healthFigures, startBot, stopBot, watchHealth, type Bot, type HealthChecks } from './bot-process.js';
import { percentile } from './scratch-database.js';

const TOKEN = '123456:BENCHbenchBENCHbenchBENCH01';
const TITLE = 'Tập huấn chuyển đổi số cho HTX (bench)';
const BODY = 'Lớp tập huấn 2 ngày về sổ sách điện tử, bán hàng trực tuyến và báo cáo hằng năm. Miễn phí, có tài liệu.';
/** Recipients' chat ids are RECIPIENT_BASE + i, interactive users' INTERACTIVE_BASE + i. */
const RECIPIENT_BASE = 100_000_000;
const INTERACTIVE_BASE = 900_000_000;
const INTERACTIVE_USERS = 50;
const COOPERATIVES = 20;
const BATCH = 1_000;
/** The bot's outbox lease: rows a killed process left `sending` are handed out again after it. */
const LEASE_SECONDS = 3;
/** After the last recipient is reached, late copies (resends after a lease) are still counted this long. */
const SETTLE_MS = (LEASE_SECONDS + 2) * 1000;
const POLL_MS = 200;
const START_TIMEOUT_MS = 120_000;
/** How long unanswered /menu probes are waited for once the broadcast is over. */
const PROBE_GRACE_MS = 5_000;
/** Probes sent this soon after the bot starts polling are not in interactive_warm_p99_ms. */
const WARM_MS = 2_000;

/** A database the bench seeds and the bot then opens: a PGlite folder, or a fresh database on DATABASE_URL's server. */
interface BotDatabase {
  label: 'pglite' | 'postgres';
  /** What tells the bot where it is. */
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

const SCRATCH_PREFIX = 'htx-bench-broadcast-';

/**
 * Removes scratch folders of earlier runs that were killed outright: their lock file names a dead
 * process. (tsx SIGKILLs this process when a Ctrl-C finds it busy for 60 ms, e.g. while PGlite seeds.)
 */
function sweepLeftovers(): number {
  let removed = 0;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = path.join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(path.join(dir, 'htx.pid'), 'utf8').trim());
    } catch {
      continue; // no lock: between seeding and the bot's start, or not ours to judge
    }
    if (owner && !isAlive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

// Like scratchDatabase(), but the bot (another process) must be told where the database is.
async function botDatabase(): Promise<BotDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const swept = sweepLeftovers();
    if (swept) console.error(`removed ${swept} scratch folder(s) left by killed runs`);
    const dir = mkdtempSync(path.join(tmpdir(), SCRATCH_PREFIX));
    return {
      label: 'pglite',
      env: { DATA_DIR: dir },
      open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await createFreshPostgresDatabase(url, 'htx_bench');
  // The bot's own folder (its lanes' sent journals), never the project's ./data.
  const dir = mkdtempSync(path.join(tmpdir(), SCRATCH_PREFIX));
  return {
    label: 'postgres',
    env: { DATABASE_URL: fresh.url, DATA_DIR: dir },
    open: () => openDatabase({ kind: 'postgres', url: fresh.url }),
    drop: async () => {
      await fresh.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One announcement queued for `recipients` directors (one pending outbox row each), and some users to chat with the bot meanwhile. */
async function seed(db: Db, recipients: number, signal: AbortSignal): Promise<void> {
  const now = new Date();
  const day = 24 * 3600_000;
  const coops = await db.cooperative.createManyAndReturn({
    data: Array.from({ length: COOPERATIVES }, (_, i) => ({
      name: `HTX Bench ${i + 1}`,
      province: 'Tỉnh Bench',
      commune: `Xã ${i + 1}`,
      sector: 'agriculture',
    })),
    select: { id: true },
  });
  const coopOf = (i: number) => coops[i % coops.length]!.id;
  const a = await db.announcement.create({
    data: {
      kind: 'training',
      status: 'sending',
      queuedAt: now,
      audience: 'directors',
      title: TITLE,
      body: BODY,
      province: 'Tỉnh Bench',
      startsAt: new Date(now.getTime() + 7 * day),
      registerBy: new Date(now.getTime() + 5 * day),
      place: 'Hội trường UBND tỉnh',
      communes: [],
      sectors: [],
      cooperativeIds: [],
    },
  });
  const message = {
    text: `📢 ${TITLE}\n\n${BODY}`,
    buttons: [
      [
        { label: '✅ Tôi sẽ tham dự', action: rsvpAction(a.id, true) },
        { label: 'Không tham dự', action: rsvpAction(a.id, false) },
      ],
    ],
  };
  for (let start = 0; start < recipients; start += BATCH) {
    signal.throwIfAborted();
    const indexes = Array.from({ length: Math.min(BATCH, recipients - start) }, (_, k) => start + k);
    const people = await db.person.createManyAndReturn({
      data: indexes.map((i) => ({ name: `Giám đốc ${i}`, role: 'director' as const, locale: 'vi', cooperativeId: coopOf(i) })),
      select: { id: true, name: true },
    });
    const idOf = new Map(people.map((p) => [p.name, p.id]));
    const rows = indexes.map((i) => ({ i, personId: idOf.get(`Giám đốc ${i}`)!, externalId: String(RECIPIENT_BASE + i) }));
    await db.channelAccount.createMany({
      data: rows.map((r) => ({ channel: 'telegram', externalId: r.externalId, personId: r.personId, displayName: `GĐ ${r.i}`, lastInboundAt: now })),
    });
    await db.outboxMessage.createMany({
      data: rows.map((r) => ({
        topic: `announcement:${a.id}`,
        announcementId: a.id,
        personId: r.personId,
        channel: 'telegram',
        externalId: r.externalId,
        message,
        status: 'pending' as const,
      })),
    });
  }
  for (let i = 0; i < INTERACTIVE_USERS; i++) {
    await db.person.create({
      data: {
        name: `Xã viên ${i}`,
        role: 'member',
        locale: 'vi',
        cooperativeId: coopOf(i),
        accounts: { create: { channel: 'telegram', externalId: String(INTERACTIVE_BASE + i), displayName: `XV ${i}`, lastInboundAt: now } },
      },
    });
  }
}

/** Waits until the bot long-polls the fake (a getUpdates call after call number `from`). */
async function waitPolling(fake: FakeTelegramServer, bot: Bot, from: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let i = from;
  for (;;) {
    for (; i < fake.calls.length; i++) if (fake.calls[i]!.method === 'getUpdates') return;
    if (!bot.running()) throw new Error(`the bot exited (code ${String(bot.child.exitCode)}) before polling:\n${bot.tail()}`);
    if (Date.now() > deadline) throw new Error(`the bot did not poll within ${START_TIMEOUT_MS / 1000} s:\n${bot.tail()}`);
    await sleep(100, undefined, { signal });
  }
}

/**
 * The share of the platform's limit the bot gives to announcements (`--share`): the rest is
 * headroom for the interactive replies sent meanwhile (as the default 25 of Telegram's 30 messages
 * a second). Above 0.97, since `achieved_pct` is measured against the platform's limit and is
 * meant to reach 97%. At a small limit (25/s) the headroom is below one message a second: run it
 * with `--interactive-per-s 0`, or the probes' replies alone can exceed the limit.
 */
const BROADCAST_SHARE = 0.98;

/**
 * `npm run bench -- broadcast [--recipients 20000] [--rate 500] [--crash] [--interactive-per-s 5] [--share 0.98]`:
 * one announcement queued in the outbox for `recipients` directors, delivered by the real bot
 * process to a fake Telegram that refuses more than `rate` sends a second (429). Meanwhile users
 * send /menu and the time to the bot's reply is measured. With --crash the bot is killed (SIGKILL)
 * half-way and started again. Reports the rate achieved, lost and duplicate copies, and the
 * latency of interactive replies.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      recipients: { type: 'string', default: '20000' },
      rate: { type: 'string', default: '500' },
      crash: { type: 'boolean', default: false },
      'interactive-per-s': { type: 'string', default: '5' },
      share: { type: 'string', default: String(BROADCAST_SHARE) },
    },
  });
  const recipients = Number(values.recipients);
  const rate = Number(values.rate);
  const probesPerSecond = Number(values['interactive-per-s']);
  const crash = values.crash === true;
  const share = Number(values.share);
  if (!(share > 0 && share <= 1)) throw new Error('--share must be a number in (0, 1]');
  if (!Number.isInteger(recipients) || recipients < 1 || !Number.isInteger(rate) || rate < 1 || !(probesPerSecond >= 0)) {
    throw new Error('--recipients and --rate must be positive whole numbers, --interactive-per-s a number ≥ 0');
  }

  const interrupted = new AbortController();
  const signal = interrupted.signal;
  // Kept until cleanup is over: with no listener, a second SIGINT (tsx relays the terminal's) would exit mid-cleanup.
  const onSignal = () => interrupted.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let bot: Bot | undefined;
  // Last resort if this process dies without cleaning up: never leave a bot behind.
  const killBot = () => void bot?.child.kill('SIGKILL');
  process.once('exit', killBot);

  let fake: FakeTelegramServer | undefined;
  let database: BotDatabase | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  try {
    fake = await startFakeTelegram({ token: TOKEN, rateLimit: { perSecond: rate } });
    database = await botDatabase();
    const seedStarted = performance.now();
    {
      const db = await database.open();
      try {
        await db.migrate();
        await seed(db.prisma, recipients, signal);
      } finally {
        await db.close(); // PGlite: one process per data folder, and the bot is next
      }
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    signal.throwIfAborted();

    const env: Record<string, string> = {
      ...database.env,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      CONSOLE: 'off',
      TELEGRAM_BROADCAST_PER_SECOND: String(Math.floor(rate * share * 100) / 100),
      OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      REPORT_REMINDERS: 'false',
      LOG_LEVEL: 'warn',
      MIGRATE_ON_START: 'true',
    };

    // What the fake delivered, read every POLL_MS from its log (in order of delivery).
    const copies = new Uint32Array(recipients);
    let reached = 0;
    let cursor = 0;
    let firstAt = 0;
    let lastAt = 0;
    let killedAt = 0;
    let resumedAt = 0;
    /** When the last recipient got its first copy, and how many copies had been delivered by then. */
    let completeAt = 0;
    let copiesUntilComplete = 0;
    let totalCopies = 0;
    // /menu probes: push time by chat, latencies, and users no longer probed (a probe cut off by the crash).
    const outstanding = new Map<string, number>();
    const latencies: number[] = [];
    /** Reply times of the probes sent once the bot had run WARM_MS (its first queries compile Prisma's plans). */
    const warmLatencies: number[] = [];
    let warmFrom = Infinity;
    const retired = new Set<string>();
    let probes = 0;
    let interruptedProbes = 0;
    let probing = false;

    const ingest = () => {
      const batch = fake!.deliveries(cursor);
      cursor += batch.length;
      for (const d of batch) {
        const n = Number(d.chatId);
        if (n >= RECIPIENT_BASE && n < RECIPIENT_BASE + recipients) {
          if (d.method !== 'sendMessage' || !d.text?.includes(TITLE)) continue;
          const i = n - RECIPIENT_BASE;
          totalCopies++;
          if (!firstAt) firstAt = d.at;
          if (killedAt && !resumedAt && d.at > killedAt) resumedAt = d.at;
          lastAt = d.at;
          if (reached < recipients) copiesUntilComplete++;
          if (copies[i]!++ === 0 && ++reached === recipients) completeAt = d.at;
        } else if (d.method === 'sendMessage') {
          const pushedAt = outstanding.get(d.chatId);
          if (pushedAt !== undefined && d.at >= pushedAt) {
            latencies.push(d.at - pushedAt);
            if (pushedAt >= warmFrom) warmLatencies.push(d.at - pushedAt);
            outstanding.delete(d.chatId);
          }
        }
      }
    };
    const probe = () => {
      if (!probing) return;
      const idle: number[] = [];
      for (let i = 0; i < INTERACTIVE_USERS; i++) {
        const chat = String(INTERACTIVE_BASE + i);
        if (!outstanding.has(chat) && !retired.has(chat)) idle.push(INTERACTIVE_BASE + i);
      }
      const user = idle[Math.floor(Math.random() * idle.length)];
      if (user === undefined) return;
      outstanding.set(String(user), Date.now());
      fake!.sendText(user, '/menu');
      probes++;
    };

    const startedAt = Date.now();
    const deadline = startedAt + ((recipients / rate) * 3 + 60) * 1000;
    const port = await freePort();
    bot = startBot(env, port);
    await waitPolling(fake, bot, 0, signal);
    // /healthz as a load balancer asks it, from the start of the broadcast to its end.
    let health = watchHealth(port);
    const healthRuns: HealthChecks[] = [];
    warmFrom = Date.now() + WARM_MS;
    const pollingAfter = (Date.now() - startedAt) / 1000;
    probing = probesPerSecond > 0;
    if (probing) probeTimer = setInterval(probe, 1000 / probesPerSecond);

    let crashed = false;
    let restartSeconds = 0;
    /** The crash: the last copy before the kill, the kill, and the first copy after the restart. */
    let lastBeforeKill = 0;
    let crashedAtReached = 0;
    let timedOut = false;
    for (;;) {
      await sleep(POLL_MS, undefined, { signal });
      ingest();
      if (reached >= recipients) break;
      if (Date.now() >= deadline) {
        timedOut = true;
        break;
      }
      if (!bot.running()) throw new Error(`the bot exited (code ${String(bot.child.exitCode)}) during the broadcast:\n${bot.tail()}`);
      if (crash && !crashed && reached >= recipients / 2) {
        crashed = true;
        crashedAtReached = reached;
        probing = false;
        healthRuns.push(await health.stop()); // a dead bot's health is not the figure
        bot.child.kill('SIGKILL');
        await bot.exited;
        killedAt = Date.now();
        ingest();
        lastBeforeKill = lastAt;
        // A probe in flight may never be answered, or be answered after the restart: neither is a reply time.
        for (const chat of outstanding.keys()) retired.add(chat);
        interruptedProbes += outstanding.size;
        outstanding.clear();
        const mark = fake.calls.length;
        bot = startBot(env, port);
        await waitPolling(fake, bot, mark, signal);
        restartSeconds = (Date.now() - killedAt) / 1000;
        health = watchHealth(port);
        warmFrom = Date.now() + WARM_MS;
        probing = probesPerSecond > 0;
      }
    }
    const broadcastSeconds = ((completeAt || Date.now()) - startedAt) / 1000;
    healthRuns.push(await health.stop());
    probing = false;
    clearInterval(probeTimer);

    // Late copies (a row resent after its lease) and the last probes' replies still count.
    const settleUntil = Date.now() + (timedOut ? 0 : SETTLE_MS);
    const probesUntil = Date.now() + PROBE_GRACE_MS;
    while (Date.now() < Math.max(settleUntil, outstanding.size ? probesUntil : 0)) {
      await sleep(POLL_MS, undefined, { signal });
      ingest();
    }
    ingest();
    // Unanswered probes count with the time waited so far (a lower bound).
    const unanswered = outstanding.size;
    for (const pushedAt of outstanding.values()) latencies.push(Date.now() - pushedAt);

    await stopBot(bot);
    let outbox = '';
    try {
      const db = await database.open();
      try {
        const rows = await db.prisma.outboxMessage.groupBy({ by: ['status'], _count: { _all: true }, orderBy: { status: 'asc' } });
        outbox = rows.map((r) => `${r.status} ${r._count._all}`).join(', ');
      } finally {
        await db.close();
      }
    } catch (err) {
      outbox = `unreadable (${(err as Error).message})`;
    }

    let duplicates = 0;
    let lost = 0;
    for (const c of copies) {
      if (c === 0) lost++;
      else duplicates += c - 1;
    }
    // A few duplicated chats with their copies' times (seconds after the first delivery), to tell crash resends from others.
    let duplicateSample = '';
    if (duplicates) {
      const sample = new Map<string, number[]>();
      for (let i = 0; i < recipients && sample.size < 3; i++) if (copies[i]! > 1) sample.set(String(RECIPIENT_BASE + i), []);
      for (const d of fake.deliveries()) if (d.method === 'sendMessage' && d.text?.includes(TITLE)) sample.get(d.chatId)?.push(d.at);
      duplicateSample = ` (e.g. ${[...sample].map(([chat, at]) => `chat ${chat} at ${at.map((t) => ((t - firstAt) / 1000).toFixed(2)).join(' & ')} s`).join('; ')})`;
    }
    const end = completeAt || lastAt;
    // The rate while a bot was sending: the restart (kill to first copy after it) is not counted.
    const downtime = crashed && resumedAt && lastBeforeKill ? resumedAt - lastBeforeKill : 0;
    const spanSeconds = (end - firstAt - downtime) / 1000;
    const counted = completeAt ? copiesUntilComplete : totalCopies;
    const achievedPct = firstAt && spanSeconds > 0 ? Number(((counted / spanSeconds / rate) * 100).toFixed(1)) : 0;
    const ms = (p: number) => (latencies.length ? Math.round(percentile(latencies, p)) : null);
    const result = {
      bench: 'broadcast',
      db: database.label,
      recipients,
      limit_per_s: rate,
      broadcast_per_s: Math.floor(rate * share * 100) / 100,
      crash,
      achieved_pct: achievedPct,
      duplicates,
      lost,
      interactive_p99_ms: ms(99),
      interactive_p50_ms: ms(50),
      interactive_warm_p99_ms: warmLatencies.length ? Math.round(percentile(warmLatencies, 99)) : null,
      healthz_p99_ms: healthFigures(healthRuns).p99_ms,
      healthz_max_ms: healthFigures(healthRuns).max_ms,
      rejected_429: fake.repliedWith(429),
      seconds: Number(broadcastSeconds.toFixed(1)),
    };
    console.log(
      `broadcast of ${recipients} on ${result.db}, limit ${rate}/s${crash ? `, killed at ${crashedAtReached} reached, polling again ${restartSeconds.toFixed(1)} s later` : ''}: ` +
        `${reached} reached${timedOut ? ` — TIMED OUT after ${broadcastSeconds.toFixed(0)} s` : ` in ${broadcastSeconds.toFixed(1)} s`} ` +
        `(seeded in ${seedSeconds.toFixed(1)} s, polling ${pollingAfter.toFixed(1)} s after start), ${achievedPct}% of the limit, ${duplicates} duplicates${duplicateSample}, ${lost} lost; ` +
        `interactive p50 ${String(result.interactive_p50_ms)} ms, p99 ${String(result.interactive_p99_ms)} ms over ${latencies.length} of ${probes} probes (${unanswered} unanswered, ${interruptedProbes} cut off by the crash), ` +
        `p99 ${String(result.interactive_warm_p99_ms)} ms over the ${warmLatencies.length} sent ${WARM_MS / 1000} s or more after a start; ` +
        `/healthz p99 ${result.healthz_p99_ms} ms, max ${result.healthz_max_ms} ms; ` +
        `${result.rejected_429} × 429; outbox: ${outbox}`,
    );
    console.log(JSON.stringify(result));
  } catch (err) {
    if (!signal.aborted) throw err;
    console.error('broadcast bench interrupted; cleaning up');
    process.exitCode = 130;
  } finally {
    clearInterval(probeTimer);
    if (bot) await stopBot(bot).catch(() => undefined);
    await fake?.close().catch(() => undefined);
    await database?.drop().catch((err: unknown) => console.error(`could not drop the scratch database: ${(err as Error).message}`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', killBot);
  }
}
