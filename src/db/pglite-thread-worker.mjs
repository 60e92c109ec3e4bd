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

/**
 * One query or transaction at a time (PGlite runs one anyway), the next picked by priority: the
 * health check, then interactive work, then background work (see lib/work-priority.ts). A
 * transaction holds its turn from begin to commit or rollback; its own queries go straight in.
 */
const waiting = { urgent: [], interactive: [], background: [] };
/** The transaction holding the turn (its id once begun), or true for a single query. */
let turn = null;

function reply(r, promise) {
  return promise.then(
    (result) => port.postMessage({ id: r.id, ok: true, result }),
    (err) => {
      // A DriverAdapterError carries a plain `cause` (the mapped database error) that Prisma reads.
      const cause = err?.name === 'DriverAdapterError' ? err.cause : undefined;
      port.postMessage({ id: r.id, ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err), cause } });
    },
  );
}

function next() {
  if (turn !== null) return;
  const r = waiting.urgent.shift() ?? waiting.interactive.shift() ?? waiting.background.shift();
  if (!r) return;
  turn = true;
  const running = handle(r);
  void reply(r, running);
  running.then(
    (result) => {
      // A transaction keeps the turn until it ends (below).
      if (r.op === 'begin') turn = result.txId;
      else endTurn();
    },
    () => endTurn(),
  );
}

function endTurn() {
  turn = null;
  schedule();
}

/**
 * The next turn is given after the messages already arrived are queued (setImmediate runs after
 * the port delivered them): PGlite runs a query without yielding, so choosing at once would
 * always find only the first message, and serve them in arrival order.
 */
let scheduled = false;
function schedule() {
  if (scheduled || turn !== null) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    next();
  });
}

port.on('message', (r) => {
  const inTransaction = r.op === 'commit' || r.op === 'rollback' || ((r.op === 'queryRaw' || r.op === 'executeRaw') && r.txId !== null);
  if (!inTransaction) {
    (waiting[r.priority] ?? waiting.interactive).push(r);
    return schedule();
  }
  const running = handle(r);
  void reply(r, running);
  if ((r.op === 'commit' || r.op === 'rollback') && turn === r.txId) running.finally(endTurn).catch(() => {});
});
port.postMessage({ id: 0, ok: true, result: 'ready' });
