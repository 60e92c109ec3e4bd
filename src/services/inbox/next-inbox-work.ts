import type { Db } from '../../db/database.js';

export interface PendingInboxReply {
  id: number;
  inboxId: number;
  channel: string;
  chatId: string;
  message: unknown;
}

export interface PendingInboxEvent {
  id: number;
  channel: string;
  eventId: string;
  payload: unknown;
  attempts: number;
}

/**
 * A chat's next inbox work, for the process holding its lease: first the replies recorded but not
 * sent (a crash came between the two), in order; else the oldest unhandled event.
 */
export async function nextInboxWork(db: Db, chatKey: string): Promise<{ replies: PendingInboxReply[]; event: PendingInboxEvent | null }> {
  const replies = await db.$queryRaw<PendingInboxReply[]>`
    select "id", "inboxId", "channel", "chatId", "message" from "InboxReply"
    where "chatKey" = ${chatKey} and "sentAt" is null order by "id"`;
  if (replies.length) return { replies, event: null };
  const events = await db.$queryRaw<PendingInboxEvent[]>`
    select "id", "channel", "eventId", "payload", "attempts" from "InboxEvent"
    where "chatKey" = ${chatKey} and "handledAt" is null order by "id" limit 1`;
  return { replies: [], event: events[0] ?? null };
}
