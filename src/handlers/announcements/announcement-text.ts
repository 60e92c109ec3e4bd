import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { Locale, T } from '../../i18n/i18n.js';
import { vnDateText, vnDayKey, vnEndOfDay } from '../../lib/vn-time.js';
import { takesRsvp, type AnnouncementContent } from '../../services/announcements/announcement-content.js';
import { timeText } from '../reports/report-text.js';

/** "✅ Tôi sẽ tham dự" (`rsvp:<id>:y`) and "Không tham dự" (`rsvp:<id>:n`), for trainings and fairs. */
export function announcementButtons(t: T, a: Pick<AnnouncementContent, 'id' | 'kind'>): Button[] {
  if (!takesRsvp(a.kind)) return [];
  return [
    { label: t('announcements.message.rsvp_yes'), action: `rsvp:${a.id}:y` },
    { label: t('announcements.message.rsvp_no'), action: `rsvp:${a.id}:n` },
  ];
}

/** The text recipients read: kind and title, body, time/place/registration, how to opt out. */
export function announcementText(t: T, a: Omit<AnnouncementContent, 'id'>): string {
  const head = t('announcements.message.head', { kind: t(`announcements.kind_tag.${a.kind}`), title: a.title });
  const details: string[] = [];
  if (a.startsAt) details.push(t('announcements.message.time', { time: timeText(a.startsAt) }));
  if (a.place) details.push(t('announcements.message.place', { place: a.place }));
  if (a.registerBy) {
    // A deadline given as a day runs to its end ("10/12/2026"); one given with an hour shows it ("17:00 10/12/2026").
    const endOfDay = vnEndOfDay(vnDayKey(a.registerBy)).getTime() === a.registerBy.getTime();
    details.push(t('announcements.message.register_by', { date: endOfDay ? vnDateText(a.registerBy) : timeText(a.registerBy) }));
  }
  return [head, a.body, ...(details.length ? [details.join('\n')] : []), t('announcements.message.opt_out')].join('\n\n');
}

/**
 * An announcement exactly as a recipient gets it, in the language of `t`:
 * "📢 [Tập huấn] Title\n\nBody\n\n🕗 Thời gian: 08:00 15/12/2026\n📍 Địa điểm: …\n📝 Đăng ký trước:
 * 10/12/2026\n\n(Gõ /tatthongbao nếu không muốn nhận thông báo.)", with the RSVP buttons for a
 * training or trade fair.
 */
export function announcementMessage(t: T, a: AnnouncementContent): OutboundMessage {
  const buttons = announcementButtons(t, a);
  return { text: announcementText(t, a), ...(buttons.length ? { buttons: [buttons] } : {}) };
}

/** Renders announcements for the outbox, each recipient in their language. */
export const renderAnnouncement =
  (translator: (locale: Locale) => T) =>
  (a: AnnouncementContent, locale: Locale): OutboundMessage =>
    announcementMessage(translator(locale), a);
