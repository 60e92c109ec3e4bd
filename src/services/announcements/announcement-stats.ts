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
  /**
   * Of the copies waiting, those the platform refused for the sending account and that wait hours
   * to be tried again (Zalo OA: `quota` used up, `package` too low; see deferOutbox), by channel.
   */
  held: { channel: string; reason: 'quota' | 'package'; n: number }[];
  /**
   * Copies by Zalo's notification service (channel `zns`, a template to a phone number), counted
   * apart because each is paid: sent, and not delivered (invalid number, not a Zalo user, gave up).
   * Present only when the announcement has ZNS copies; their failures are in `failed`, not `unreachable`.
   */
  zns?: { sent: number; failed: number };
}

/** How an announcement's copies stand, by outcome and channel (from its outbox rows). */
export async function announcementStats(db: Db, announcementId: number): Promise<AnnouncementStats> {
  const rows = await db.$queryRaw<{ status: string; channel: string | null; reason: string | null; n: bigint }[]>`
    SELECT "status"::text AS "status", "channel", split_part(coalesce("lastError", ''), ':', 1) AS "reason", count(*) AS "n"
    FROM "OutboxMessage" WHERE "announcementId" = ${announcementId}
    GROUP BY 1, 2, 3`;
  const s: AnnouncementStats = { total: 0, sent: 0, waiting: 0, blocked: 0, unreachable: 0, failed: 0, sentByChannel: {}, held: [] };
  for (const r of rows) {
    const n = Number(r.n);
    s.total += n;
    if (r.channel === 'zns') {
      s.zns ??= { sent: 0, failed: 0 };
      if (r.status === 'sent') s.zns.sent += n;
      else if (r.status === 'undeliverable' || r.status === 'failed') {
        s.zns.failed += n;
        s.failed += n;
        continue;
      }
    }
    if (r.status === 'sent') {
      s.sent += n;
      const channel = r.channel ?? 'unknown';
      s.sentByChannel[channel] = (s.sentByChannel[channel] ?? 0) + n;
    } else if (r.status === 'pending' || r.status === 'sending') {
      s.waiting += n;
      if (r.reason === 'quota' || r.reason === 'package') {
        const channel = r.channel ?? 'unknown';
        const same = s.held.find((h) => h.channel === channel && h.reason === r.reason);
        if (same) same.n += n;
        else s.held.push({ channel, reason: r.reason, n });
      }
    } else if (r.status === 'undeliverable' && r.reason === 'blocked') s.blocked += n;
    else if (r.status === 'undeliverable' && r.reason === 'unreachable') s.unreachable += n;
    else s.failed += n;
  }
  return s;
}
