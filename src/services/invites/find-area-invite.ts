import type { Db } from '../../db/database.js';
import type { Jurisdiction } from '../access/jurisdiction.js';
import { listAreaInvites, type AreaInvite } from './list-area-invites.js';

/** One invite of an area (access/invite-access.ts), or why not: unknown, or another area's. */
export async function findAreaInvite(
  db: Db,
  o: { inviteId: number; area: Jurisdiction; now: Date },
): Promise<AreaInvite | 'not_found' | 'outside_jurisdiction'> {
  if (!(await db.invite.findUnique({ where: { id: o.inviteId }, select: { id: true } }))) return 'not_found';
  const { invites } = await listAreaInvites(db, { area: o.area, now: o.now, limit: 1, inviteId: o.inviteId });
  return invites[0] ?? 'outside_jurisdiction';
}
