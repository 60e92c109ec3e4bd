import type { Db } from '../../db/database.js';
import { saveConversation, type Conversation } from '../conversations/conversation.js';

/** The event was handled already (another process took over an expired lease and finished first). */
export class InboxEventHandledError extends Error {
  override name = 'InboxEventHandledError';
}

export interface InboxSettlement {
  inboxId: number;
  channel: string;
  chatId: string;
  /** The chat's conversation to save (optimistic version check), or null to leave it. */
  conversation: { next: Conversation; expiresAt: Date } | null;
  /** The replies, in order, as JSON. */
  replies: unknown[];
}

/**
 * Settles a handled event in ONE transaction: the conversation change, its replies recorded for
 * sending, and the event's handled mark. Either all of it is stored or none (a crash before the
 * commit has the event handled again). Throws ConversationConflictError on a concurrent change,
 * InboxEventHandledError when the event was settled already. Returns the replies' ids, in order.
 */
export async function settleInboxEvent(db: Db, s: InboxSettlement): Promise<number[]> {
  return db.$transaction(async (tx) => {
    const marked = await tx.$executeRaw`update "InboxEvent" set "handledAt" = now() where "id" = ${s.inboxId} and "handledAt" is null`;
    if (marked !== 1) throw new InboxEventHandledError(`inbox event ${s.inboxId} is already handled`);
    if (s.conversation) await saveConversation(tx as unknown as Db, s.channel, s.chatId, s.conversation.next, s.conversation.expiresAt);
    const ids: number[] = [];
    const chatKey = `${s.channel}:${s.chatId}`;
    for (const message of s.replies) {
      const rows = await tx.$queryRaw<{ id: number }[]>`
        insert into "InboxReply" ("inboxId", "channel", "chatId", "chatKey", "message")
        values (${s.inboxId}, ${s.channel}, ${s.chatId}, ${chatKey}, ${JSON.stringify(message)}::jsonb) returning "id"`;
      ids.push(rows[0]!.id);
    }
    return ids;
  });
}
