import type { Db } from '../../db/database.js';
import type { ChannelEditor, ChannelSender } from '../../delivery/send-to-person.js';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import { localeFields, preferredLocale } from '../../services/people/preferred-locale.js';
import { reportMessage } from './announcement-report.js';

/** Marks a progress message being sent, so two processes never both send one. */
const SENDING = 'sending';
/** The progress message went out on a channel that cannot edit it: later states are not sent. */
const NOT_EDITABLE = 'none';

export interface ProgressChannels {
  senders: Record<string, ChannelSender>;
  editors: Record<string, ChannelEditor>;
}

/**
 * Keeps one live status message per announcement being sent in its author's chat ("Đã gửi
 * 1.234/5.000 · chặn 3 · lỗi 12"): sent once, then edited as copies go out where the platform can
 * edit messages (Telegram); elsewhere the author gets the first state and the final report.
 * `shown` remembers what this process last showed, so unchanged states are not re-sent.
 */
export async function updateAnnouncementProgress(o: {
  db: Db;
  translator: (l: Locale) => T;
  channels: ProgressChannels;
  shown: Map<number, string>;
  logger: Logger;
  /** Only these announcements (those just finished: their final state). */
  only?: number[];
}): Promise<void> {
  const active = await o.db.announcement.findMany({
    where: o.only ? { id: { in: o.only } } : { status: 'sending', queuedAt: { not: null }, progressChannel: { not: null } },
    select: { id: true, title: true, kind: true, status: true, progressChannel: true, progressChatId: true, progressMessageId: true, createdById: true },
  });
  for (const a of active) {
    const send = a.progressChannel ? o.channels.senders[a.progressChannel] : undefined;
    if (!send || !a.progressChatId || a.progressMessageId === NOT_EDITABLE || a.progressMessageId === SENDING) continue;
    const author = a.createdById === null ? null : await o.db.person.findUnique({ where: { id: a.createdById }, select: localeFields });
    const locale = author ? preferredLocale(author) : 'vi';
    const msg = { ...(await reportMessage(o, o.translator(locale), locale, a, a.status === 'done')), locale };
    if (o.shown.get(a.id) === msg.text) continue;
    try {
      if (!a.progressMessageId) {
        const claimed = await o.db.announcement.updateMany({ where: { id: a.id, progressMessageId: null }, data: { progressMessageId: SENDING } });
        if (!claimed.count) continue;
        const id = await send(a.progressChatId, msg).catch(async (err: unknown) => {
          await o.db.announcement.update({ where: { id: a.id }, data: { progressMessageId: null } });
          throw err;
        });
        const editable = typeof id === 'string' && o.channels.editors[a.progressChannel!];
        await o.db.announcement.update({ where: { id: a.id }, data: { progressMessageId: editable ? id : NOT_EDITABLE } });
      } else {
        await o.channels.editors[a.progressChannel!]?.(a.progressChatId, a.progressMessageId, msg);
      }
      o.shown.set(a.id, msg.text);
    } catch (err) {
      o.logger.warn({ err, announcementId: a.id }, 'progress message not updated');
    }
  }
}
