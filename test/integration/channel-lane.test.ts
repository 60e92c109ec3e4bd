import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/lib/messages.js';
import type { Database, Db } from '../../src/db/database.js';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createChannelLane } from '../../src/delivery/channel-lane.js';
import { openSentJournal, takeOrphanJournals } from '../../src/delivery/sent-journal.js';
import { SendBlockedError, SendUnreachableError } from '../../src/delivery/retry-policy.js';
import type { ChannelSender } from '../../src/delivery/send-to-person.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServices } from '../../src/services/services.js';
import { reconcileOutbox } from '../../src/services/outbox/reconcile-outbox.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = (): Db => database.prisma;
const logger = createLogger({ level: 'silent' });
let people: { id: number; chat: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await db().person.createMany({ data: Array.from({ length: 300 }, () => ({ role: 'member' as const })) });
  const ids = (await db().person.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
  people = ids.map((id, i) => ({ id, chat: String(9000 + i) }));
  await db().channelAccount.createMany({ data: people.map((p) => ({ channel: 'telegram', externalId: p.chat, personId: p.id })) });
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  await db().outboxMessage.deleteMany();
  await db().channelRate.deleteMany();
  await db().channelAccount.updateMany({ data: { optedOut: false, blockedAt: null, unreachableAt: null } });
});

async function queue(count: number, topic = 'announcement:1', channel = 'telegram') {
  await db().outboxMessage.createMany({
    data: people.slice(0, count).map((p) => ({ topic, personId: p.id, channel, externalId: p.chat, message: { text: `hello ${p.chat}` } })),
  });
}

/** A sender that records when each chat got what. */
function recorder(fail?: (chat: string) => Error | undefined) {
  const sent: { chat: string; at: number; msg: OutboundMessage }[] = [];
  const send: ChannelSender = async (chat, msg) => {
    await new Promise((r) => setTimeout(r, 1));
    const err = fail?.(chat);
    if (err) throw err;
    sent.push({ chat, at: Date.now(), msg });
  };
  return { send, sent };
}

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}
const pending = () => db().outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } });

