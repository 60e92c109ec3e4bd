import type { Db } from '../../db/database.js';

/** A reply left: the platform took it (`sent`), or refused it for good (`blocked`, `unreachable`, `failed`). */
export async function markInboxReplySent(db: Db, id: number, outcome: 'sent' | 'blocked' | 'unreachable' | 'failed'): Promise<void> {
  await db.$executeRaw`update "InboxReply" set "sentAt" = now(), "outcome" = ${outcome} where "id" = ${id}`;
}

/**
 * Handling an event failed outside the router's error boundary (the database, most likely): counts
 * the attempt; after `maxAttempts` the event is marked handled with no reply so that the chat moves
 * on. Returns true when it was given up.
 */
export async function failInboxEvent(db: Db, id: number, maxAttempts: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    update "InboxEvent" set "attempts" = "attempts" + 1,
      "handledAt" = case when "attempts" + 1 >= ${maxAttempts} then now() else "handledAt" end
    where "id" = ${id} returning "attempts"`;
  return (rows[0]?.attempts ?? maxAttempts) >= maxAttempts;
}
