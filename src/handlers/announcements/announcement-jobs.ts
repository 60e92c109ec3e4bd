import type { Db } from '../../db/database.js';
import type { Notify } from '../../delivery/notify.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import { finishAnnouncements } from '../../services/announcements/finish-announcements.js';
import { queueDueAnnouncements } from '../../services/announcements/queue-due-announcements.js';
import { localeFields, preferredLocale } from '../../services/people/preferred-locale.js';
import { updateAnnouncementProgress, type ProgressChannels } from './announcement-progress.js';
import { reportMessage } from './announcement-report.js';
import { renderAnnouncement } from './announcement-text.js';
import { queueAttendeeReminders } from './queue-attendee-reminders.js';

/**
 * The announcements' periodic work, safe to run in several processes at once: queue the scheduled
 * ones whose time has come, tell authors when delivery is done (with the report), and queue the
 * day-before reminders to those attending.
 */
export async function runAnnouncementJobs(o: {
  db: Db;
  translator: (l: Locale) => T;
  notify: Notify;
  now: Date;
  logger: Logger;
  /** Where the authors' live progress messages are sent and edited. */
  progress: ProgressChannels;
  /** What this process last showed in each progress message. */
  shown: Map<number, string>;
}): Promise<void> {
  const queued = await queueDueAnnouncements(o.db, { render: renderAnnouncement(o.translator), now: o.now, logger: o.logger });
  if (queued) o.logger.info({ queued }, 'scheduled announcements queued');
  await updateAnnouncementProgress({ db: o.db, translator: o.translator, channels: o.progress, shown: o.shown, logger: o.logger });
  const finished = await finishAnnouncements(o.db, o.now);
  // The live message shows the final state too; the report itself comes as a new message.
  if (finished.length) await updateAnnouncementProgress({ db: o.db, translator: o.translator, channels: o.progress, shown: o.shown, logger: o.logger, only: finished.map((a) => a.id) });
  for (const a of finished) {
    o.shown.delete(a.id);
    o.logger.info({ announcementId: a.id }, 'announcement delivered');
    if (a.createdById === null) continue;
    const author = await o.db.person.findUnique({ where: { id: a.createdById }, select: localeFields });
    if (!author) continue;
    const locale = preferredLocale(author);
    const full = await o.db.announcement.findUniqueOrThrow({ where: { id: a.id }, select: { id: true, title: true, kind: true } });
    await o.notify(a.createdById, { ...(await reportMessage(o, o.translator(locale), locale, full, true)), locale });
  }
  const reminders = await queueAttendeeReminders({ db: o.db, translator: o.translator, now: o.now, logger: o.logger });
  if (reminders) o.logger.info({ reminders }, 'attendee reminders queued');
}
