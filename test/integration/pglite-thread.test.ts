import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { inBackground } from '../../src/lib/work-priority.js';

// The app's own PGlite folder runs the database on its own thread (src/db/pglite-thread.ts):
// what Prisma sees must be exactly what the in-process adapter gives.
describe.skipIf(process.env.TEST_DATABASE === 'postgres')('PGlite on its own thread', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'htx-thread-'));
    database = await openDatabase({ kind: 'pglite', dataDir: dir });
    expect((await database.migrate()).length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads and writes every kind of column, and maps a unique violation to P2002', async () => {
    const db = database.prisma;
    const coop = await db.cooperative.create({ data: { name: 'HTX Tân Phú', province: 'Tỉnh A', sector: 'agriculture', registrationCode: 'T-1' } });
    const person = await db.person.create({ data: { role: 'director', cooperativeId: coop.id, announcementsOffAt: new Date('2026-01-02T03:04:05.678Z') } });
    await db.report.create({ data: { cooperativeId: coop.id, form: 'annual', period: '2026', answers: { members: 12, revenue: 1_500_000_000, note: 'Có' } } });
    const read = await db.person.findUniqueOrThrow({ where: { id: person.id }, include: { cooperative: { include: { reports: true } } } });
    expect(read.announcementsOffAt?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(read.cooperative?.reports[0]?.answers).toEqual({ members: 12, revenue: 1_500_000_000, note: 'Có' });
    expect(read.cooperative?.kind).toBe('cooperative');
    const counted = await db.$queryRaw<{ n: bigint }[]>`select count(*) as n from "Cooperative" where "province" = ${'Tỉnh A'}`;
    expect(counted).toEqual([{ n: 1n }]);
    const dup = await db.cooperative.create({ data: { name: 'x', province: 'Tỉnh A', sector: 'x', registrationCode: 'T-1' } }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((dup as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
  });

  it('commits and rolls back transactions while other queries wait their turn', async () => {
    const db = database.prisma;
    const coop = await db.cooperative.create({ data: { name: 'HTX Giao dịch', province: 'Tỉnh B', sector: 'trade' } });
    await db.$transaction(async (tx) => {
      await tx.cooperative.update({ where: { id: coop.id }, data: { name: 'HTX Đã đổi' } });
    });
    const failed = await db
      .$transaction(async (tx) => {
        await tx.cooperative.update({ where: { id: coop.id }, data: { name: 'HTX Không lưu' } });
        throw new Error('boom');
      })
      .catch((e: unknown) => e as Error);
    expect(failed.message).toBe('boom');
    // Many queries at once beside a transaction: each sees a consistent database.
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => db.cooperative.findUniqueOrThrow({ where: { id: coop.id } }).then((c) => c.name)),
      db.$transaction([db.cooperative.update({ where: { id: coop.id }, data: { sector: 'services' } }), db.cooperative.count()]).then(() => 'HTX Đã đổi'),
    ]);
    expect(new Set(results)).toEqual(new Set(['HTX Đã đổi']));
    expect(await database.ping()).toBe(true);
  });

  it('serves the health check, then people, before background work queued earlier', async () => {
    const db = database.prisma;
    const done: string[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // A background transaction holds the database's turn until released, so that everything below
    // is queued on the database thread, however slowly this machine hands the queries over.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holding = inBackground(() =>
      db.$transaction(
        async (tx) => {
          await tx.cooperative.count();
          await gate;
        },
        { timeout: 60_000 },
      ),
    ).then(() => void done.push('bg-tx'));
    await sleep(200);
    // A broadcast's worth of background queries…
    const background = inBackground(() => Array.from({ length: 60 }, (_, i) => db.$queryRaw`select ${i}::int as i`.then(() => void done.push(`bg${i}`))));
    // …then a person's query and the health check.
    const reply = db.cooperative.count().then(() => void done.push('reply'));
    const ping = database.ping().then(() => void done.push('ping'));
    await sleep(1500);
    release();
    await Promise.all([holding, ...background, reply, ping]);
    // Once the transaction ends: the ping first, then the reply, then the 60 queued before them.
    const firstBackground = Math.min(...done.flatMap((d, i) => (/^bg\d/.test(d) ? [i] : [])));
    expect(done.indexOf('ping'), done.join(' ')).toBeLessThan(done.indexOf('reply'));
    expect(done.indexOf('reply'), done.join(' ')).toBeLessThan(firstBackground);
    expect(done).toHaveLength(63);
  });

  it('keeps its data in the folder across a close and a reopen', async () => {
    await database.close();
    database = await openDatabase({ kind: 'pglite', dataDir: dir });
    expect(await database.migrate()).toEqual([]);
    expect(await database.prisma.cooperative.count()).toBe(2);
  });
});
