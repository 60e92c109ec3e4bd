import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnv, projectRoot } from '../test/support/chat-process.js';
import { percentile } from './scratch-database.js';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

/** The bot as one real process, as the benchmarks run it. */
export interface Bot {
  /** Its HTTP port (0: the OS's choice, unknown here). */
  port: number;
  child: ChildProcess;
  exited: Promise<void>;
  running(): boolean;
  /** The last 4,000 characters it printed. */
  tail(): string;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the bot to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node --import tsx src/main.ts` (so a SIGKILL reaches the bot itself) with `env`, on
 * `port` (its PUBLIC_URL too). BENCH_BOT_NODE_FLAGS adds node flags (e.g. --cpu-prof).
 */
export function startBot(env: Record<string, string>, port = 0): Bot {
  const flags = process.env.BENCH_BOT_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: childEnv({ ...env, HTTP_PORT: String(port), ...(port && { PUBLIC_URL: `http://127.0.0.1:${port}` }) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (c: Buffer) => (tail = (tail + c.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    const end = () => ((done = true), resolve());
    child.once('exit', end);
    child.once('error', (err) => ((tail += `\n${err.message}`), end()));
  });
  return { port, child, exited, running: () => !done, tail: () => tail };
}

/** Waits until the bot's /healthz answers 200. */
export async function waitHealthy(bot: Bot, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!bot.running()) throw new Error(`a bot exited (code ${String(bot.child.exitCode)}) before it was healthy:\n${bot.tail()}`);
    if (Date.now() > deadline) throw new Error(`a bot was not healthy within ${START_TIMEOUT_MS / 1000} s:\n${bot.tail()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200, undefined, { signal });
  }
}

/** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
export async function stopBot(bot: Bot): Promise<void> {
  if (!bot.running()) return;
  bot.child.kill('SIGTERM');
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await bot.exited;
  clearTimeout(timer);
}

/** What watchHealth saw: each check's time (ms) and how many were not 200. */
export interface HealthChecks {
  times: number[];
  failed: number;
}

/**
 * Asks the bot's /healthz every `everyMs` (as a load balancer or Docker's HEALTHCHECK does) until
 * stopped: the time to each answer (a request that fails or times out after 5 s, the Dockerfile's
 * timeout, counts as its time so far) and how many were not 200.
 */
export function watchHealth(port: number, everyMs = 100): { stop(): Promise<HealthChecks> } {
  const times: number[] = [];
  let failed = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      const t0 = performance.now();
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (!res.ok) failed++;
      } catch {
        failed++;
      }
      const took = performance.now() - t0;
      times.push(took);
      await sleep(Math.max(0, everyMs - took));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return { times, failed };
    },
  };
}

/** The figures of one or more watchHealth runs together. */
export function healthFigures(runs: HealthChecks[]): { p50_ms: number; p99_ms: number; max_ms: number; checks: number; failed: number } {
  const times = runs.flatMap((r) => r.times);
  const r = (p: number) => Math.round(percentile(times, p));
  return { p50_ms: r(50), p99_ms: r(99), max_ms: r(100), checks: times.length, failed: runs.reduce((n, x) => n + x.failed, 0) };
}
