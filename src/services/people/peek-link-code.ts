import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { normalizeInviteCode } from '../invites/invite-code.js';
import type { LinkFailure } from './link-accounts.js';

export type LinkPreview =
  | {
      ok: true;
      /** The channels the code's person already uses, sorted. */
      channels: string[];
      role: Role;
      cooperativeName: string | null;
      province: string | null;
      commune: string | null;
    }
  | { ok: false; reason: Exclude<LinkFailure, 'conflict'> };

/**
 * What linking with this code would join, without using it: shown to the user for confirmation,
 * so nobody merges their account into a stranger's by typing a code they were sent.
 */
export async function peekLinkCode(db: Db, o: { code: string; personId: number; now: Date }): Promise<LinkPreview> {
  const row = await db.linkCode.findUnique({
    where: { code: normalizeInviteCode(o.code) },
    select: {
      usedAt: true,
      expiresAt: true,
      person: {
        select: { id: true, role: true, province: true, commune: true, cooperative: { select: { name: true } }, accounts: { select: { channel: true } } },
      },
    },
  });
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt <= o.now) return { ok: false, reason: 'expired' };
  const p = row.person;
  if (p.id === o.personId) return { ok: false, reason: 'same_person' };
  return {
    ok: true,
    channels: [...new Set(p.accounts.map((a) => a.channel))].sort(),
    role: p.role,
    cooperativeName: p.cooperative?.name ?? null,
    province: p.province,
    commune: p.commune,
  };
}
