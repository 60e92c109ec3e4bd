import type { Db } from '../../db/database.js';

export interface AnnouncementStats {
  total: number;
  sent: number;
  /** Queued or being sent. */
  waiting: number;
  /** The person blocked the bot. */
  blocked: number;
  /** The platform would not deliver (Zalo outside its 7-day window, not a follower…). */
  unreachable: number;
  /** Gave up after retries, or no account. */
  failed: number;
  /** Delivered copies by channel. */
  sentByChannel: Record<string, number>;
}

/** How an announcement's copies stand, by outcome and channel (from its outbox rows). */
export async function announcementStats(db: Db, announcementId: number): Promise<AnnouncementStats> {
  const rows = await db.$queryRaw<{ status: string; channel: string | null; reason: string | null; n: bigint }[]>`
    SELECT "status"::text AS "status", "channel", split_part(coalesce("lastError", ''), ':', 1) AS "reason", count(*) AS "n"
    FROM "OutboxMessage" WHERE "announcementId" = ${announcementId}
    GROUP BY 1, 2, 3`;
  const s: AnnouncementStats = { total: 0, sent: 0, waiting: 0, blocked: 0, unreachable: 0, failed: 0, sentByChannel: {} };
  for (const r of rows) {
    const n = Number(r.n);
    s.total += n;
    if (r.status === 'sent') {
      s.sent += n;
      const channel = r.channel ?? 'unknown';
      s.sentByChannel[channel] = (s.sentByChannel[channel] ?? 0) + n;
    } else if (r.status === 'pending' || r.status === 'sending') s.waiting += n;
    else if (r.status === 'undeliverable' && r.reason === 'blocked') s.blocked += n;
    else if (r.status === 'undeliverable' && r.reason === 'unreachable') s.unreachable += n;
    else s.failed += n;
  }
  return s;
}
