import type { Db } from '../../db/database.js';
import { UNANSWERED_RETENTION_MS } from '../knowledge/record-unanswered.js';

/** Platform event ids are kept this long for deduplication (webhook retries come within minutes). */
export const INBOUND_EVENT_RETENTION_MS = 7 * 86_400_000;
/**
 * Handled inbox events are kept this long: a platform's redelivery within it (any age the
 * signature allows) is recognised as a duplicate. Their sent replies go after a day.
 */
export const INBOX_RETENTION_MS = 30 * 86_400_000;

/**
 * Deletes what has served its purpose: event ids older than the retention, handled inbox events
 * older than 30 days and their replies sent more than a day ago, conversations
 * that expired more than a day ago (an expired one is already treated as none), link codes and
 * dashboard sign-in links and sessions expired more than a day ago, download links as soon as they
 * are used or expired (their files go with them), and unanswered questions older than 90 days.
 * Returns counts.
 */
export async function pruneExpired(
  db: Db,
  now = new Date(),
): Promise<{ events: number; inbox: number; conversations: number; linkCodes: number; webSignIns: number; downloadLinks: number; unanswered: number }> {
  const events = await db.inboundEvent.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - INBOUND_EVENT_RETENTION_MS) } } });
  // Only handled events and sent replies: an unhandled one is work still to do.
  const inbox = await db.inboxEvent.deleteMany({ where: { handledAt: { lt: new Date(now.getTime() - INBOX_RETENTION_MS) } } });
  await db.inboxReply.deleteMany({ where: { sentAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  const conversations = await db.conversationState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  // Link codes live 15 minutes; used or expired ones are kept a day for the audit trail, then go.
  const linkCodes = await db.linkCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  // Dashboard sign-in links (15 minutes) and sessions (12 hours) the same: a day after they expired
  // (who signed in and out stays in the audit log).
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const links = await db.webLoginLink.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  const sessions = await db.webSession.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  // Download links hold a file: gone once used or expired (their issue and use stay in the audit log).
  const downloadLinks = await db.downloadLink.deleteMany({ where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } });
  // The officers' list of questions the bot could not answer looks back 30 days; 90 are kept.
  const unanswered = await db.unansweredQuestion.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - UNANSWERED_RETENTION_MS) } } });
  return {
    events: events.count,
    inbox: inbox.count,
    conversations: conversations.count,
    linkCodes: linkCodes.count,
    webSignIns: links.count + sessions.count,
    downloadLinks: downloadLinks.count,
    unanswered: unanswered.count,
  };
}
