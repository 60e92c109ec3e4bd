import type { Db } from '../../db/database.js';

/** Platform event ids are kept this long for deduplication (webhook retries come within minutes). */
export const INBOUND_EVENT_RETENTION_MS = 7 * 86_400_000;

/**
 * Deletes what has served its purpose: event ids older than the retention, and conversations
 * that expired more than a day ago (an expired one is already treated as none), link codes
 * expired more than a day ago. Returns counts.
 */
export async function pruneExpired(db: Db, now = new Date()): Promise<{ events: number; conversations: number; linkCodes: number }> {
  const events = await db.inboundEvent.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - INBOUND_EVENT_RETENTION_MS) } } });
  const conversations = await db.conversationState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  // Link codes live 15 minutes; used or expired ones are kept a day for the audit trail, then go.
  const linkCodes = await db.linkCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  return { events: events.count, conversations: conversations.count, linkCodes: linkCodes.count };
}
