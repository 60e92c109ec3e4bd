import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboundMessage } from '../../src/lib/messages.js';
import type { Db, Database } from '../../src/db/database.js';
import type { Delivered, Notify } from '../../src/delivery/notify.js';
import { createOutboxWorker, type OutboxWorkerOptions } from '../../src/delivery/outbox-worker.js';
import { createLogger } from '../../src/lib/logger.js';
import { claimOutbox } from '../../src/services/outbox/claim-outbox.js';
import { enqueueOutbox } from '../../src/services/outbox/enqueue-outbox.js';
import { markOutboxFailed, markOutboxSent } from '../../src/services/outbox/finish-outbox.js';
import { outboxStats } from '../../src/services/outbox/outbox-stats.js';
import { reconcileOutbox } from '../../src/services/outbox/reconcile-outbox.js';
import { createServices } from '../../src/services/services.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = (): Db => database.prisma;
/** 250 people, created once (personId is a foreign key). */
let people: number[] = [];
const logs: Record<string, unknown>[] = [];
const logger = createLogger({
  level: 'debug',
  destination: new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
});

beforeAll(async () => {
  database = await createTestDatabase();
  await db().person.createMany({ data: Array.from({ length: 250 }, () => ({ role: 'member' as const })) });
  people = (await db().person.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  // Every test starts from an empty outbox: runOnce claims whatever is due, whatever its topic.
  await db().outboxMessage.deleteMany();
  logs.length = 0;
});

const msg = (text: string): OutboundMessage => ({ text, buttons: [[{ label: 'Nộp báo cáo', action: 'report:start' }]], locale: 'vi' });

/** A Notify that records every call; `answer` decides each outcome (default: delivered on Telegram). */
function recordingNotify(answer: (personId: number, call: number) => Delivered | Promise<Delivered> = (p) => ({ channel: 'telegram', externalId: `tg-${p}` })) {
  const calls: { personId: number; msg: OutboundMessage }[] = [];
  const notify: Notify = async (personId, m) => {
    calls.push({ personId, msg: m });
    // Yield, so that racing workers interleave.
    await new Promise((r) => setImmediate(r));
    return answer(personId, calls.length);
  };
  const perPerson = () => {
    const counts = new Map<number, number>();
    for (const c of calls) counts.set(c.personId, (counts.get(c.personId) ?? 0) + 1);
    return counts;
  };
  return { notify, calls, perPerson };
}

const worker = (notify: Notify, o: Partial<OutboxWorkerOptions> = {}) =>
  createOutboxWorker({ services: createServices(db()), notify, logger, ratePerSecond: 10_000, pollMs: 20, ...o });

const rows = (topic: string) => db().outboxMessage.findMany({ where: { topic }, orderBy: { id: 'asc' } });

describe('enqueueing', () => {
  it('keeps one row per topic and person, whatever is enqueued again', async () => {
    expect(await enqueueOutbox(db(), [{ topic: 'reminder:annual:2026:d7', personId: people[0]!, message: msg('Nhắc lần 1') }])).toBe(1);
    expect(await enqueueOutbox(db(), [{ topic: 'reminder:annual:2026:d7', personId: people[0]!, message: msg('Nhắc lần 2') }])).toBe(0);
    const stored = await rows('reminder:annual:2026:d7');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'pending', attempts: 0, message: msg('Nhắc lần 1') });
  });

  it('takes 2,500 rows in one call, in batches', async () => {
    const many = people.flatMap((personId) => Array.from({ length: 10 }, (_, i) => ({ topic: `bulk:${i}`, personId, message: msg(`Tin ${i}`) })));
    expect(many).toHaveLength(2_500);
    expect(await enqueueOutbox(db(), many)).toBe(2_500);
    expect(await db().outboxMessage.count({ where: { topic: { startsWith: 'bulk:' } } })).toBe(2_500);
    // Again, with one new row among them: only that one is new.
    expect(await enqueueOutbox(db(), [...many, { topic: 'bulk:10', personId: people[0]!, message: msg('Mới') }])).toBe(1);
  });

  it('refuses a topic over 200 characters, before inserting anything', async () => {
    await expect(
      enqueueOutbox(db(), [
        { topic: 'ok', personId: people[0]!, message: msg('a') },
        { topic: 'x'.repeat(201), personId: people[0]!, message: msg('b') },
      ]),
    ).rejects.toThrow(/at most 200 characters/);
    expect(await db().outboxMessage.count()).toBe(0);
    expect(await enqueueOutbox(db(), [{ topic: 'x'.repeat(200), personId: people[0]!, message: msg('c') }])).toBe(1);
  });
});

