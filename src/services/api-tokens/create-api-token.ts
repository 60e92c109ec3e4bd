import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';
import { isStaff } from '../access/jurisdiction.js';

/** Every token starts with this (so that a leaked one is easy to recognise and search for). */
export const API_TOKEN_PREFIX = 'htx_';
/** `htx_` and 32 random bytes in base64url (43 characters). */
export const API_TOKEN_PATTERN = /^htx_[A-Za-z0-9_-]{43}$/;
export const API_TOKEN_NAME_MAX = 100;

/** What is stored of a token: its SHA-256, in hex. The token itself is never stored. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (shown once to whoever creates it). */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Creates an API token for an officer or admin (the HTTP API and `npm run announce` act as them,
 * within their jurisdiction). Returns the token, which cannot be read back later: only its hash is
 * kept. Throws when the person does not exist or is neither an officer nor an admin.
 */
export async function createApiToken(
  db: Db,
  o: { personId: number; name: string; actorId?: number | null; now?: Date },
): Promise<{ id: number; token: string }> {
  const name = o.name.trim();
  if (!name) throw new Error('An API token needs a name (what or who uses it, e.g. "Sở Tài chính")');
  if (name.length > API_TOKEN_NAME_MAX) throw new Error(`An API token name has at most ${API_TOKEN_NAME_MAX} characters`);
  const person = await db.person.findUnique({ where: { id: o.personId }, select: { id: true, role: true } });
  if (!person) throw new Error(`No person #${o.personId}`);
  if (!isStaff(person.role)) throw new Error(`Person #${o.personId} is a ${person.role}: only officers and admins may have an API token`);
  const token = newApiToken();
  const row = await db.apiToken.create({
    data: { personId: person.id, name, hash: hashApiToken(token), ...(o.now ? { createdAt: o.now } : {}) },
    select: { id: true },
  });
  await writeAudit(db, { actorId: o.actorId ?? null, action: 'api_token.created', subject: `api_token:${row.id}`, details: { personId: person.id, name } });
  return { id: row.id, token };
}
