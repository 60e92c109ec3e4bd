import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { createFreshPostgresDatabase } from '../tools/fresh-postgres-database.js';
import { startFakeTelegram, type FakeTelegramServer } from '../test/fakes/telegram-server.js';
import { freePort, startBot, stopBot, waitHealthy, type Bot } from './bot-process.js';
import { percentile } from './scratch-database.js';

const TOKEN = '123456:CLUSTERbenchCLUSTERbench01';
const SECRET = 'cluster-bench-webhook-secret';
const USER_BASE = 700_000_000;
/** The law's articles are 1–115: message k of a user asks for article k + 1, and its reply names it. */
const ARTICLES = 115;
const START_TIMEOUT_MS = 120_000;
/** A webhook POST unanswered this long is abandoned and delivered again, as Telegram does. */
const POST_TIMEOUT_MS = 30_000;
/** After the last message is acknowledged, replies are waited for this long at most. */
const SETTLE_MS = 60_000;
/** Late duplicates (a redelivery answered twice) are still counted this long after the last reply. */
const LINGER_MS = 3_000;
const POLL_MS = 50;
const ARTICLE_RE = /^Điều (\d+)\./m;

const WARMUP_BASE = 600_000_000;

/** A private chat's text message as Telegram posts it to a webhook. */
function textUpdate(updateId: number, chatId: number, messageId: number, text: string): Record<string, unknown> {
  const command = /^\/[a-z]+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: chatId, is_bot: false, first_name: `U${chatId}`, language_code: 'vi' },
      chat: { id: chatId, type: 'private', first_name: `U${chatId}` },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(command && { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] }),
    },
  };
}

export interface PhaseResult {
  processes: number;
  messages: number;
  users: number;
  answered: number;
  msgs_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** From the first POST of a message to its 2xx (redeliveries included). */
  ack_p99_ms: number;
  lost: number;
  duplicated_replies: number;
  out_of_order: number;
  redelivered_posts: number;
  killed: boolean;
  /** Messages acknowledged but not yet answered when the process was killed: the bound on duplicates. */
  in_flight_at_kill: number | null;
  restart_s: number | null;
  seconds: number;
}

interface PhaseOptions {
  processes: number;
  users: number;
  perUser: number;
  window: number;
  kill: boolean;
  adminUrl: string;
  signal: AbortSignal;
  log(line: string): void;
}

/**
 * One run: a fresh database, `processes` bots on webhooks, and every user's messages POSTed to
 * them in turn, as a load balancer in front of them would (round-robin over all messages, so a
 * user's consecutive messages land on different processes). Like Telegram, an update is posted
 * again (to the next process) until one answers 2xx, and a user's next update is posted only once
 * the one before was acknowledged; at most `window` of a user's messages are unanswered at once.
 */
