import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';
import { isStaff } from '../access/jurisdiction.js';
import { hashWebSecret, newWebSecret, SESSION_TTL_MS, WEB_SECRET_PATTERN } from './web-secret.js';

export type RedeemResult =
  { ok: true; personId: number; sessionToken: string; expiresAt: Date } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'not_staff' };

/**
 * Turns a sign-in link's token into a web session. The link is spent atomically (one UPDATE that
 * matches only an unused, unexpired link), so two clicks racing give one session. The person must
 * still be an officer or admin. Returns the session's secret for the cookie (only its hash is
 * stored) and writes `web.sign_in` to the audit log.
 */
export async function redeemLoginLink(db: Db, o: { token: string; now?: Date; userAgent?: string }): Promise<RedeemResult> {
  const now = o.now ?? new Date();
  if (!WEB_SECRET_PATTERN.test(o.token)) return { ok: false, reason: 'unknown' };
  const hash = hashWebSecret(o.token);
  const spent = await db.webLoginLink.updateMany({ where: { hash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  const link = await db.webLoginLink.findUnique({ where: { hash }, select: { id: true, personId: true, usedAt: true, person: { select: { role: true } } } });
  if (!link) return { ok: false, reason: 'unknown' };
  if (spent.count !== 1) return { ok: false, reason: link.usedAt ? 'used' : 'expired' };
  if (!isStaff(link.person.role)) return { ok: false, reason: 'not_staff' };
  const sessionToken = newWebSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const session = await db.webSession.create({
    data: { personId: link.personId, hash: hashWebSecret(sessionToken), createdAt: now, lastSeenAt: now, expiresAt },
    select: { id: true },
  });
  await writeAudit(db, {
    actorId: link.personId,
    action: 'web.sign_in',
    subject: `web_session:${session.id}`,
    details: { loginLinkId: link.id, ...(o.userAgent ? { userAgent: o.userAgent.slice(0, 200) } : {}) },
  });
  return { ok: true, personId: link.personId, sessionToken, expiresAt };
}
