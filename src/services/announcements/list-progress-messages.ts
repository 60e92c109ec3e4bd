import type { Db } from '../../db/database.js';

/** An announcement with its author's live progress message (see claimProgressMessage). */
export interface ProgressMessageRow {
  id: number;
  title: string;
  kind: string;
  status: string;
  progressChannel: string | null;
  progressChatId: string | null;
  progressMessageId: string | null;
  createdById: number | null;
}

/**
 * The announcements whose authors follow a live progress message: those being sent that have a
 * progress chat, or (`only`) exactly these announcements, whatever their state (the just finished).
 */
export async function listProgressMessages(db: Db, o: { only?: number[] } = {}): Promise<ProgressMessageRow[]> {
  return db.announcement.findMany({
    where: o.only ? { id: { in: o.only } } : { status: 'sending', queuedAt: { not: null }, progressChannel: { not: null } },
    select: { id: true, title: true, kind: true, status: true, progressChannel: true, progressChatId: true, progressMessageId: true, createdById: true },
  });
}