describe('sending', () => {
  it('sends each due row once, oldest first, and records where it went', async () => {
    const t0 = new Date(Date.now() - 60_000);
    const targets = people.slice(0, 5);
    await enqueueOutbox(
      db(),
      targets.map((personId, i) => ({ topic: 'send', personId, message: msg(`Bí mật ${personId}`), availableAt: new Date(t0.getTime() + (5 - i) * 1000) })),
    );
    // Not due yet: left alone.
    await enqueueOutbox(db(), [{ topic: 'later', personId: people[9]!, message: msg('Sau'), availableAt: new Date(Date.now() + 3_600_000) }]);
    const rec = recordingNotify();
    const w = worker(rec.notify);

    expect(await w.runOnce()).toEqual({ sent: 5, undeliverable: 0, retried: 0, failed: 0 });
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect(rec.calls.map((c) => c.personId)).toEqual([...targets].reverse());
    expect(rec.calls[0]!.msg).toEqual(msg(`Bí mật ${targets[4]}`));

    for (const row of await rows('send')) {
      expect(row).toMatchObject({ status: 'sent', attempts: 1, channel: 'telegram', externalId: `tg-${row.personId}`, lastError: null });
      expect(row.sentAt).toBeInstanceOf(Date);
    }
    expect((await rows('later'))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    // The person id is logged, the message text never.
    expect(logs.filter((l) => l.msg === 'outbox message sent')).toHaveLength(5);
    expect(logs.find((l) => l.msg === 'outbox message sent')).toMatchObject({ topic: 'send', personId: targets[4], channel: 'telegram' });
    expect(JSON.stringify(logs)).not.toContain('Bí mật');
  });

  it('marks a row undeliverable when no account takes it', async () => {
    await enqueueOutbox(db(), [{ topic: 'nobody', personId: people[0]!, message: msg('x') }]);
    const rec = recordingNotify(() => null);
    expect(await worker(rec.notify).runOnce()).toEqual({ sent: 0, undeliverable: 1, retried: 0, failed: 0 });
    expect((await rows('nobody'))[0]).toMatchObject({ status: 'undeliverable', lastError: 'no reachable account', channel: null });
    expect(await worker(rec.notify).runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect(rec.calls).toHaveLength(1);
  });

  it('retries a passing fault later with backoff, and gives up after maxAttempts', async () => {
    let clock = new Date('2030-01-01T00:00:00Z');
    await enqueueOutbox(db(), [{ topic: 'flaky', personId: people[0]!, message: msg('x'), availableAt: clock }]);
    const rec = recordingNotify(() => {
      throw new Error(`Telegram is down ${'!'.repeat(600)}`);
    });
    const w = worker(rec.notify, { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000, now: () => clock });

    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 1, failed: 0 });
    let row = (await rows('flaky'))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lockedAt: null });
    expect(row.availableAt.getTime() - clock.getTime()).toBeGreaterThanOrEqual(45_000);
    expect(row.availableAt.getTime() - clock.getTime()).toBeLessThanOrEqual(75_000);
    expect(row.lastError).toMatch(/^Error: Telegram is down/);
    expect(row.lastError).toHaveLength(500);

    // Not due yet at the same time.
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });

    clock = new Date(row.availableAt.getTime());
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 1, failed: 0 });
    row = (await rows('flaky'))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    // The second retry waits about twice as long.
    expect(row.availableAt.getTime() - clock.getTime()).toBeGreaterThanOrEqual(90_000);

    clock = new Date(row.availableAt.getTime() + 1);
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 1 });
    expect((await rows('flaky'))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    clock = new Date(clock.getTime() + 86_400_000);
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect(rec.calls).toHaveLength(3);
    expect(logs.filter((l) => l.msg === 'outbox message not sent; retrying later')).toHaveLength(2);
  });
});

