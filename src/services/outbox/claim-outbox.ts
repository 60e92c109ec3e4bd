import type { OutboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';

/** A row a worker claimed: it is now `sending` and must be finished (see finish-outbox.ts). */
export interface ClaimedMessage {
  id: number;
  topic: string;
  personId: number;
  message: OutboundMessage;
  /** Claims so far, this one included (1 on the first try). */
  attempts: number;
  /** The channel account it is addressed to (null: any reachable account of the person). */
  externalId: string | null;
}

/**
 * Claims up to `limit` due rows, oldest first, in one statement: they become `sending`, locked
 * at `now`, with one more attempt. `FOR UPDATE SKIP LOCKED` lets several workers (processes on one
 * Postgres) claim at once without waiting for each other or taking the same row.
 */
export async function claimOutbox(db: Db, o: { limit: number; now: Date; channel?: string | null }): Promise<ClaimedMessage[]> {
  if (o.limit < 1) return [];
  // Rows addressed to one channel account (announcements) are sent by that channel's lane; the
  // others (reminders: any reachable account of the person) have no channel yet.
  const channel = o.channel === undefined ? Prisma.sql`TRUE` : o.channel === null ? Prisma.sql`"channel" IS NULL` : Prisma.sql`"channel" = ${o.channel}`;
  const rows = await db.$queryRaw<(ClaimedMessage & { availableAt: Date })[]>`
    UPDATE "OutboxMessage"
    SET "status" = 'sending'::"OutboxStatus", "lockedAt" = ${o.now}::timestamp(3), "attempts" = "attempts" + 1
    WHERE "status" = 'pending'::"OutboxStatus" AND "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE "status" = 'pending'::"OutboxStatus" AND "availableAt" <= ${o.now}::timestamp(3) AND ${channel}
      ORDER BY "availableAt", "id"
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "topic", "personId", "message", "attempts", "availableAt", "externalId"`;
  // RETURNING keeps no order: send the oldest first.
  rows.sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id);
  return rows.map((r) => ({ id: r.id, topic: r.topic, personId: r.personId, message: r.message, attempts: r.attempts, externalId: r.externalId }));
}
