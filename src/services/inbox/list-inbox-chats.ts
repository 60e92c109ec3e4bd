import type { Db } from '../../db/database.js';

/**
 * Chats with inbox work (an unhandled event, or a recorded reply not yet sent) that no live lease
 * holds, oldest work first; only on `channels` when given (those the calling process serves).
 */
export async function listInboxChats(db: Db, limit: number, channels?: string[]): Promise<string[]> {
  const all = !channels;
  const on = channels ?? [];
  const rows = await db.$queryRaw<{ chatKey: string }[]>`
    select w."chatKey" from (
      select "chatKey", min("id") as "first", 0 as "kind" from "InboxEvent" where "handledAt" is null and (${all} or "channel" = any(${on})) group by "chatKey"
      union all
      select "chatKey", min("inboxId") as "first", 0 as "kind" from "InboxReply" where "sentAt" is null and (${all} or "channel" = any(${on})) group by "chatKey"
    ) w
    where not exists (select 1 from "ChatLease" l where l."chatKey" = w."chatKey" and l."expiresAt" >= now())
    group by w."chatKey"
    order by min(w."first")
    limit ${limit}`;
  return rows.map((r) => r.chatKey);
}

/** How many events wait to be handled and replies to be sent (all chats). */
export async function countInboxPending(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    select ((select count(*) from "InboxEvent" where "handledAt" is null) + (select count(*) from "InboxReply" where "sentAt" is null))::int as "n"`;
  return rows[0]?.n ?? 0;
}
