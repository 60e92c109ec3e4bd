import type { Db } from '../../db/database.js';

/** `progressMessageId` while the first progress message is being sent, so two processes never both send one. */
export const PROGRESS_SENDING = 'sending';
/** `progressMessageId` when the progress message went out on a channel that cannot edit it: later states are not sent. */
export const PROGRESS_NOT_EDITABLE = 'none';

/**
 * Claims the sending of an announcement's first progress message (none sent yet): true for the one
 * process that gets it. It then records the message with setProgressMessage (or releases it, null).
 */
export async function claimProgressMessage(db: Db, o: { announcementId: number }): Promise<boolean> {
  const claimed = await db.announcement.updateMany({ where: { id: o.announcementId, progressMessageId: null }, data: { progressMessageId: PROGRESS_SENDING } });
  return claimed.count > 0;
}
