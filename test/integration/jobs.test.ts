import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notifyNobody } from '../../src/delivery/notify.js';
import { runHousekeeping } from '../../src/jobs/housekeeping.js';
import { scheduleJobs } from '../../src/jobs/schedule-jobs.js';
import type { Services } from '../../src/services/services.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;
let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await createTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'htx-jobs-'));
});
afterAll(async () => {
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runHousekeeping', () => {
  it('prunes expired rows, vacuums PGlite and removes week-old export files, once', async () => {
    const now = new Date();
    await app.db.prisma.inboundEvent.createMany({
      data: [
        { channel: 'telegram', eventId: 'hk-old', receivedAt: new Date(now.getTime() - 8 * DAY) },
        { channel: 'telegram', eventId: 'hk-new', receivedAt: now },
      ],
    });
    const old = path.join(dir, 'bao-cao-annual-2026-old.xlsx');
    await writeFile(old, 'x');
    await utimes(old, new Date(now.getTime() - 8 * DAY), new Date(now.getTime() - 8 * DAY));
    await writeFile(path.join(dir, 'bao-cao-annual-2026-new.csv'), 'x');

    const deps = { services: app.services, databaseKind: app.db.kind, exportsDir: dir, logger: app.logger };
    const first = await runHousekeeping(deps, now);
    expect(first).toMatchObject({ pruned: { events: 1 }, vacuumed: app.db.kind === 'pglite', exportFiles: 1 });
    expect(await app.db.prisma.inboundEvent.count({ where: { eventId: { startsWith: 'hk-' } } })).toBe(1);
    expect(await runHousekeeping(deps, now)).toMatchObject({ pruned: { events: 0 }, exportFiles: 0 });
  });

  it('logs a part that fails and still runs the others', async () => {
    const services = { pruneExpired: () => Promise.reject(new Error('database gone')), vacuumEmbedded: async () => false } as unknown as Pick<
      Services,
      'pruneExpired' | 'vacuumEmbedded'
    >;
    const r = await runHousekeeping({ services, databaseKind: 'postgres', exportsDir: path.join(dir, 'missing'), logger: app.logger }, new Date());
    expect(r).toEqual({ pruned: null, vacuumed: false, exportFiles: 0 });
    expect(app.logs.some((l) => l.msg === 'pruning failed')).toBe(true);
  });
});

describe('scheduleJobs', () => {
  it('runs the announcement jobs every 5 seconds, never overlapping, and waits for a run under way on stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      let runs = 0;
      let release = () => {};
      const services = {
        ...app.services,
        queueDueAnnouncements: () => {
          runs++;
          return new Promise<number>((resolve) => (release = () => resolve(0)));
        },
      } as Services;
      const jobs = scheduleJobs({ services, translator: app.translator, logger: app.logger, notify: notifyNobody, progress: { senders: {}, editors: {} } });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(runs).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(runs).toBe(1);
      // Still running: the next ticks are skipped.
      await vi.advanceTimersByTimeAsync(15_000);
      expect(runs).toBe(1);
      let stopped = false;
      const stopping = jobs.stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(stopped).toBe(true);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
