import { Worker } from 'node:worker_threads';
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from '@prisma/driver-adapter-utils';
import { workPriority, type WorkPriority } from '../lib/work-priority.js';

/** What the bot's thread asks the database thread (pglite-thread-worker.ts). */
export type ThreadCall =
  | { op: 'queryRaw' | 'executeRaw'; txId: number | null; query: SqlQuery }
  | { op: 'executeScript'; script: string }
  | { op: 'begin'; isolationLevel?: string }
  | { op: 'commit' | 'rollback'; txId: number }
  | { op: 'query'; sql: string }
  | { op: 'close' };
/** Every call carries the priority of the work that made it (see lib/work-priority.ts). */
export type ThreadRequest = ThreadCall & { id: number; priority: WorkPriority };
export type ThreadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; message: string; cause?: unknown } };

type Ask = (r: ThreadCall) => Promise<unknown>;

const ADAPTER_NAME = '@electric-sql/pglite';

/**
 * PGlite on its own thread. PGlite runs Postgres in WebAssembly on the thread that calls it, so
 * on the bot's thread every query stopped everything else: sends waited for the database, and a
 * reply the platform had already taken waited to be noted. Here the database works beside the
 * bot: its thread only passes each Prisma query across (structured clone, ~0.1 ms) and gets the
 * rows back. The same driver adapter as in-process runs on the database thread, so results, errors
 * and transactions (one at a time, others queued) are exactly as before.
 *
 * The database thread runs one query or transaction at a time, and picks the next by the priority
 * of the work that asked (lib/work-priority.ts): the health check first, then people waiting for a
 * reply, then background work. A broadcast's queries then delay a reply by at most the one query
 * (or transaction) already running, instead of by everything queued before it.
 */
export async function startPgliteThread(dataDir: string): Promise<{
  factory: SqlMigrationAwareDriverAdapterFactory;
  query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}> {
  const worker = new Worker(new URL('./pglite-thread-worker.mjs', import.meta.url), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));

  worker.on('message', (m: ThreadReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) return w.resolve(m.result);
    const e = m.error;
    if (e.name === 'DriverAdapterError' && e.cause && typeof e.cause === 'object')
      return w.reject(new DriverAdapterError(e.cause as DriverAdapterError['cause']));
    w.reject(Object.assign(new Error(e.message), { name: e.name }));
  });
  const fail = (err: Error) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => fail(new Error(`The database thread stopped (exit code ${code})`)));

  const ask: Ask = (r) => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...r, id, priority: workPriority() } satisfies ThreadRequest);
    });
  };
  await ready;

  const queryable = (txId: number | null) => ({
    provider: 'postgres' as const,
    adapterName: ADAPTER_NAME,
    queryRaw: (query: SqlQuery) => ask({ op: 'queryRaw', txId, query }) as Promise<SqlResultSet>,
    executeRaw: (query: SqlQuery) => ask({ op: 'executeRaw', txId, query }) as Promise<number>,
  });
  const adapter: SqlDriverAdapter = {
    ...queryable(null),
    executeScript: async (script) => {
      await ask({ op: 'executeScript', script });
    },
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const { txId, options } = (await ask({ op: 'begin', isolationLevel })) as { txId: number; options: TransactionOptions };
      return {
        ...queryable(txId),
        options,
        commit: async () => void (await ask({ op: 'commit', txId })),
        rollback: async () => void (await ask({ op: 'rollback', txId })),
      };
    },
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return {
    factory: {
      provider: 'postgres',
      adapterName: ADAPTER_NAME,
      connect: async () => adapter,
      connectToShadowDb: () => Promise.reject(new Error('No shadow database on the database thread: create migrations with npm run db:migration')),
    },
    query: (sql) => ask({ op: 'query', sql }) as Promise<{ rows: Record<string, unknown>[] }>,
    async close() {
      if (!failure) await ask({ op: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
}