describe('crashes and races', () => {
  it('puts rows a dead worker left sending back to pending once the lease expired, then sends them once', async () => {
    const leaseMs = 5 * 60_000;
    const t0 = new Date('2030-02-01T08:00:00Z');
    await enqueueOutbox(
      db(),
      people.slice(0, 3).map((personId) => ({ topic: 'crash', personId, message: msg('x'), availableAt: t0 })),
    );

    // A worker claims, then dies before finishing anything.
    const claimed = await claimOutbox(db(), { limit: 10, now: t0 });
    expect(claimed.map((c) => c.personId)).toEqual(people.slice(0, 3));
    expect(claimed[0]).toMatchObject({ topic: 'crash', attempts: 1, message: msg('x') });
    expect((await rows('crash')).map((r) => r.status)).toEqual(['sending', 'sending', 'sending']);

    const rec = recordingNotify();
    let clock = new Date(t0.getTime() + leaseMs - 1);
    const w = worker(rec.notify, { leaseMs, now: () => clock });
    // Within the lease: nothing changes, nothing is sent.
    expect(await reconcileOutbox(db(), { now: clock, leaseMs })).toBe(0);
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect((await rows('crash')).map((r) => r.status)).toEqual(['sending', 'sending', 'sending']);

    clock = new Date(t0.getTime() + leaseMs + 1);
    expect(await reconcileOutbox(db(), { now: clock, leaseMs })).toBe(3);
    for (const row of await rows('crash')) expect(row).toMatchObject({ status: 'pending', availableAt: clock, lockedAt: null });
    // The dead worker's late finish cannot touch a reconciled row.
    expect(await markOutboxSent(db(), claimed[0]!.id, { channel: 'telegram', externalId: 'late', at: clock })).toBe(false);

    expect(await w.runOnce()).toEqual({ sent: 3, undeliverable: 0, retried: 0, failed: 0 });
    expect(await w.runOnce()).toEqual({ sent: 0, undeliverable: 0, retried: 0, failed: 0 });
    expect([...rec.perPerson().values()]).toEqual([1, 1, 1]);
    for (const row of await rows('crash')) expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // Nor overwrite a finished one.
    expect(await markOutboxFailed(db(), claimed[0]!.id, new Error('late'))).toBe(false);
    expect((await rows('crash'))[0]).toMatchObject({ status: 'sent', externalId: `tg-${people[0]}` });
  });

  it('two workers on one database deliver each of 200 rows exactly once', async () => {
    const targets = people.slice(0, 200);
    await enqueueOutbox(
      db(),
      targets.map((personId) => ({ topic: 'race', personId, message: msg('x') })),
    );
    const rec = recordingNotify();
    const w1 = worker(rec.notify, { batchSize: 15 });
    const w2 = worker(rec.notify, { batchSize: 15 });
    const sent: [number, number] = [0, 0];
    for (let round = 0; round < 50; round++) {
      const [a, b] = await Promise.all([w1.runOnce(), w2.runOnce()]);
      if (a.sent + b.sent === 0) break;
      sent[0] += a.sent;
      sent[1] += b.sent;
    }
    expect(sent[0]! + sent[1]!).toBe(200);
    // Both took part.
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    const counts = rec.perPerson();
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await outboxStats(db(), 'race')).toEqual({ pending: 0, sending: 0, sent: 200, undeliverable: 0, failed: 0 });
  });
});

