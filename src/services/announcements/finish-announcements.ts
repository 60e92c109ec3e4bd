import type { Db } from '../../db/database.js';

export interface FinishedAnnouncement {
  id: number;
  title: string;
  kind: string;
  createdById: number | null;
}

/**
 * Marks `done` the announcements being sent whose every copy is settled (sent, undeliverable or
 * failed), and returns them. One statement: when several processes run this, each announcement is
 * returned to exactly one of them (which then tells its author).
 */
export async function finishAnnouncements(db: Db, now: Date): Promise<FinishedAnnouncement[]> {
  return db.$queryRaw<FinishedAnnouncement[]>`
    UPDATE "Announcement" a SET "status" = 'done'::"AnnouncementStatus", "finishedAt" = ${now}::timestamp(3)
    WHERE a."status" = 'sending'::"AnnouncementStatus" AND a."queuedAt" IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" o
        WHERE o."announcementId" = a."id" AND o."status" IN ('pending'::"OutboxStatus", 'sending'::"OutboxStatus")
      )
    RETURNING a."id", a."title", a."kind"::text AS "kind", a."createdById"`;
}
