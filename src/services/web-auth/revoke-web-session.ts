import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';
import { hashWebSecret, WEB_SECRET_PATTERN } from './web-secret.js';

/**
 * Signs a web session out: it stops working at once. Writes `web.sign_out` to the audit log when a
 * live session was ended; returns whether one was.
 */
export async function revokeWebSession(db: Db, o: { cookieValue: string | undefined; now?: Date }): Promise<boolean> {
  if (!o.cookieValue || !WEB_SECRET_PATTERN.test(o.cookieValue)) return false;
  const now = o.now ?? new Date();
  const hash = hashWebSecret(o.cookieValue);
  const ended = await db.webSession.updateMany({ where: { hash, revokedAt: null }, data: { revokedAt: now } });
  if (ended.count !== 1) return false;
  const row = await db.webSession.findUnique({ where: { hash }, select: { id: true, personId: true } });
  if (row) await writeAudit(db, { actorId: row.personId, action: 'web.sign_out', subject: `web_session:${row.id}` });
  return true;
}
