import type { ChannelEditor, ChannelSender } from '../delivery/send-to-person.js';
import { reportMessage } from '../handlers/announcements/announcement-report.js';
import type { Locale, T } from '../i18n/i18n.js';
import type { Logger } from '../lib/logger.js';
import { PROGRESS_NOT_EDITABLE, PROGRESS_SENDING } from '../services/announcements/claim-progress-message.js';
import type { Services } from '../services/services.js';

/** The platform senders and editors of this process, by channel: where progress messages go. */
export interface ProgressChannels {
  senders: Record<string, ChannelSender>;
  editors: Record<string, ChannelEditor>;
}

export interface ProgressDeps {
  services: Pick<Services, 'listProgressMessages' | 'findPreferredLocale' | 'claimProgressMessage' | 'setProgressMessage' | 'announcementStats' | 'countRsvps'>;
  translator: (l: Locale) => T;
  channels: ProgressChannels;
  /** What this process last showed in each progress message. */
  shown: Map<number, string>;
  logger: Logger;
}

/**
 * Keeps one live status message per announcement being sent in its author's chat ("Đã gửi
 * 1.234/5.000 · chặn 3 · lỗi 12"): sent once, then edited as copies go out where the platform can
 * edit messages (Telegram); elsewhere the author gets the first state and the final report.
 * `shown` remembers what this process last showed, so unchanged states are not re-sent. `only`:
 * just these announcements (those just finished: their final state).
 */
export async function updateAnnouncementProgress(deps: ProgressDeps, o: { only?: number[] } = {}): Promise<void> {
  const { services, channels, shown } = deps;
  const active = await services.listProgressMessages(o.only ? { only: o.only } : {});
  for (const a of active) {
    const send = a.progressChannel ? channels.senders[a.progressChannel] : undefined;
    if (!send || !a.progressChatId || a.progressMessageId === PROGRESS_NOT_EDITABLE || a.progressMessageId === PROGRESS_SENDING) continue;
    const locale = (a.createdById === null ? null : await services.findPreferredLocale({ personId: a.createdById })) ?? 'vi';
    const msg = { ...(await reportMessage(deps, deps.translator(locale), locale, a, a.status === 'done')), locale };
    if (shown.get(a.id) === msg.text) continue;
    try {
      if (!a.progressMessageId) {
        if (!(await services.claimProgressMessage({ announcementId: a.id }))) continue;
        const id = await send(a.progressChatId, msg).catch(async (err: unknown) => {
          await services.setProgressMessage({ announcementId: a.id, messageId: null });
          throw err;
        });
        const editable = typeof id === 'string' && channels.editors[a.progressChannel!];
        await services.setProgressMessage({ announcementId: a.id, messageId: editable ? id : PROGRESS_NOT_EDITABLE });
      } else {
        await channels.editors[a.progressChannel!]?.(a.progressChatId, a.progressMessageId, msg);
      }
      shown.set(a.id, msg.text);
    } catch (err) {
      deps.logger.warn({ err, announcementId: a.id }, 'progress message not updated');
    }
  }
}
