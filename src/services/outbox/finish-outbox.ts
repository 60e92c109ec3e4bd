import type { Db } from '../../db/database.js';

/** Stored errors are cut to this length. */
export const MAX_OUTBOX_ERROR_LENGTH = 500;

const errorText = (error: unknown): string => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_OUTBOX_ERROR_LENGTH);
};

/*
 * Every function here finishes a claimed row, and only while it is still `sending`: a worker that
 * finishes late (its lease expired and the row was reconciled, maybe already sent again) cannot
 * overwrite the newer outcome. Each returns whether the row was updated.
 */

/** The platform took the message. */
export async function markOutboxSent(db: Db, id: number, o: { channel: string; externalId: string; at: Date }): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, status: 'sending' },
    data: { status: 'sent', sentAt: o.at, channel: o.channel, externalId: o.externalId, lastError: null },
  });
  return r.count > 0;
}

/**
 * Several rows the platform took, on the channel account they were addressed to, in one statement
 * (a channel lane's group commit: one write for every send that finished meanwhile).
 */
export async function markOutboxSentMany(db: Db, ids: number[], o: { channel: string; at: Date }): Promise<number> {
  if (!ids.length) return 0;
  return db.$executeRaw`
    UPDATE "OutboxMessage" SET "status" = 'sent'::"OutboxStatus", "sentAt" = ${o.at}::timestamp(3), "channel" = ${o.channel}, "lastError" = NULL
    WHERE "id" = ANY(${ids}::int[]) AND "status" = 'sending'::"OutboxStatus"`;
}

/**
 * Rows a platform took before the process that sent them died (its sent journal), each with when:
 * `sent`, whether still `sending` or already put back to `pending` by reconcile (a sent row is
 * never sent again). Returns how many rows changed.
 */
export async function markOutboxSentAt(db: Db, sends: readonly { id: number; at: Date }[], o: { channel: string }): Promise<number> {
  if (!sends.length) return 0;
  return db.$executeRaw`
    UPDATE "OutboxMessage" AS m SET "status" = 'sent'::"OutboxStatus", "sentAt" = j."at", "channel" = ${o.channel}, "lastError" = NULL, "lockedAt" = NULL
    FROM unnest(${sends.map((s) => s.id)}::int[], ${sends.map((s) => s.at)}::timestamp(3)[]) AS j("id", "at")
    WHERE m."id" = j."id" AND m."status" IN ('sending'::"OutboxStatus", 'pending'::"OutboxStatus")`;
}

/**
 * No account could take it (none, blocked, outside Zalo's window). Final. `at` is kept in
 * `sentAt`, which therefore means "settled at" for such rows.
 */
export async function markOutboxUndeliverable(db: Db, id: number, reason: string, at: Date): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, status: 'sending' },
    data: { status: 'undeliverable', sentAt: at, lastError: reason.slice(0, MAX_OUTBOX_ERROR_LENGTH) },
  });
  return r.count > 0;
}

/** A passing fault: back to `pending`, due again at `availableAt`. */
export async function retryOutboxLater(db: Db, id: number, o: { availableAt: Date; error: unknown }): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, status: 'sending' },
    data: { status: 'pending', availableAt: o.availableAt, lockedAt: null, lastError: errorText(o.error) },
  });
  return r.count > 0;
}

/**
 * The platform will take it later for reasons of the sending account or the clock, not the
 * person's (Zalo OA: quota used up, package too low, night ban): `pending` again, due at
 * `availableAt`, and the claim not counted as an attempt (so waiting never makes it `failed`).
 * `lastError` starts with `reason` (`quota: …`), which the announcement's progress counts.
 */
export async function deferOutbox(db: Db, id: number, o: { availableAt: Date; reason: string; error: unknown }): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, status: 'sending' },
    data: {
      status: 'pending',
      availableAt: o.availableAt,
      lockedAt: null,
      attempts: { decrement: 1 },
      lastError: `${o.reason}: ${errorText(o.error)}`.slice(0, MAX_OUTBOX_ERROR_LENGTH),
    },
  });
  return r.count > 0;
}

/** Gave up after the retries. Final. */
export async function markOutboxFailed(db: Db, id: number, error: unknown): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, status: 'sending' },
    data: { status: 'failed', lastError: errorText(error) },
  });
  return r.count > 0;
}

/**
 * Hands back claimed rows that were never tried (a worker stopping mid-batch): `pending` again,
 * due at `now`, without counting the claim as an attempt.
 */
export async function releaseOutbox(db: Db, ids: readonly number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.outboxMessage.updateMany({
    where: { id: { in: [...ids] }, status: 'sending' },
    data: { status: 'pending', availableAt: now, lockedAt: null, attempts: { decrement: 1 } },
  });
  return r.count;
}