describe('a channel lane', () => {
  it('sends each row once, at the channel rate, shared by two lanes (two processes) on one budget', async () => {
    await queue(200);
    const r = recorder();
    const lanes = [1, 2].map(() =>
      createChannelLane({ services: createServices(db()), channel: 'telegram', send: r.send, perSecond: 100, logger, batchSize: 20 }),
    );
    const started = Date.now();
    lanes.forEach((l) => l.start());
    await until(async () => (await pending()) === 0);
    await Promise.all(lanes.map((l) => l.stop()));
    const seconds = (Date.now() - started) / 1000;
    expect(r.sent).toHaveLength(200);
    expect(new Set(r.sent.map((s) => s.chat)).size).toBe(200);
    // 200 messages at 100/s take about two seconds, whichever lane sent them.
    expect(seconds).toBeGreaterThan(1.8);
    // No second of the run holds much more than the budget: sends are never earlier than their slot,
    // so a second can only gain the few that a late (loaded) event loop catches up — under 10 %.
    const first = r.sent[0]!.at;
    const perSecond = new Map<number, number>();
    for (const s of r.sent) perSecond.set(Math.floor((s.at - first) / 1000), (perSecond.get(Math.floor((s.at - first) / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(110);
    expect(await db().outboxMessage.count({ where: { status: 'sent', channel: 'telegram' } })).toBe(200);
  }, 30_000);

  it('never lets more sends than the budget reach the platform in any sliding second, whatever the latency', async () => {
    await queue(150);
    // The platform counts a send when it receives it: somewhere between the start and the answer.
    // The first sends are slow to arrive (150 ms), the later ones quick: sent on their slots, the
    // first second the platform counts would hold about 10 sends too many.
    const received: number[] = [];
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let n = 0;
    const send: ChannelSender = async () => {
      const k = ++n;
      await pause(k <= 10 ? 150 : k % 7 === 0 ? 20 : 0);
      received.push(Date.now());
      await pause(k % 11 === 0 ? 60 : 2);
    };
    const lane = createChannelLane({ services: createServices(db()), channel: 'telegram', send, perSecond: 50, logger, batchSize: 25 });
    lane.start();
    await until(async () => (await pending()) === 0);
    await lane.stop();
    expect(received).toHaveLength(150);
    received.sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < received.length; i++) {
      while (received[j]! <= received[i]! - 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(50);
  }, 30_000);

  it('marks a blocked account opted out and a closed Zalo window unreachable, without retrying either', async () => {
    await queue(3);
    const [a, b] = people;
    const r = recorder((chat) =>
      chat === a!.chat ? new SendBlockedError(new Error('403')) : chat === b!.chat ? new SendUnreachableError('-230', new Error('-230')) : undefined,
    );
    const lane = createChannelLane({ services: createServices(db()), channel: 'telegram', send: r.send, perSecond: 100, logger });
    lane.start();
    await until(async () => (await pending()) === 0);
    await lane.stop();
    const rows = await db().outboxMessage.findMany({ orderBy: { id: 'asc' }, select: { status: true, lastError: true, attempts: true } });
    expect(rows).toEqual([
      { status: 'undeliverable', lastError: 'blocked', attempts: 1 },
      { status: 'undeliverable', lastError: 'unreachable: -230', attempts: 1 },
      { status: 'sent', lastError: null, attempts: 1 },
    ]);
    expect(await db().channelAccount.findFirst({ where: { externalId: a!.chat }, select: { optedOut: true } })).toEqual({ optedOut: true });
    expect((await db().channelAccount.findFirst({ where: { externalId: b!.chat } }))!.unreachableAt).not.toBeNull();
  });

  it("renews the claims of slow sends, so reconcile never hands a live process's rows to another", async () => {
    await queue(1);
    let calls = 0;
    const slow: ChannelSender = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 2000));
    };
    const lane = createChannelLane({ services: createServices(db()), channel: 'telegram', send: slow, perSecond: 100, logger, leaseMs: 900 });
    lane.start();
    await new Promise((r) => setTimeout(r, 1500));
    // Past the lease since the claim, but renewed meanwhile: nothing to reconcile.
    expect(await reconcileOutbox(db(), { now: new Date(), leaseMs: 900 })).toBe(0);
    await until(async () => (await pending()) === 0);
    await lane.stop();
    expect(calls).toBe(1);
  });

  it("retries a passing fault later and leaves other channels' rows alone", async () => {
    await queue(2);
    await db().outboxMessage.create({
      data: { topic: 'announcement:2', personId: people[5]!.id, channel: 'zalo_oa', externalId: 'oa-1', message: { text: 'x' } },
    });
    let calls = 0;
    const r = recorder(() => (++calls === 1 ? new Error('socket hang up') : undefined));
    const lane = createChannelLane({ services: createServices(db()), channel: 'telegram', send: r.send, perSecond: 100, logger, baseDelayMs: 10 });
    lane.start();
    await until(async () => (await db().outboxMessage.count({ where: { status: 'sent' } })) === 2);
    await lane.stop();
    expect(r.sent).toHaveLength(2);
    expect(await db().outboxMessage.findFirst({ where: { channel: 'zalo_oa' }, select: { status: true } })).toEqual({ status: 'pending' });
  });
  it('marks what a killed process journalled as sent, and sends only the rest (the ambiguous one again)', async () => {
    await queue(10);
    const rows = await db().outboxMessage.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
    const ids = rows.map((r) => r.id);
    // The killed process had claimed rows 0–5; the platform took 0–4 (journalled), and reconcile
    // already put row 4 back to pending. Row 5 was in flight: nothing says whether it arrived.
    await db().outboxMessage.updateMany({ where: { id: { in: ids.slice(0, 6) } }, data: { status: 'sending', lockedAt: new Date(), attempts: 1 } });
    await db().outboxMessage.update({ where: { id: ids[4]! }, data: { status: 'pending', lockedAt: null } });
    const dir = mkdtempSync(path.join(tmpdir(), 'htx-journal-'));
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const takenAt = Date.now() - 60_000;
    appendFileSync(
      path.join(dir, `outbox-sent-telegram-${deadPid}.log`),
      ids
        .slice(0, 5)
        .map((id) => `${id} ${takenAt}\n`)
        .join('') + `${ids[5]} 17`,
    );
    // A live process's journal and another channel's are not taken.
    appendFileSync(path.join(dir, `outbox-sent-telegram-${process.ppid}.log`), `${ids[7]} ${takenAt}\n`);
    appendFileSync(path.join(dir, `outbox-sent-zalo_oa-${deadPid}.log`), `${ids[8]} ${takenAt}\n`);
    const orphans = takeOrphanJournals(dir, 'telegram');
    expect(orphans).toHaveLength(1);
    const journal = { orphans, own: openSentJournal(dir, 'telegram') };
    try {
      const r = recorder();
      const lane = createChannelLane({ services: createServices(db()), channel: 'telegram', send: r.send, perSecond: 100, logger, journal });
      lane.start();
      await until(async () => (await db().outboxMessage.count({ where: { status: 'sent' } })) === 9);
      // Row 5 waits for its lease, then goes out again: the one case that can repeat.
      await reconcileOutbox(db(), { now: new Date(), leaseMs: 0 });
      await until(async () => (await pending()) === 0);
      await lane.stop();
      expect(r.sent.map((s) => s.chat).sort()).toEqual(
        people
          .slice(5, 10)
          .map((p) => p.chat)
          .sort(),
      );
      const journalled = await db().outboxMessage.findMany({ where: { id: { in: ids.slice(0, 5) } }, select: { status: true, sentAt: true } });
      expect(journalled.every((m) => m.status === 'sent' && m.sentAt?.getTime() === takenAt)).toBe(true);
      // The orphan is gone; its own sends were marked too, so stopping empties its journal.
      expect(readdirSync(dir).sort()).toEqual(
        [`outbox-sent-telegram-${process.pid}.log`, `outbox-sent-telegram-${process.ppid}.log`, `outbox-sent-zalo_oa-${deadPid}.log`].sort(),
      );
      expect(readFileSync(path.join(dir, `outbox-sent-telegram-${process.pid}.log`), 'utf8')).toBe('');
    } finally {
      journal.own.close(true);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
