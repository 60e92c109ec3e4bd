import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';

export type RevokeResult = 'revoked' | 'already_revoked' | 'not_found';

/** Revokes an API token: it is refused from then on. Revoking it again changes nothing. */
export async function revokeApiToken(db: Db, o: { tokenId: number; actorId?: number | null; now?: Date }): Promise<RevokeResult> {
  const now = o.now ?? new Date();
  const { count } = await db.apiToken.updateMany({ where: { id: o.tokenId, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0) {
    const exists = await db.apiToken.findUnique({ where: { id: o.tokenId }, select: { id: true } });
    return exists ? 'already_revoked' : 'not_found';
  }
  await writeAudit(db, { actorId: o.actorId ?? null, action: 'api_token.revoked', subject: `api_token:${o.tokenId}` });
  return 'revoked';
}
