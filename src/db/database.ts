import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { urgently } from '../lib/work-priority.js';
import { lockDataDir } from './data-dir-lock.js';
import { applyMigrations } from './migrations.js';
import { startPgliteThread } from './pglite-thread.js';

export type Db = PrismaClient;
export type DatabaseSettings = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' };

export interface Database {
  prisma: Db;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations, serialised across processes; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Round trip to the database, for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** An arbitrary, fixed key for the migration advisory lock (it only has to be the same everywhere). */
const MIGRATION_LOCK_KEY = 7_240_311;

export { DataFolderBusyError } from './data-dir-lock.js';

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const unlock = dataDir ? await lockDataDir(dataDir) : () => {};
  try {
    if (dataDir) {
      // The app's own folder: the database works on its own thread (see pglite-thread.ts).
      const thread = await startPgliteThread(path.join(dataDir, 'pg'));
      const prisma = new PrismaClient({ adapter: thread.factory });
      return {
        prisma,
        kind: 'pglite',
        // One process owns the folder (see lockDataDir), so no further lock is needed.
        migrate: () => applyMigrations(thread.factory, thread.query),
        ping: async () => (await urgently(() => thread.query('select 1 as ok'))).rows.length === 1,
        close: async () => {
          await prisma.$disconnect();
          await thread.close();
          unlock();
        },
      };
    }
    // In memory (tests): on this thread, where starting is quicker. Loaded only when used: a
    // process on a Postgres server never needs PGlite in memory (about 45 MB).
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
    const client = await PGlite.create();
    const factory = new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
    return {
      prisma,
      kind: 'pglite',
      migrate: () => applyMigrations(factory, (sql) => client.query(sql)),
      ping: async () => (await client.query('select 1 as ok')).rows.length === 1,
      close: async () => {
        await prisma.$disconnect();
        await client.close();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

async function openPostgres(url: string): Promise<Database> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    prisma,
    kind: 'postgres',
    async migrate() {
      // Two processes starting together: the second waits here, then finds nothing to apply.
      const lock = new pg.Client({ connectionString: url });
      await lock.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        // The engine's own pool is ended afterwards: an idle connection left open would keep the
        // engine's session-level lock and make the next start wait.
        const pool = new pg.Pool({ connectionString: url, max: 2 });
        try {
          return await applyMigrations(new PrismaPg(pool) as unknown as SqlMigrationAwareDriverAdapterFactory, (sql) => lock.query(sql));
        } finally {
          await pool.end();
        }
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        await lock.end();
      }
    },
    ping: async () => (await prisma.$queryRaw<{ ok: number }[]>`select 1 as ok`).length === 1,
    close: () => prisma.$disconnect(),
  };
}

/** Opens the configured database: a Postgres server, PGlite in a folder, or PGlite in memory (tests). */
export function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.kind === 'postgres') return openPostgres(settings.url);
  return openPglite(settings.kind === 'pglite' ? settings.dataDir : undefined);
}
