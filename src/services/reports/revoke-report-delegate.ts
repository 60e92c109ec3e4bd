import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';

/** A director withdraws a member's right to fill in the cooperative's reports. False: not their delegate. */
export async function revokeReportDelegate(db: Db, o: { directorId: number; cooperativeId: number; personId: number }): Promise<boolean> {
  const changed = await db.person.updateMany({
    where: { id: o.personId, cooperativeId: o.cooperativeId, role: 'member', canReport: true },
    data: { canReport: false },
  });
  if (changed.count === 0) return false;
  await writeAudit(db, {
    actorId: o.directorId,
    action: 'report.delegate_revoked',
    subject: `person:${o.personId}`,
    details: { cooperativeId: o.cooperativeId },
  });
  return true;
}