describe('the loop', () => {
  it('delivers rows enqueued while it runs, and stops', async () => {
    const rec = recordingNotify();
    const w = worker(rec.notify, { batchSize: 10 });
    w.start();
    await enqueueOutbox(
      db(),
      people.slice(0, 25).map((personId) => ({ topic: 'loop:1', personId, message: msg('x') })),
    );
    await vi.waitFor(() => expect(rec.calls).toHaveLength(25), { timeout: 10_000, interval: 20 });
    await enqueueOutbox(
      db(),
      people.slice(0, 3).map((personId) => ({ topic: 'loop:2', personId, message: msg('y') })),
    );
    await vi.waitFor(() => expect(rec.calls).toHaveLength(28), { timeout: 10_000, interval: 20 });
    await w.stop();
    expect(await outboxStats(db(), 'loop:')).toEqual({ pending: 0, sending: 0, sent: 28, undeliverable: 0, failed: 0 });

    // Stopped: nothing more is sent.
    await enqueueOutbox(db(), [{ topic: 'loop:3', personId: people[0]!, message: msg('z') }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.calls).toHaveLength(28);
  });

  it('on stop finishes the message in hand and hands back the rest of the batch untried', async () => {
    await enqueueOutbox(
      db(),
      people.slice(0, 5).map((personId) => ({ topic: 'slow', personId, message: msg('x') })),
    );
    const rec = recordingNotify();
    // Two a second: the second send waits half a second, and stop() cuts that wait short.
    const w = worker(rec.notify, { ratePerSecond: 2, batchSize: 5 });
    w.start();
    await vi.waitFor(() => expect(rec.calls).toHaveLength(1), { timeout: 5_000, interval: 5 });
    const stopped = Date.now();
    await w.stop();
    expect(Date.now() - stopped).toBeLessThan(400);
    expect(rec.calls).toHaveLength(1);
    const stored = await rows('slow');
    expect(stored.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(stored.filter((r) => r.status === 'pending' && r.attempts === 0 && r.lockedAt === null)).toHaveLength(4);
  });

  it('reconciles at start, and survives database failures', async () => {
    const leaseMs = 60_000;
    await enqueueOutbox(db(), [{ topic: 'resilient', personId: people[0]!, message: msg('x'), availableAt: new Date(Date.now() - 3 * leaseMs) }]);
    // A crashed worker's row, claimed long ago.
    await claimOutbox(db(), { limit: 10, now: new Date(Date.now() - 2 * leaseMs) });
    await enqueueOutbox(db(), [{ topic: 'resilient:2', personId: people[1]!, message: msg('x') }]);

    // The database fails the first three raw queries (the claims), then recovers.
    let failures = 3;
    const flaky = new Proxy(db(), {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop !== '$queryRaw') return value;
        return (...args: Parameters<Db['$queryRaw']>) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : target.$queryRaw(...args));
      },
    });
    const rec = recordingNotify();
    const w = createOutboxWorker({ services: createServices(flaky), notify: rec.notify, logger, ratePerSecond: 10_000, pollMs: 10, leaseMs });
    w.start();
    await vi.waitFor(() => expect(rec.calls).toHaveLength(2), { timeout: 10_000, interval: 20 });
    await w.stop();
    expect(logs.filter((l) => l.msg === 'outbox worker: database failure; backing off')).toHaveLength(3);
    expect(logs.some((l) => String(l.msg).includes('put back to pending') && l.count === 1)).toBe(true);
    expect(await outboxStats(db(), 'resilient')).toEqual({ pending: 0, sending: 0, sent: 2, undeliverable: 0, failed: 0 });
  });
});

describe('stats', () => {
  it('counts by state for a topic prefix, every state present, with no wildcards', async () => {
    await enqueueOutbox(db(), [
      { topic: 'reminder:zalo_oa:1', personId: people[0]!, message: msg('a') },
      { topic: 'reminder:zalo_oa:1', personId: people[1]!, message: msg('a') },
      { topic: 'reminder:zaloXoa:1', personId: people[0]!, message: msg('a') },
      { topic: 'other', personId: people[0]!, message: msg('a') },
    ]);
    await worker(recordingNotify((p) => (p === people[1] ? null : { channel: 'zalo_oa', externalId: 'z' })).notify, { batchSize: 1 }).runOnce();
    expect(await outboxStats(db(), 'reminder:zalo_oa')).toEqual({ pending: 1, sending: 0, sent: 1, undeliverable: 0, failed: 0 });
    expect(await outboxStats(db(), 'nothing')).toEqual({ pending: 0, sending: 0, sent: 0, undeliverable: 0, failed: 0 });
  });
});
