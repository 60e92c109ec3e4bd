import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { isStaff } from '../access/jurisdiction.js';
import { API_TOKEN_PATTERN, hashApiToken } from './create-api-token.js';

/** The officer (or admin) a valid token acts for, with their jurisdiction. */
export interface ApiOfficer {
  personId: number;
  role: Role;
  /** null: the whole country. */
  province: string | null;
  /** null: the whole province. */
  commune: string | null;
  /** The token used (for the audit log; never the token itself). */
  tokenId: number;
}

/** `lastUsedAt` is written at most this often per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Who an `Authorization: Bearer htx_…` header acts for, or null: no or malformed header, unknown
 * or revoked token, or a person who is no longer an officer or admin. The token is looked up by
 * its SHA-256 (no comparison of secrets in application code). Records when it was last used, at
 * most once a minute.
 */
export async function authenticate(db: Db, authorization: string | string[] | undefined, now: Date = new Date()): Promise<ApiOfficer | null> {
  if (typeof authorization !== 'string') return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  const token = m?.[1];
  if (!token || !API_TOKEN_PATTERN.test(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { hash: hashApiToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, person: { select: { id: true, role: true, province: true, commune: true } } },
  });
  if (!row || row.revokedAt || !isStaff(row.person.role)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  const p = row.person;
  return { personId: p.id, role: p.role, province: p.province, commune: p.commune, tokenId: row.id };
}

export { authenticate as authenticateApiToken };
