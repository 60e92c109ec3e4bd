import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';

/**
 * Turns announcements (trainings, trade fairs) off or on for a person. Direct answers and report
 * reminders are not announcements and still reach them. Returns whether anything changed (false
 * when they were already off, or already on); only a change is audited.
 */
export async function setAnnouncementsOff(db: Db, personId: number, off: boolean, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Conditional update: two concurrent requests change (and audit) at most once.
    const { count } = await tx.person.updateMany({
      where: { id: personId, announcementsOffAt: off ? null : { not: null } },
      data: { announcementsOffAt: off ? now : null },
    });
    if (count === 0) return false;
    await writeAudit(tx, { actorId: personId, action: off ? 'announcements.opt_out' : 'announcements.opt_in', subject: `person:${personId}` });
    return true;
  });
}