async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const fake: FakeTelegramServer = await startFakeTelegram({ token: TOKEN });
  const fresh = await createFreshPostgresDatabase(o.adminUrl, 'htx_bench_cluster');
  const dirs: string[] = [];
  const bots: Bot[] = [];
  const killAll = () => {
    for (const b of bots) b.child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  try {
    {
      const db = await openDatabase({ kind: 'postgres', url: fresh.url });
      try {
        await db.migrate();
      } finally {
        await db.close();
      }
    }
    const baseEnv = (dir: string): Record<string, string> => ({
      DATABASE_URL: fresh.url,
      DATA_DIR: dir,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      CONSOLE: 'off',
      MIGRATE_ON_START: 'false',
      REPORT_REMINDERS: 'false',
      RATE_LIMIT_MESSAGES: '1000000',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    const envs: Record<string, string>[] = [];
    for (let i = 0; i < o.processes; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'htx-bench-cluster-'));
      dirs.push(dir);
      envs.push(baseEnv(dir));
      bots.push(startBot(envs[i]!, await freePort()));
    }
    await Promise.all(bots.map((b) => waitHealthy(b, o.signal)));
    let cursorStart = 0;
    o.log(`${o.processes} process(es) healthy on ports ${bots.map((b) => b.port).join(', ')}`);
    // Warm-up (not measured): each process answers a few messages first (code paths compiled, caches filled).
    await Promise.all(
      bots.map(async (bot, b) => {
        for (let k = 0; k < 5; k++) {
          const chatId = WARMUP_BASE + b;
          const res = await fetch(`http://127.0.0.1:${bot.port}/telegram/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(textUpdate(1_000_000_000 + b * 10 + k, chatId, k + 1, `/dieuluat ${k + 1}`)),
          });
          await res.arrayBuffer();
        }
      }),
    );
    for (const b of bots.keys()) {
      const deadline = Date.now() + START_TIMEOUT_MS;
      while (fake.sentTo(WARMUP_BASE + b).length < 5 && Date.now() < deadline) await sleep(POLL_MS, undefined, { signal: o.signal });
    }
    cursorStart = fake.deliveries().length;

    const total = o.users * o.perUser;
    /** Per message (user u, index k → u * perUser + k): first POST time, reply time, copies of its reply. */
    const postedAt = new Float64Array(total);
    const ackedAt = new Float64Array(total);
    const repliedAt = new Float64Array(total);
    const copies = new Uint16Array(total);
    /** Per user: the highest article answered so far (first copies), to count replies out of order. */
    const highest = new Int32Array(o.users).fill(-1);
    let answered = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    let redelivered = 0;
    let cursor = cursorStart;
    let lastReplyAt = 0;
    const ingest = () => {
      const batch = fake.deliveries(cursor);
      cursor += batch.length;
      for (const d of batch) {
        const u = Number(d.chatId) - USER_BASE;
        if (!(u >= 0 && u < o.users) || d.method !== 'sendMessage' || !d.text) continue;
        const m = ARTICLE_RE.exec(d.text);
        if (!m) continue;
        const k = Number(m[1]) - 1;
        if (!(k >= 0 && k < o.perUser)) continue;
        const i = u * o.perUser + k;
        if (copies[i]!++ > 0) {
          duplicates++;
          continue;
        }
        repliedAt[i] = d.at;
        lastReplyAt = d.at;
        answered++;
        if (k < highest[u]!) outOfOrder++;
        else highest[u] = k;
      }
    };

    let nextUpdateId = 1;
    let rr = 0;
    /** Posts one update until some process acknowledges it (2xx), trying the processes in turn. */
    async function deliver(update: Record<string, unknown>): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        o.signal.throwIfAborted();
        const bot = bots[rr++ % bots.length]!;
        if (attempt > 0) redelivered++;
        try {
          const res = await fetch(`http://127.0.0.1:${bot.port}/telegram/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(POST_TIMEOUT_MS),
          });
          await res.arrayBuffer();
          if (res.ok) return;
        } catch {
          // refused (a killed process), reset or timed out: Telegram tries again
        }
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 4)), undefined, { signal: o.signal });
      }
    }

    /** One user: message k is posted once k − 1 is acknowledged and k − window answered. */
    async function user(u: number): Promise<void> {
      const chatId = USER_BASE + u;
      for (let k = 0; k < o.perUser; k++) {
        const before = k - o.window;
        while (before >= 0 && copies[u * o.perUser + before] === 0) await sleep(POLL_MS, undefined, { signal: o.signal });
        const update = textUpdate(nextUpdateId++, chatId, k + 1, `/dieuluat ${k + 1}`);
        const i = u * o.perUser + k;
        postedAt[i] = Date.now();
        await deliver(update);
        ackedAt[i] = Date.now();
      }
    }

    let killed = false;
    let inFlightAtKill: number | null = null;
    let restartSeconds: number | null = null;
    const started = Date.now();
    const users = Promise.all(Array.from({ length: o.users }, (_, u) => user(u)));
    let usersDone = false;
    void users.then(
      () => (usersDone = true),
      () => undefined,
    );
    const settleDeadline = () => Date.now() + SETTLE_MS;
    let deadline = Infinity;
    let killer: Promise<void> | null = null;
    while (answered < total) {
      await sleep(POLL_MS, undefined, { signal: o.signal });
      ingest();
      if (usersDone && deadline === Infinity) deadline = settleDeadline();
      if (Date.now() > deadline) break;
      for (const b of bots) {
        if (!b.running() && !(killed && killer)) throw new Error(`a bot exited (code ${String(b.child.exitCode)}):\n${b.tail()}`);
      }
      if (o.kill && !killed && answered >= total / 2) {
        killed = true;
        const victim = bots[0]!;
        let acked = 0;
        for (let i = 0; i < total; i++) if (postedAt[i]! > 0 && copies[i] === 0) acked++;
        inFlightAtKill = acked;
        victim.child.kill('SIGKILL');
        const killedAt = Date.now();
        o.log(`SIGKILL process on port ${victim.port} at ${answered}/${total} answered, ${acked} posted and unanswered`);
        killer = (async () => {
          await victim.exited;
          const again = startBot(envs[0]!, victim.port);
          bots[0] = again;
          await waitHealthy(again, o.signal);
          restartSeconds = (Date.now() - killedAt) / 1000;
          o.log(`restarted, healthy ${restartSeconds.toFixed(1)} s after the kill`);
          killer = null;
        })();
        killer.catch(() => undefined);
      }
    }
    await users;
    if (killer) await killer;
    // Late copies: a redelivered update answered twice may come after the last first reply.
    const lingerUntil = Date.now() + LINGER_MS;
    while (Date.now() < lingerUntil) {
      await sleep(POLL_MS, undefined, { signal: o.signal });
      ingest();
    }
    ingest();
    const end = lastReplyAt || Date.now();
    const seconds = (end - started) / 1000;
    const latencies: number[] = [];
    const acks: number[] = [];
    for (let i = 0; i < total; i++) if (ackedAt[i]! > 0) acks.push(ackedAt[i]! - postedAt[i]!);
    let lost = 0;
    for (let i = 0; i < total; i++) {
      if (copies[i] === 0) lost++;
      else latencies.push(repliedAt[i]! - postedAt[i]!);
    }
    return {
      processes: o.processes,
      messages: total,
      users: o.users,
      answered,
      msgs_per_s: Math.round(answered / seconds),
      p50_ms: Math.round(percentile(latencies, 50)),
      p99_ms: Math.round(percentile(latencies, 99)),
      ack_p99_ms: Math.round(percentile(acks, 99)),
      lost,
      duplicated_replies: duplicates,
      out_of_order: outOfOrder,
      redelivered_posts: redelivered,
      killed,
      in_flight_at_kill: inFlightAtKill,
      restart_s: restartSeconds === null ? null : Number((restartSeconds as number).toFixed(1)),
      seconds: Number(seconds.toFixed(1)),
    };
  } finally {
    await Promise.all(bots.map((b) => stopBot(b).catch(() => undefined)));
    process.off('exit', killAll);
    await fake.close().catch(() => undefined);
    await fresh.drop().catch((err: unknown) => o.log(`could not drop ${fresh.url}: ${(err as Error).message}`));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- cluster [--processes 3] [--kill] [--users 300] [--messages 3000] [--window 2]`:
 * several real bot processes (`src/main.ts`, Telegram on webhooks against the fake Telegram) on
 * one fresh Postgres database (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres),
 * each on its own port, with every message POSTed to them in turn as a load balancer would. Each
 * user asks for articles 1, 2, 3… of the law (`/dieuluat k`), whose replies name the article, so
 * lost, duplicated and out-of-order replies can be counted. With --kill one process is SIGKILLed
 * when half the messages are answered and started again. Runs the same with 1 process first, and
 * prints both side by side.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      processes: { type: 'string', default: '3' },
      kill: { type: 'boolean', default: false },
      users: { type: 'string', default: '300' },
      messages: { type: 'string', default: '3000' },
      window: { type: 'string', default: '2' },
      'skip-baseline': { type: 'boolean', default: false },
    },
  });
  const processes = Number(values.processes);
  const users = Number(values.users);
  const messages = Number(values.messages);
  const window = Number(values.window);
  const perUser = Math.ceil(messages / users);
  if (![processes, users, messages, window].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error('--processes, --users, --messages and --window must be whole numbers ≥ 1');
  }
  if (perUser > ARTICLES) throw new Error(`at most ${ARTICLES} messages per user (--messages / --users)`);
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Every waiting user listens on the one abort signal.
  setMaxListeners(0, interrupted.signal);
  const log = (line: string) => console.error(line);
  try {
    const phase = (n: number) => runPhase({ processes: n, users, perUser, window, kill: values.kill === true, adminUrl, signal: interrupted.signal, log });
    const line = (r: PhaseResult) =>
      `${r.processes} process(es)${r.killed ? ` (one SIGKILLed at ${String(r.in_flight_at_kill)} unanswered, healthy again after ${String(r.restart_s)} s)` : ''}: ` +
      `${r.answered}/${r.messages} answered from ${r.users} users in ${r.seconds} s, ${r.msgs_per_s} msg/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms (acknowledged: p99 ${r.ack_p99_ms} ms); ` +
      `${r.lost} lost, ${r.duplicated_replies} duplicated, ${r.out_of_order} out of order, ${r.redelivered_posts} posts redelivered`;
    const single = values['skip-baseline'] || processes === 1 ? null : await phase(1);
    if (single) console.log(line(single));
    const many = await phase(processes);
    console.log(line(many));
    const pick = (r: PhaseResult) => ({
      msgs_per_s: r.msgs_per_s,
      p50_ms: r.p50_ms,
      p99_ms: r.p99_ms,
      ack_p99_ms: r.ack_p99_ms,
      lost: r.lost,
      duplicated_replies: r.duplicated_replies,
      out_of_order: r.out_of_order,
      in_flight_at_kill: r.in_flight_at_kill,
      redelivered_posts: r.redelivered_posts,
    });
    console.log(
      JSON.stringify({
        bench: 'cluster',
        db: 'postgres',
        messages: many.messages,
        users,
        window,
        kill: values.kill === true,
        one: single ? pick(single) : null,
        [`processes_${processes}`]: pick(many),
      }),
    );
  } catch (err) {
    if (!interrupted.signal.aborted) throw err;
    console.error(`cluster bench interrupted (${(err as Error).message}); cleaned up`);
    process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
