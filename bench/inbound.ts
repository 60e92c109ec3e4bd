import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import type { InboundMessage } from '../src/lib/messages.js';
import { createLogger } from '../src/lib/logger.js';
import { percentile, scratchDatabase } from './scratch-database.js';

/** What each synthetic user says, in order: registration, menus, help, free text, their data. */
function script(i: number): string[] {
  return ['/start', '📝 Đăng ký thông tin', 'dong y', `Nguyễn Văn ${i}`, 'Bỏ qua', '/menu', '/trogiup', 'vay von uu dai', '/dulieu', '⬅️ Về menu'];
}

/**
 * `npm run bench -- inbound [--messages 10000] [--users 1000] [--concurrency 4]`: synthetic
 * messages from many users through the real router, handlers and database. `concurrency` users
 * talk at once (each waits for its reply before its next message, as people do).
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { messages: { type: 'string', default: '10000' }, users: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '4' } },
  });
  const total = Number(values.messages);
  const users = Number(values.users);
  const concurrency = Number(values.concurrency);
  const perUser = Math.ceil(total / users);

  const scratch = await scratchDatabase();
  const logger = createLogger({ level: 'warn' });
  const app = await createApp(
    {
      database: { kind: 'pglite', dataDir: 'unused' },
      migrateOnStart: false,
      defaultLocale: 'vi',
      rateLimit: { messages: 1_000_000, windowMs: 1000 },
      conversationTtlMs: 72 * 3600_000,
    },
    logger,
    scratch.db,
  );

  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let nextUser = 0;
  async function worker(): Promise<void> {
    while (nextUser < users && sent < total) {
      const u = nextUser++;
      const lines = script(u);
      for (let k = 0; k < perUser && sent < total; k++) {
        sent++;
        const msg: InboundMessage = { channel: 'console', chatId: `bench-${u}`, userId: `bench-${u}`, text: lines[k % lines.length], receivedAt: new Date() };
        const t0 = performance.now();
        const replies = await app.router.handle(msg);
        latencies.push(performance.now() - t0);
        if (replies.length === 0 || replies.some((r) => r.text.startsWith('Xin lỗi, đã có lỗi'))) errors++;
      }
    }
  }

  // What /healthz asks meanwhile: the database's ping, every 100 ms.
  const pings: number[] = [];
  let pinging = true;
  const pinger = (async () => {
    while (pinging) {
      const t0 = performance.now();
      await app.db.ping().catch(() => false);
      pings.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  pinging = false;
  await pinger;
  const people = await app.db.prisma.person.count({ where: { name: { not: null } } });
  await app.close();
  await scratch.drop();

  const result = {
    bench: 'inbound',
    db: scratch.label,
    messages: latencies.length,
    users,
    concurrency,
    errors,
    registered: people,
    msgs_per_s: Math.round(latencies.length / seconds),
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    ping_p99_ms: Number(percentile(pings, 99).toFixed(2)),
  };
  console.log(
    `${result.messages} messages from ${users} users (${concurrency} at a time) on ${result.db}: ${result.msgs_per_s} msg/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${errors} errors; database ping (/healthz) p99 ${result.ping_p99_ms} ms`,
  );
  console.log(JSON.stringify(result));
}
