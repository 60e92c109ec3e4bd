// The embedded database's own thread (see pglite-thread.ts): PGlite and its Prisma driver adapter
// run here, so the bot's thread sends and receives while the database works. Plain JavaScript: a
// worker thread does not inherit tsx's loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

const port = parentPort;
const client = await PGlite.create(workerData.dataDir);
const adapter = await new PrismaPGlite(client).connect();
/** @type {Map<number, import('@prisma/driver-adapter-utils').Transaction>} */
const transactions = new Map();
let nextTx = 1;

function queryable(txId) {
  if (txId === null) return adapter;
  const tx = transactions.get(txId);
  if (!tx) throw new Error(`No open transaction #${txId}`);
  return tx;
}

/** @param {import('./pglite-thread.ts').ThreadRequest} r */
async function handle(r) {
  switch (r.op) {
    case 'queryRaw':
      return queryable(r.txId).queryRaw(r.query);
    case 'executeRaw':
      return queryable(r.txId).executeRaw(r.query);
    case 'executeScript':
      return adapter.executeScript(r.script);
    case 'begin': {
      const tx = await adapter.startTransaction(r.isolationLevel);
      const txId = nextTx++;
      transactions.set(txId, tx);
      return { txId, options: tx.options };
    }
    case 'commit':
    case 'rollback': {
      const tx = transactions.get(r.txId);
      transactions.delete(r.txId);
      if (tx) await (r.op === 'commit' ? tx.commit() : tx.rollback());
      return null;
    }
    case 'query':
      return { rows: (await client.query(r.sql)).rows };
    case 'close':
      await client.close();
      return null;
    default:
      throw new Error(`Unknown database thread call: ${String(r.op)}`);
  }
}

port.on('message', (r) => {
  handle(r).then(
    (result) => port.postMessage({ id: r.id, ok: true, result }),
    (err) => {
      // A DriverAdapterError carries a plain `cause` (the mapped database error) that Prisma reads.
      const cause = err?.name === 'DriverAdapterError' ? err.cause : undefined;
      port.postMessage({ id: r.id, ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err), cause } });
    },
  );
});
port.postMessage({ id: 0, ok: true, result: 'ready' });
