import type { Db } from '../../db/database.js';
import { isStaff } from '../access/jurisdiction.js';
import { hashWebSecret, LOGIN_LINK_TTL_MS, newWebSecret } from './web-secret.js';

export class NotStaffError extends Error {
  override name = 'NotStaffError';
}

/**
 * A one-time sign-in link for the web dashboard: a random token (returned, never stored: only its
 * SHA-256 is kept) valid LOGIN_LINK_TTL_MS and redeemable once. Only officers and admins get one;
 * anyone else gets NotStaffError.
 */
export async function createLoginLink(db: Db, o: { personId: number; now?: Date }): Promise<{ token: string; expiresAt: Date }> {
  const now = o.now ?? new Date();
  const person = await db.person.findUnique({ where: { id: o.personId }, select: { role: true } });
  if (!person || !isStaff(person.role)) throw new NotStaffError(`Person #${o.personId} is not an officer or admin: no dashboard sign-in`);
  const token = newWebSecret();
  const expiresAt = new Date(now.getTime() + LOGIN_LINK_TTL_MS);
  await db.webLoginLink.create({ data: { personId: o.personId, hash: hashWebSecret(token), createdAt: now, expiresAt } });
  return { token, expiresAt };
}
