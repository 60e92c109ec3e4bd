import type { Logger } from '../lib/logger.js';
import type { ClaimedMessage } from '../services/outbox/claim-outbox.js';
import type { Services } from '../services/services.js';
import { backoffDelay, deferredUntil, SendBlockedError, SendDeferredError, SendUnreachableError } from './retry-policy.js';
import { readSentJournal, type SentJournal } from './sent-journal.js';
import { rmSync } from 'node:fs';
import type { ChannelSender } from './send-to-person.js';

/** The service functions a lane uses. */
export type LaneServices = Pick<
  Services,
  | 'claimOutbox'
  | 'reserveSendSlots'
  | 'renewOutboxClaims'
  | 'releaseOutbox'
  | 'markOutboxSentMany'
  | 'markOutboxSentAt'
  | 'markOutboxUndeliverable'
  | 'retryOutboxLater'
  | 'deferOutbox'
  | 'markOutboxFailed'
  | 'markAccountBlocked'
  | 'markAccountUnreachable'
>;

export interface ChannelLaneOptions {
  services: LaneServices;
  channel: string;
  send: ChannelSender;
  /** This channel's budget for bot-initiated messages, shared by every process (ChannelRate). */
  perSecond: number;
  logger: Logger;
  /** Rows claimed at once (default: one second's worth, at most 200). */
  batchSize?: number;
  /** Sends waiting for the platform at once (default: half a second's worth, 32–256). */
  maxInFlight?: number;
  /**
   * At most this many of this lane's sends in any sliding second as the platform counts them
   * (default: perSecond rounded up). See `windowWait`.
   */
  windowLimit?: number;
  /** Wait when nothing is due (default 1 s). */
  pollMs?: number;
  /** How long a claim holds before reconcile hands the row to another process (default 5 min). */
  leaseMs?: number;
  /** Tries in all before a row is `failed` (default 6); backoff between them (30 s doubling, ≤ 1 h). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An account's state changed (blocked, outside the window), so caches can forget it. */
  onAccountChanged?(channel: string, externalId: string): void;
  /**
   * This process's sent journal (each send the platform took, on file before the database hears
   * of it), and the journals of this channel's lanes in processes that died on this machine: those
   * are marked sent before the first claim, then removed, so what a killed process had sent but
   * not yet marked is not sent again.
   */
  journal?: { own: SentJournal; orphans: string[] };
}

