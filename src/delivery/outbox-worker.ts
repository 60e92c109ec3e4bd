import type { Logger } from '../lib/logger.js';
import type { ClaimedMessage } from '../services/outbox/claim-outbox.js';
import type { Services } from '../services/services.js';
import type { Notify } from './notify.js';
import { backoffDelay, deferredUntil, SendDeferredError } from './retry-policy.js';

/** The service functions the outbox worker uses. */
export type OutboxWorkerServices = Pick<
  Services,
  'claimOutbox' | 'reconcileOutbox' | 'releaseOutbox' | 'markOutboxSent' | 'markOutboxUndeliverable' | 'retryOutboxLater' | 'deferOutbox' | 'markOutboxFailed'
>;

export interface OutboxWorkerOptions {
  services: OutboxWorkerServices;
  /** Picks the person's reachable account; null when none took it; throws on passing faults. */
  notify: Notify;
  logger: Logger;
  /** Rows claimed at once (default 50). */
  batchSize?: number;
  /** Wait between polls when the outbox is drained, and after a database failure (default 2 s). */
  pollMs?: number;
  /** Sends per second, spread evenly (default 20). */
  ratePerSecond?: number;
  /** How long a claim holds before reconcile hands the row to another worker (default 5 min). */
  leaseMs?: number;
  /** Tries in all before a row is `failed` (default 6). */
  maxAttempts?: number;
  /** Backoff after a passing fault: base × 2^(attempt−1) with jitter, capped (defaults 30 s, 1 h). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => Date;
}

export interface OutboxRunResult {
  sent: number;
  undeliverable: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  /** Claims one batch and sends it. Database failures are thrown. */
  runOnce(): Promise<OutboxRunResult>;
  /** Reconciles, then sends continuously until stop(). Never throws; database failures are logged. */
  start(): void;
  /** Ends the loop after the message in hand; unsent claimed rows are handed back. */
  stop(): Promise<void>;
}

/**
 * Sends the outbox's bot-initiated messages (reminders, announcements): claims due rows, sends each
 * through `notify` at an even pace, and records the outcome. Several workers (processes) may run
 * on one database; each row goes to one of them. Delivery is at least once: see reconcileOutbox.
 */
export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const pollMs = o.pollMs ?? 2_000;
  const ratePerSecond = o.ratePerSecond ?? 20;
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const maxAttempts = o.maxAttempts ?? 6;
  const baseDelayMs = o.baseDelayMs ?? 30_000;
  const maxDelayMs = o.maxDelayMs ?? 3_600_000;
  const now = o.now ?? (() => new Date());
  const intervalMs = 1_000 / ratePerSecond;
  // A batch must be sent well within its lease, or reconcile would hand unsent rows to another worker.
  const batchSize = Math.max(1, Math.min(o.batchSize ?? 50, Math.floor((ratePerSecond * leaseMs) / 2_000)));

  let stopping = false;
  let loop: Promise<void> | null = null;
  /** Wakes the pauses in progress (stop() must not wait out a poll). */
  const wakers = new Set<() => void>();
  /** When the next send may start (performance.now() time), for pacing across batches. */
  let nextSendAt = 0;

  /** Waits, unless stop() comes first; the timer never keeps the process alive. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      wakers.add(done);
    });

  async function pace(): Promise<void> {
    const t = performance.now();
    if (nextSendAt > t) {
      const wait = nextSendAt - t;
      // Below a millisecond a timer cannot wait more precisely: let the debt build up instead.
      if (wait >= 1) await pause(wait);
    }
    nextSendAt = Math.max(nextSendAt, t) + intervalMs;
  }

  async function sendOne(row: ClaimedMessage, result: OutboxRunResult): Promise<void> {
    const log = o.logger.child({ outboxId: row.id, topic: row.topic });
    let delivered: Awaited<ReturnType<Notify>>;
    try {
      delivered = await o.notify(row.personId, row.message);
    } catch (error) {
      if (error instanceof SendDeferredError) {
        // The sending account's quota or package, or the night ban: the person is not at fault and
        // the row is not failed; it waits (hours, or until the hour) without counting an attempt.
        const availableAt = deferredUntil(error, now());
        await o.services.deferOutbox(row.id, { availableAt, reason: error.reason, error: error.cause ?? error });
        result.retried++;
        log.warn({ err: error, personId: row.personId, reason: error.reason, retryAt: availableAt }, 'outbox message deferred by the platform');
        return;
      }
      if (row.attempts < maxAttempts) {
        const delayMs = backoffDelay(row.attempts, baseDelayMs, maxDelayMs);
        const availableAt = new Date(now().getTime() + delayMs);
        await o.services.retryOutboxLater(row.id, { availableAt, error });
        result.retried++;
        log.warn({ err: error, personId: row.personId, attempts: row.attempts, retryAt: availableAt }, 'outbox message not sent; retrying later');
      } else {
        await o.services.markOutboxFailed(row.id, error);
        result.failed++;
        log.error({ err: error, personId: row.personId, attempts: row.attempts }, 'outbox message failed; giving up');
      }
      return;
    }
    if (delivered) {
      const updated = await o.services.markOutboxSent(row.id, { channel: delivered.channel, externalId: delivered.externalId, at: now() });
      result.sent++;
      log.info({ personId: row.personId, channel: delivered.channel, late: !updated || undefined }, 'outbox message sent');
    } else {
      await o.services.markOutboxUndeliverable(row.id, 'no reachable account', now());
      result.undeliverable++;
      log.info({ personId: row.personId }, 'outbox message undeliverable: no reachable account');
    }
  }

  async function runBatch(): Promise<OutboxRunResult & { claimed: number }> {
    const result: OutboxRunResult = { sent: 0, undeliverable: 0, retried: 0, failed: 0 };
    const rows = await o.services.claimOutbox({ limit: batchSize, now: now(), channel: null });
    let next = 0;
    try {
      while (next < rows.length && !stopping) {
        await pace();
        if (stopping) break;
        const row = rows[next]!;
        // Counted as in hand before the send: if finishing it fails, it stays `sending` for reconcile
        // (it may have reached the person), rather than being handed back to be sent at once.
        next++;
        await sendOne(row, result);
      }
    } finally {
      if (next < rows.length) {
        // Stopping (or the database failed) mid-batch: hand back what was never tried.
        const ids = rows.slice(next).map((r) => r.id);
        await o.services
          .releaseOutbox(ids, now())
          .catch((err: unknown) => o.logger.warn({ err, count: ids.length }, 'could not hand back claimed outbox rows; reconcile will'));
      }
    }
    return { ...result, claimed: rows.length };
  }

  async function run(): Promise<void> {
    let lastReconcile = -Infinity;
    while (!stopping) {
      try {
        const t = now().getTime();
        if (t - lastReconcile >= leaseMs) {
          const count = await o.services.reconcileOutbox({ now: now(), leaseMs });
          lastReconcile = t;
          if (count > 0) o.logger.warn({ count }, 'outbox rows left sending by a stopped worker put back to pending');
        }
        const { claimed } = await runBatch();
        if (claimed < batchSize) await pause(pollMs);
      } catch (err) {
        o.logger.error({ err }, 'outbox worker: database failure; backing off');
        await pause(pollMs);
      }
    }
  }

  return {
    async runOnce() {
      const { claimed: _claimed, ...result } = await runBatch();
      return result;
    },
    start() {
      if (loop) return;
      stopping = false;
      loop = run().finally(() => {
        loop = null;
      });
    },
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      try {
        await loop;
      } finally {
        // runOnce() works again afterwards (and start() may be called again).
        stopping = false;
      }
    },
  };
}
