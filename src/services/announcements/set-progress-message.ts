import type { Db } from '../../db/database.js';

/**
 * Records the platform's id of an announcement's progress message (to edit it later), or
 * PROGRESS_NOT_EDITABLE, or null: none sent (a claim released after a failed send).
 */
export async function setProgressMessage(db: Db, o: { announcementId: number; messageId: string | null }): Promise<void> {
  await db.announcement.update({ where: { id: o.announcementId }, data: { progressMessageId: o.messageId } });
}