export interface ChannelLane {
  start(): void;
  /** Stops claiming, waits for the sends in flight, hands back claimed rows not yet sent. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox rows addressed to one channel's accounts (announcements) at the channel's
 * shared rate: claims a batch, reserves as many send slots on the channel's budget, and sends each
 * at its slot, several in flight at once. Each row is marked sent as soon as the platform took it,
 * so a crash can leave at most the messages in flight ambiguous (see reconcileOutbox).
 * A block marks the account opted out; Zalo's closed window marks it unreachable; neither is retried.
 * A refusal of the sending account (Zalo OA quota or package) or of the hour (night ban) leaves the
 * account alone: the row waits hours (or until the hour) without counting as an attempt.
 */
export function createChannelLane(o: ChannelLaneOptions): ChannelLane {
  const leaseMs = o.leaseMs ?? 300_000;
  // A batch is sent well within a lease even at the channel's rate; the heartbeat covers slow sends.
  const batchSize = o.batchSize ?? Math.max(1, Math.min(200, Math.round(o.perSecond), Math.floor((o.perSecond * leaseMs) / 4000)));
  const maxInFlight = o.maxInFlight ?? Math.max(32, Math.min(256, Math.round(o.perSecond / 2)));
  const pollMs = o.pollMs ?? 1000;
  const maxAttempts = o.maxAttempts ?? 6;
  const log = o.logger.child({ lane: o.channel });
  let stopping = false;
  let loop: Promise<void> | null = null;
  /** Platform calls under way (at most maxInFlight). */
  const inFlight = new Set<Promise<void>>();
  /** Outcomes being written to the database. */
  const recording = new Set<Promise<void>>();
  /**
   * Rows claimed and not yet finished, with when their claim was last taken or renewed: a claim
   * older than a third of the lease is renewed, so reconcile never hands a live process's rows to
   * another (most rows are done long before, so this costs nothing in the common case).
   */
  const held = new Map<number, number>();
  let heartbeat: NodeJS.Timeout | null = null;
  const renewClaims = () => {
    const now = Date.now();
    const ids = [...held].filter(([, at]) => now - at >= leaseMs / 3).map(([id]) => id);
    if (!ids.length) return;
    for (const id of ids) held.set(id, now);
    o.services.renewOutboxClaims({ ids, at: new Date(now) }).catch((err: unknown) => log.warn({ err, count: ids.length }, 'could not renew claims'));
  };

  let wake: (() => void) | null = null;
  /** A token bucket under the reserved slots: a lane that fell behind catches up by at most `burst` sends at once
   * (at least 3, so that a late timer is made up by the next sends instead of delaying every one after it). */
  const burst = Math.max(3, Math.floor(o.perSecond / 20));
  let tokens = burst;
  let refilledAt = Date.now();

  /**
   * The platform's sliding window (Telegram counts the sends it receives in any 1 s). A send is
   * received some time between its start and its answer, so a send can share a platform second
   * with every send still under way or answered less than 1 s before it starts. Counting those,
   * and starting only while fewer than `windowLimit`, keeps every platform second at or under
   * `windowLimit` whatever the latency, and costs nothing while the slots are kept (the reserved
   * slots already space the sends; this only stops a lane catching up in a burst, or sends bunching
   * after a slow answer). `answeredAt` is a queue of answer times (its head at `answeredHead`).
   */
  const windowLimit = Math.max(1, o.windowLimit ?? Math.ceil(o.perSecond));
  let answeredAt: number[] = [];
  let answeredHead = 0;
  /** How long to wait before another send may start (0: now). */
  function windowWait(now: number): number {
    while (answeredHead < answeredAt.length && answeredAt[answeredHead]! <= now - 1000) answeredHead++;
    if (answeredHead > 1024 && answeredHead * 2 > answeredAt.length) {
      answeredAt = answeredAt.slice(answeredHead);
      answeredHead = 0;
    }
    const over = inFlight.size + answeredAt.length - answeredHead - windowLimit + 1;
    if (over <= 0) return 0;
    // The `over`-th oldest answer leaves the window first; if the sends under way are the excess, until one is answered.
    const leaving = answeredAt[answeredHead + over - 1];
    return leaving === undefined ? 5 : Math.max(1, leaving + 1000 - now + 1);
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping || ms <= 0) return resolve();
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  type Outcome = { ok: true } | { ok: false; err: unknown };

  /**
   * Sends the platform took, waiting to be marked. They are written together, as soon as the
   * previous write is done (a group commit): one statement however many finished meanwhile, so the
   * database keeps up with the channel and few sends are ever taken but not yet marked.
   */
  let toMark: { id: number; done: () => void; failed: (err: unknown) => void }[] = [];
  let marking = false;
  /** Journalled sends not yet marked in the database: the journal may be emptied when none are. */
  let journalledUnmarked = 0;
  /** The journal is emptied once it holds this much and every send on it is marked. */
  const JOURNAL_CLEAR_BYTES = 64 * 1024;
  function markSent(id: number): Promise<void> {
    return new Promise((done, failed) => {
      toMark.push({ id, done, failed });
      if (!marking) void flushMarks();
    });
  }
  async function flushMarks(): Promise<void> {
    marking = true;
    while (toMark.length) {
      const batch = toMark;
      toMark = [];
      try {
        await o.services.markOutboxSentMany(
          batch.map((b) => b.id),
          { channel: o.channel, at: new Date() },
        );
        if (o.journal) {
          journalledUnmarked -= batch.length;
          if (journalledUnmarked === 0 && o.journal.own.size >= JOURNAL_CLEAR_BYTES) o.journal.own.clear();
        }
        for (const b of batch) b.done();
      } catch (err) {
        // Left `sending`: reconcile hands them out again after the lease, journal or not.
        if (o.journal) journalledUnmarked -= batch.length;
        for (const b of batch) b.failed(err);
      }
    }
    marking = false;
  }

  /** Records what the platform said: sent, refused (blocked, window) or a fault to retry later. */
  async function record(row: ClaimedMessage, externalId: string, outcome: Outcome): Promise<void> {
    const at = new Date();
    if (outcome.ok) return markSent(row.id);
    const err = outcome.err;
    if (err instanceof SendDeferredError) {
      const availableAt = deferredUntil(err, at);
      await o.services.deferOutbox(row.id, { availableAt, reason: err.reason, error: err.cause ?? err });
      log.warn({ err, outboxId: row.id, reason: err.reason, retryAt: availableAt }, 'the platform takes this later; waiting');
      return;
    }
    if (err instanceof SendBlockedError || err instanceof SendUnreachableError) {
      const blocked = err instanceof SendBlockedError;
      if (blocked) await o.services.markAccountBlocked(o.channel, externalId, at);
      else await o.services.markAccountUnreachable(o.channel, externalId, err.reason);
      o.onAccountChanged?.(o.channel, externalId);
      await o.services.markOutboxUndeliverable(row.id, blocked ? 'blocked' : `unreachable: ${err.reason}`, at);
      return;
    }
    if (row.attempts < maxAttempts) {
      const availableAt = new Date(Date.now() + backoffDelay(row.attempts, o.baseDelayMs ?? 30_000, o.maxDelayMs ?? 3_600_000));
      await o.services.retryOutboxLater(row.id, { availableAt, error: err });
      log.warn({ err, outboxId: row.id, attempts: row.attempts, retryAt: availableAt }, 'send failed; retrying later');
    } else {
      await o.services.markOutboxFailed(row.id, err);
      log.error({ err, outboxId: row.id, attempts: row.attempts }, 'send failed; giving up');
    }
  }

  /**
   * Starts one send. Only the platform call counts against maxInFlight: recording its outcome in
   * the database happens beside it, so a busy database never makes sends bunch up.
   */
  function launch(row: ClaimedMessage): void {
    const externalId = row.externalId;
    if (!externalId) {
      track(
        recording,
        o.services.markOutboxUndeliverable(row.id, 'no account', new Date()).then(() => undefined),
        row,
      );
      return;
    }
    const sending: Promise<Outcome> = o.send(externalId, row.message).then(
      () => {
        if (o.journal) {
          o.journal.own.append(row.id);
          journalledUnmarked++;
        }
        return { ok: true } as const;
      },
      (err: unknown) => ({ ok: false, err }) as const,
    );
    const slot = sending.then(() => {
      answeredAt.push(Date.now());
    });
    inFlight.add(slot);
    void slot.finally(() => inFlight.delete(slot));
    track(
      recording,
      sending.then((outcome) => record(row, externalId, outcome)),
      row,
    );
  }

  function track(set: Set<Promise<void>>, p: Promise<void>, row: ClaimedMessage): void {
    const done = p
      .catch((err: unknown) => log.error({ err, outboxId: row.id }, 'could not record a send; the row is reconciled later'))
      .finally(() => {
        set.delete(done);
        held.delete(row.id);
      });
    set.add(done);
  }

  /** Claims a batch and reserves its send slots on the channel's shared budget. */
  async function claimBatch(): Promise<{ rows: ClaimedMessage[]; start: number }> {
    const rows = await o.services.claimOutbox({ limit: batchSize, now: new Date(), channel: o.channel });
    for (const r of rows) held.set(r.id, Date.now());
    if (!rows.length) return { rows, start: 0 };
    return { rows, start: (await o.services.reserveSendSlots({ channel: o.channel, count: rows.length, perSecond: o.perSecond, now: new Date() })).getTime() };
  }

  async function release(rows: ClaimedMessage[]): Promise<void> {
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    for (const id of ids) held.delete(id);
    await o.services
      .releaseOutbox(ids, new Date())
      .catch((err: unknown) => log.warn({ err, count: ids.length }, 'could not hand back claimed rows; reconcile will'));
  }

  /** Marks the sends that killed processes journalled but never marked, then removes their journals. */
  async function applyOrphans(files: string[]): Promise<void> {
    const sends = files.flatMap(readSentJournal);
    if (sends.length) {
      const marked = await o.services.markOutboxSentAt(sends, { channel: o.channel });
      if (marked) log.warn({ marked, journalled: sends.length }, 'marked the sends a stopped process had not recorded');
    }
    for (const f of files) rmSync(f, { force: true });
  }

  async function run(): Promise<void> {
    while (o.journal?.orphans.length && !stopping) {
      try {
        await applyOrphans(o.journal.orphans);
        break;
      } catch (err) {
        log.error({ err }, 'lane: could not apply the sent journal; retrying before sending anything');
        await sleep(pollMs);
      }
    }
    // While one batch is being sent the next is claimed and its slots reserved right after it, so
    // a busy queue is sent without a gap between batches.
    let ahead: Promise<{ rows: ClaimedMessage[]; start: number }> | null = null;
    while (!stopping) {
      let rows: ClaimedMessage[] = [];
      let next = 0;
      try {
        const batch = await (ahead ?? claimBatch());
        ahead = null;
        rows = batch.rows;
        if (!rows.length) {
          await sleep(pollMs);
          continue;
        }
        if (rows.length === batchSize) ahead = claimBatch();
        const interval = 1000 / o.perSecond;
        for (; next < rows.length && !stopping; next++) {
          // Never earlier than the reserved slot, and through a small token bucket: a lane that fell
          // behind (a busy event loop) catches up by a few sends at most, never in a burst the
          // platform would count against its limit.
          for (;;) {
            const t = Date.now();
            tokens = Math.min(burst, tokens + ((t - refilledAt) * o.perSecond) / 1000);
            refilledAt = t;
            const wait = Math.max(batch.start + next * interval - t, tokens >= 1 ? 0 : ((1 - tokens) * 1000) / o.perSecond, windowWait(t));
            if (wait <= 0 || stopping) break;
            await sleep(wait);
          }
          tokens -= 1;
          while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
          if (stopping) break;
          launch(rows[next]!);
        }
      } catch (err) {
        log.error({ err }, 'lane: database failure; backing off');
        await sleep(pollMs);
      } finally {
        if (next < rows.length) await release(rows.slice(next));
      }
    }
    // Stopping: hand back a batch claimed ahead.
    if (ahead) await release((await (ahead as Promise<{ rows: ClaimedMessage[] }>).catch(() => ({ rows: [] as ClaimedMessage[] }))).rows);
  }

  return {
    start() {
      if (loop) return;
      stopping = false;
      heartbeat = setInterval(renewClaims, Math.max(500, Math.min(leaseMs / 6, 10_000)));
      heartbeat.unref();
      loop = run().finally(() => {
        loop = null;
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await Promise.allSettled([...inFlight]);
      await Promise.allSettled([...recording]);
      // Everything sent is marked: nothing for a later start to take up.
      if (o.journal && journalledUnmarked === 0) o.journal.own.clear();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      stopping = false;
    },
  };
}
