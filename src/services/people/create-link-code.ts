import type { Db } from '../../db/database.js';
import { newInviteCode } from '../invites/invite-code.js';

/** How long a link code works. Short: it is shown in one app and typed in the other right away. */
export const LINK_CODE_TTL_MS = 15 * 60_000;

/**
 * A fresh one-time code that links another channel account (Zalo, Telegram) to this person. The
 * person's older unused codes stop working, so only the last code shown is valid.
 */
export async function createLinkCode(db: Db, personId: number, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await db.linkCode.deleteMany({ where: { personId, usedAt: null } });
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.linkCode.create({ data: { code: newInviteCode(), personId, expiresAt, createdAt: now } });
      return { code: row.code, expiresAt: row.expiresAt };
    } catch (e) {
      if (attempt >= 3) throw e; // a code collision is rare; try a fresh code
    }
  }
}
