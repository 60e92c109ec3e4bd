import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { canRevokeRole, peopleVisibleTo, type DirectoryActor } from '../access/directory-access.js';

export interface RevocablePerson {
  id: number;
  name: string | null;
  role: Role;
  phone: string | null;
  province: string | null;
  commune: string | null;
  cooperative: { id: number; name: string; province: string; commune: string | null } | null;
  channels: string[];
  /** Whether this officer may withdraw the role (see canRevokeRole). */
  revocable: 'ok' | 'not_allowed' | 'outside_jurisdiction';
}

export const revocablePersonSelect = {
  id: true,
  name: true,
  role: true,
  phone: true,
  province: true,
  commune: true,
  cooperative: { select: { id: true, name: true, province: true, commune: true } },
  accounts: { select: { channel: true } },
} as const;

export type RevocablePersonResult = { ok: true; person: RevocablePerson } | { ok: false; reason: 'not_found' | 'outside_jurisdiction' };

/**
 * A person as the role-withdrawal page shows them: `outside_jurisdiction` when the officer may not
 * see them (peopleVisibleTo), `not_found` when there is none.
 */
export async function findRevocablePerson(db: Db, o: { personId: number; actor: DirectoryActor }): Promise<RevocablePersonResult> {
  const [p, visible] = await Promise.all([
    db.person.findUnique({ where: { id: o.personId }, select: revocablePersonSelect }),
    db.person.count({ where: { AND: [{ id: o.personId }, peopleVisibleTo(o.actor)] } }),
  ]);
  if (!p) return { ok: false, reason: 'not_found' };
  if (!visible) return { ok: false, reason: 'outside_jurisdiction' };
  const { accounts, ...rest } = p;
  return { ok: true, person: { ...rest, channels: [...new Set(accounts.map((a) => a.channel))].sort(), revocable: canRevokeRole(o.actor, p) } };
}
