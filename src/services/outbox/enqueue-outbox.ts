import type { OutboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';

/** Topics are short keys such as `reminder:annual:2026:d7`. */
export const MAX_OUTBOX_TOPIC_LENGTH = 200;
const BATCH_SIZE = 1_000;

export interface OutboxRow {
  /** What the message is for; with the person, it identifies the row (one row per topic and person). */
  topic: string;
  personId: number;
  /** Already in the person's language. */
  message: OutboundMessage;
  /** Not before this time (default: now). */
  availableAt?: Date;
}

/**
 * Queues bot-initiated messages. A (topic, person) pair already queued is skipped whatever its
 * state, so enqueueing the same reminder again never sends it twice. Inserts in batches of 1,000;
 * returns how many rows were new.
 */
export async function enqueueOutbox(db: Db, rows: readonly OutboxRow[]): Promise<number> {
  for (const row of rows) {
    if (!row.topic) throw new Error('An outbox topic must not be empty');
    if (row.topic.length > MAX_OUTBOX_TOPIC_LENGTH) {
      throw new Error(`An outbox topic is at most ${MAX_OUTBOX_TOPIC_LENGTH} characters; got ${row.topic.length}: ${row.topic.slice(0, 60)}…`);
    }
    if (row.message.document?.content) {
      throw new Error(`An outbox message is stored as JSON, so its document must be given by path, not by content (topic ${row.topic})`);
    }
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    const batch = rows.slice(i, i + BATCH_SIZE);
    const result = await db.outboxMessage.createMany({
      data: batch.map((r) => ({
        topic: r.topic,
        personId: r.personId,
        message: r.message as unknown as Prisma.InputJsonValue,
        ...(r.availableAt ? { availableAt: r.availableAt } : {}),
      })),
      skipDuplicates: true,
    });
    created += result.count;
  }
  return created;
}
