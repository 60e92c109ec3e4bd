import type { Button, OutboundMessage } from '../../lib/messages.js';
import type { T } from '../../i18n/i18n.js';
import type { Feature, Handler } from '../../router/context.js';
import { timeText } from '../reports/report-text.js';

/** The button prefix: `rsvp:<announcementId>:y` / `rsvp:<announcementId>:n`. */
export const RSVP = 'rsvp';

export const rsvpAction = (announcementId: number, attending: boolean) => `${RSVP}:${announcementId}:${attending ? 'y' : 'n'}`;

/** The two buttons under a training or trade fair: "✅ Tôi sẽ tham dự" and "Không tham dự". */
export function rsvpButtons(t: T, announcementId: number): Button[] {
  return [
    { label: t('rsvp.yes'), action: rsvpAction(announcementId, true) },
    { label: t('rsvp.no'), action: rsvpAction(announcementId, false) },
  ];
}

/** The event's title, time (Vietnam) and place for the texts, with a word when one is not known. */
export function eventValues(t: T, a: { title: string; startsAt: Date | null; place: string | null }) {
  return {
    title: a.title,
    time: a.startsAt ? timeText(a.startsAt) : t('rsvp.time_unknown'),
    place: a.place?.trim() || t('rsvp.place_unknown'),
  };
}

/** A press of "Tôi sẽ tham dự" / "Không tham dự" on an announcement. */
const rsvpHandler: Handler = async (ctx) => {
  const { t } = ctx;
  const [idText = '', answer = ''] = ctx.args;
  if (!/^\d{1,9}$/.test(idText) || (answer !== 'y' && answer !== 'n')) return [ctx.mainMenu(t('errors.button_expired'))];
  const announcementId = Number(idText);
  const attending = answer === 'y';

  const result = await ctx.services.recordRsvp({ announcementId, personId: ctx.who.personId, attending, now: ctx.now });
  const a = result === 'not_found' ? null : await ctx.services.findAnnouncementEvent({ announcementId });
  if (!a) return [ctx.mainMenu(t('rsvp.not_found'))];
  if (result === 'not_invited') return [ctx.mainMenu(t('rsvp.not_invited'))];
  const values = eventValues(t, a);
  if (result === 'closed') {
    const key = a.status === 'cancelled' ? 'rsvp.cancelled' : a.kind === 'other' ? 'rsvp.no_rsvp' : 'rsvp.closed';
    return [ctx.mainMenu(t(key, values))];
  }

  let text: string;
  if (attending)
    text =
      result === 'changed' ? t('rsvp.attending_changed', values) : result === 'unchanged' ? t('rsvp.attending_unchanged', values) : t('rsvp.attending', values);
  else
    text =
      result === 'changed' ? t('rsvp.declined_changed', values) : result === 'unchanged' ? t('rsvp.declined_unchanged', values) : t('rsvp.declined', values);
  const change: Button = { label: t(attending ? 'rsvp.change_to_no' : 'rsvp.change_to_yes'), action: rsvpAction(announcementId, !attending) };
  const reply: OutboundMessage = { text, buttons: [[change]] };
  return [reply];
};

/**
 * Answers to trainings and trade fairs: the recipients of an announcement say whether they will
 * attend (and may change their mind until registration closes); those attending are reminded the
 * day before (queueAttendeeReminders).
 */
export const rsvpFeature: Feature = {
  name: 'rsvp',
  actions: { [RSVP]: rsvpHandler },
};
