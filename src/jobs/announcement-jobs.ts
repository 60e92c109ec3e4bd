import type { Notify } from '../delivery/notify.js';
import { reportMessage } from '../handlers/announcements/announcement-report.js';
import { renderAnnouncement } from '../handlers/announcements/announcement-text.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { Services } from '../services/services.js';
import { updateAnnouncementProgress, type ProgressChannels, type ProgressDeps } from './announcement-progress.js';
import { queueAttendeeReminders, type AttendeeReminderDeps } from './queue-attendee-reminders.js';

export interface AnnouncementJobDeps {
  services: Pick<Services, 'queueDueAnnouncements' | 'finishAnnouncements'> & ProgressDeps['services'] & AttendeeReminderDeps['services'];
  translator: (l: Locale) => T;
  /** How the author hears that delivery is done (the report). */
  notify: Notify;
  logger: Logger;
  /** Where the authors' live progress messages are sent and edited. */
  progress: ProgressChannels;
  /** What this process last showed in each progress message. */
  shown: Map<number, string>;
}

/**
 * The announcements' periodic work, safe to run in several processes at once: queue the scheduled
 * ones whose time has come, keep the authors' progress messages current, tell authors when
 * delivery is done (with the report), and queue the day-before reminders to those attending.
 */
export async function runAnnouncementJobs(deps: AnnouncementJobDeps, now: Date): Promise<void> {
  const { services, logger } = deps;
  const queued = await services.queueDueAnnouncements({ render: renderAnnouncement(deps.translator), now, logger });
  if (queued) logger.info({ queued }, 'scheduled announcements queued');
  const progress: ProgressDeps = { services, translator: deps.translator, channels: deps.progress, shown: deps.shown, logger };
  await updateAnnouncementProgress(progress);
  const finished = await services.finishAnnouncements(now);
  // The live message shows the final state too; the report itself comes as a new message.
  if (finished.length) await updateAnnouncementProgress(progress, { only: finished.map((a) => a.id) });
  for (const a of finished) {
    deps.shown.delete(a.id);
    logger.info({ announcementId: a.id }, 'announcement delivered');
    if (a.createdById === null) continue;
    const locale = await services.findPreferredLocale({ personId: a.createdById });
    if (!locale) continue;
    await deps.notify(a.createdById, { ...(await reportMessage(deps, deps.translator(locale), locale, a, true)), locale });
  }
  const reminders = await queueAttendeeReminders({ services, translator: deps.translator, logger }, now);
  if (reminders) logger.info({ reminders }, 'attendee reminders queued');
}
