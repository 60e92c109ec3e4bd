import type { Db } from '../../db/database.js';
import { jsonWithoutNul } from '../../lib/vietnamese-text.js';

export interface InboxEntry {
  channel: string;
  /** The platform's id of the update: unique per channel. */
  eventId: string;
  chatId: string;
  /** What to do, as JSON (the neutral message, a follow). */
  payload: unknown;
}

/**
 * Writes an authenticated platform update to the inbox, before it is acknowledged. False when the
 * event was already there (a webhook retried, polling redelivered after a crash): stored once.
 */
export async function storeInboxEvent(db: Db, e: InboxEntry): Promise<boolean> {
  const inserted = await db.$executeRaw`
    insert into "InboxEvent" ("channel", "eventId", "chatKey", "payload")
    values (${e.channel}, ${e.eventId}, ${`${e.channel}:${e.chatId}`}, ${jsonWithoutNul(e.payload)}::jsonb)
    on conflict ("channel", "eventId") do nothing`;
  return inserted === 1;
}
