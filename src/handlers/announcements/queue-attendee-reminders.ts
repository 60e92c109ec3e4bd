import type { OutboundMessage } from '../../core/messages.js';
import type { Db } from '../../db/database.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import { RSVP_KINDS } from '../../services/announcements/record-rsvp.js';
import { enqueueOutbox } from '../../services/outbox/enqueue-outbox.js';
import { localeFields, preferredLocale } from '../../services/people/preferred-locale.js';
import { vnDay } from '../../services/reports/report-schedule.js';
import { eventValues } from './rsvp-feature.js';

const HOUR = 3_600_000;
/** Events starting between 12 and 36 hours from now get their reminder. */
export const ATTENDEE_REMINDER_WINDOW = { fromMs: 12 * HOUR, toMs: 36 * HOUR } as const;

/** The outbox topic of an announcement's day-before reminder (one per person). */
export const attendeeReminderTopic = (announcementId: number) => `announcement:${announcementId}:reminder`;

const dayNumber = (at: Date) => {
  const d = vnDay(at);
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
};

/** "⏰ Nhắc lịch: ngày mai 08:00 … có «…» tại …" in the reader's language ("hôm nay" when it is today, Vietnam time). */
export function attendeeReminderMessage(t: T, a: { title: string; startsAt: Date; place: string | null }, now: Date): OutboundMessage {
  const days = dayNumber(a.startsAt) - dayNumber(now);
  const values = eventValues(t, a);
  const text = days === 1 ? t('rsvp.reminder', values) : days === 0 ? t('rsvp.reminder_today', values) : t('rsvp.reminder_later', values);
  return { text };
}

/**
 * Queues the reminder to everyone who said they will attend a training or fair that starts in 12
 * to 36 hours (the outbox worker sends them), once per announcement: `attendeeReminderAt` is set
 * afterwards, and the outbox's unique (topic, person) keeps a second process from queueing twice.
 * People who asked for no announcements are not reminded. Returns how many messages were new.
 */
export async function queueAttendeeReminders(o: { db: Db; translator: (l: Locale) => T; now: Date; logger?: Logger }): Promise<number> {
  const due = await o.db.announcement.findMany({
    where: {
      status: { in: ['sending', 'done'] },
      kind: { in: [...RSVP_KINDS] },
      startsAt: { gte: new Date(o.now.getTime() + ATTENDEE_REMINDER_WINDOW.fromMs), lte: new Date(o.now.getTime() + ATTENDEE_REMINDER_WINDOW.toMs) },
      attendeeReminderAt: null,
    },
    select: { id: true, title: true, startsAt: true, place: true },
    orderBy: { id: 'asc' },
  });
  let queued = 0;
  for (const a of due) {
    const startsAt = a.startsAt!;
    const attendees = await o.db.rsvp.findMany({
      where: { announcementId: a.id, attending: true, person: { announcementsOffAt: null } },
      select: { personId: true, person: { select: localeFields } },
      orderBy: { personId: 'asc' },
    });
    const added = await enqueueOutbox(
      o.db,
      attendees.map((r) => {
        const locale = preferredLocale(r.person);
        return { topic: attendeeReminderTopic(a.id), personId: r.personId, message: { ...attendeeReminderMessage(o.translator(locale), { ...a, startsAt }, o.now), locale } };
      }),
    );
    // Only the first process marks it; whoever comes later finds it marked and skips it.
    await o.db.announcement.updateMany({ where: { id: a.id, attendeeReminderAt: null }, data: { attendeeReminderAt: o.now } });
    queued += added;
    if (added) o.logger?.info({ announcementId: a.id, queued: added, attendees: attendees.length }, 'attendee reminders queued');
  }
  return queued;
}
