import type { OutboundMessage } from '../lib/messages.js';
import { eventValues } from '../handlers/announcements/rsvp-feature.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import { vnDaysBetween } from '../lib/vn-time.js';
import type { Services } from '../services/services.js';

const HOUR = 3_600_000;
/** Events starting between 12 and 36 hours from now get their reminder. */
export const ATTENDEE_REMINDER_WINDOW = { fromMs: 12 * HOUR, toMs: 36 * HOUR } as const;

/** The outbox topic of an announcement's day-before reminder (one per person). */
export const attendeeReminderTopic = (announcementId: number) => `announcement:${announcementId}:reminder`;

/** "⏰ Nhắc lịch: ngày mai 08:00 … có «…» tại …" in the reader's language ("hôm nay" when it is today, Vietnam time). */
export function attendeeReminderMessage(t: T, a: { title: string; startsAt: Date; place: string | null }, now: Date): OutboundMessage {
  const days = vnDaysBetween(now, a.startsAt);
  const values = eventValues(t, a);
  const text = days === 1 ? t('rsvp.reminder', values) : days === 0 ? t('rsvp.reminder_today', values) : t('rsvp.reminder_later', values);
  return { text };
}

export interface AttendeeReminderDeps {
  services: Pick<Services, 'listEventsToRemind' | 'listAttendingPeople' | 'enqueueOutbox' | 'markAttendeesReminded'>;
  translator: (l: Locale) => T;
  logger?: Logger;
}

/**
 * Queues the reminder to everyone who said they will attend a training or fair that starts in 12
 * to 36 hours (the outbox worker sends them), once per announcement: it is marked reminded
 * afterwards, and the outbox's unique (topic, person) keeps a second process from queueing twice.
 * People who asked for no announcements are not reminded. Returns how many messages were new.
 */
export async function queueAttendeeReminders(deps: AttendeeReminderDeps, now: Date): Promise<number> {
  const { services } = deps;
  const due = await services.listEventsToRemind({
    from: new Date(now.getTime() + ATTENDEE_REMINDER_WINDOW.fromMs),
    to: new Date(now.getTime() + ATTENDEE_REMINDER_WINDOW.toMs),
  });
  let queued = 0;
  for (const a of due) {
    const attendees = await services.listAttendingPeople({ announcementId: a.id });
    const added = await services.enqueueOutbox(
      attendees.map(({ personId, locale }) => ({
        topic: attendeeReminderTopic(a.id),
        personId,
        message: { ...attendeeReminderMessage(deps.translator(locale), a, now), locale },
      })),
    );
    // Only the first process marks it; whoever comes later finds it marked and skips it.
    await services.markAttendeesReminded({ announcementId: a.id, at: now });
    queued += added;
    if (added) deps.logger?.info({ announcementId: a.id, queued: added, attendees: attendees.length }, 'attendee reminders queued');
  }
  return queued;
}
