import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startFakeZaloOa, type FakeZaloOaServer } from '../test/fakes/zalo-oa-server.js';
import { freePort, healthFigures, startBot, stopBot, waitHealthy, watchHealth, type Bot } from './bot-process.js';
import { percentile } from './scratch-database.js';

const REFRESH_TOKEN = 'refresh-burst-bench';
const USER_BASE = 8_800_000_000;
const WARMUP_USERS = 5;
/** What the users say: a greeting, a policy question, the menu, a question typed without diacritics. */
const LINES = ['xin chào', 'vay vốn ưu đãi cho HTX', '/menu', 'thue tndn cua htx'];
const REPLY_TIMEOUT_MS = 180_000;

/**
 * `npm run bench -- burst [--users 2000]`: the moment after an announcement, when everyone answers
 * at once. One real bot process on its embedded database (PGlite in a scratch folder) receives
 * `users` Zalo OA messages at the same instant through its signed webhook, from the fake OA, while
 * /healthz is asked every 50 ms as a load balancer would. Reports how fast the webhooks were
 * acknowledged, when every user had an answer, and /healthz's times (it must stay well under the
 * Dockerfile's 5 s HEALTHCHECK timeout).
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { users: { type: 'string', default: '2000' } } });
  const users = Number(values.users);
  if (!Number.isInteger(users) || users < 1) throw new Error('--users must be a whole number ≥ 1');

  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort(new Error('interrupted'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dir = mkdtempSync(path.join(tmpdir(), 'htx-bench-burst-'));
  let oa: FakeZaloOaServer | undefined;
  let bot: Bot | undefined;
  const killBot = () => void bot?.child.kill('SIGKILL');
  process.once('exit', killBot);
  try {
    oa = await startFakeZaloOa({ refreshToken: REFRESH_TOKEN });
    const port = await freePort();
    bot = startBot(
      {
        DATA_DIR: dir,
        CONSOLE: 'off',
        LOG_LEVEL: 'warn',
        REPORT_REMINDERS: 'false',
        MIGRATE_ON_START: 'true',
        ZALO_OA_APP_ID: oa.appId,
        ZALO_OA_APP_SECRET: oa.appSecret,
        ZALO_OA_SECRET_KEY: oa.oaSecretKey,
        ZALO_OA_REFRESH_TOKEN: REFRESH_TOKEN,
        ZALO_OA_API_ROOT: oa.url,
        ZALO_OA_OAUTH_ROOT: oa.url,
      },
      port,
    );
    await waitHealthy(bot, interrupted.signal);
    oa.setWebhook(`http://127.0.0.1:${port}/zalo/oa/webhook`);
    const fake = oa;
    const answered = (user: string) => fake.sentTo(user).length > 0;

    // A few users first, so that the burst meets a started bot (as in production), not a cold one.
    for (let i = 0; i < WARMUP_USERS; i++) await fake.pushEvent(fake.textEvent(String(USER_BASE - 1 - i), LINES[i % LINES.length]!));
    for (const deadline = Date.now() + 60_000; ; await sleep(50)) {
      if (Array.from({ length: WARMUP_USERS }, (_, i) => String(USER_BASE - 1 - i)).every(answered)) break;
      if (Date.now() > deadline) throw new Error(`the warm-up was not answered:\n${bot.tail()}`);
    }

    const health = watchHealth(port, 50);
    await sleep(500); // a few checks at rest
    const ids = Array.from({ length: users }, (_, i) => String(USER_BASE + i));
    const started = performance.now();
    const acks: number[] = [];
    let refused = 0;
    const answeredAt = new Map<string, number>();
    const acked = Promise.all(
      ids.map(async (user, i) => {
        const t0 = performance.now();
        const res = await fake.pushEvent(fake.textEvent(user, LINES[i % LINES.length]!)).catch(() => ({ status: 0 }));
        acks.push(performance.now() - t0);
        if (res.status !== 200) refused++;
      }),
    );
    let waiting = ids;
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (waiting.length && Date.now() < deadline && bot.running()) {
      await sleep(50, undefined, { signal: interrupted.signal });
      const now = performance.now() - started;
      waiting = waiting.filter((u) => !(answered(u) && answeredAt.set(u, now)));
    }
    await acked;
    const allSeconds = (performance.now() - started) / 1000;
    const h = healthFigures([await health.stop()]);
    await stopBot(bot);

    const replies = [...answeredAt.values()];
    const result = {
      bench: 'burst',
      db: 'pglite',
      users,
      acknowledged: users - refused,
      ack_p50_ms: Math.round(percentile(acks, 50)),
      ack_p99_ms: Math.round(percentile(acks, 99)),
      answered: answeredAt.size,
      reply_p50_ms: Math.round(percentile(replies, 50)),
      reply_p99_ms: Math.round(percentile(replies, 99)),
      all_answered_s: waiting.length ? null : Number(allSeconds.toFixed(1)),
      healthz_p50_ms: h.p50_ms,
      healthz_p99_ms: h.p99_ms,
      healthz_max_ms: h.max_ms,
      healthz_checks: h.checks,
      healthz_failed: h.failed,
    };
    console.log(
      `${users} Zalo OA users at once on PGlite: ${result.acknowledged} acknowledged (p50 ${result.ack_p50_ms} ms, p99 ${result.ack_p99_ms} ms), ` +
        `${result.answered} answered (p50 ${result.reply_p50_ms} ms, p99 ${result.reply_p99_ms} ms after the burst began${waiting.length ? `; ${waiting.length} never` : `, all in ${result.all_answered_s} s`}); ` +
        `/healthz p50 ${h.p50_ms} ms, p99 ${h.p99_ms} ms, max ${h.max_ms} ms over ${h.checks} checks, ${h.failed} not ok`,
    );
    console.log(JSON.stringify(result));
  } finally {
    if (bot) await stopBot(bot);
    process.off('exit', killBot);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await oa?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
