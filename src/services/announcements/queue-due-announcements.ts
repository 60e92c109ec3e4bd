import type { Db } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import { queueAnnouncement, type RenderAnnouncement } from './queue-announcement.js';
import type { ZnsRoute } from './zns-template.js';

/**
 * For a periodic job: queues every confirmed announcement whose time has come (`sendAt` ≤ now, or
 * "send now" ones whose queueing did not happen). Safe to run in several processes at once: each
 * announcement is queued by exactly one call. Returns how many announcements this call queued.
 */
export async function queueDueAnnouncements(db: Db, o: { render: RenderAnnouncement; now: Date; logger?: Logger; zns?: ZnsRoute }): Promise<number> {
  const due = await db.announcement.findMany({
    where: {
      queuedAt: null,
      OR: [{ status: 'scheduled', OR: [{ sendAt: null }, { sendAt: { lte: o.now } }] }, { status: 'sending' }],
    },
    select: { id: true },
    orderBy: [{ sendAt: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
  });
  let count = 0;
  let failure: unknown;
  for (const { id } of due) {
    try {
      const { reach } = await queueAnnouncement(db, { announcementId: id, render: o.render, now: o.now, logger: o.logger, zns: o.zns });
      if (reach) count++;
    } catch (err) {
      // One announcement's failure (it stays scheduled for the next run) does not hold up the others.
      o.logger?.error({ err, announcementId: id }, 'queueing an announcement failed');
      failure ??= err;
    }
  }
  // Without a logger the caller must hear of it (after the others were queued).
  if (failure !== undefined && !o.logger) throw failure;
  return count;
}
