import type { Db } from '../../db/database.js';
import type { CooperativeKind, CooperativeStatus, Role } from '../../generated/prisma/enums.js';
import { canManageCooperative, type DirectoryActor } from '../access/directory-access.js';

export interface CooperativePerson {
  id: number;
  name: string | null;
  role: Role;
  phone: string | null;
  canReport: boolean;
  /** The chat channels they use; none: imported, not joined yet. */
  channels: string[];
  /** When they last wrote to the bot on any channel. */
  lastActiveAt: Date | null;
}

export interface ManagedCooperative {
  id: number;
  name: string;
  registrationCode: string | null;
  taxCode: string | null;
  province: string;
  commune: string | null;
  sector: string;
  kind: CooperativeKind;
  status: CooperativeStatus;
  createdAt: Date;
  updatedAt: Date;
  /** Its directors and members (joined or pending), directors first. */
  people: CooperativePerson[];
}

export type ManagedCooperativeResult = { ok: true; cooperative: ManagedCooperative } | { ok: false; reason: 'not_found' | 'outside_jurisdiction' };

const ROLE_ORDER: Record<string, number> = { director: 0, member: 1 };

/**
 * A cooperative an officer manages, with its directors and members: `outside_jurisdiction` when it
 * lies outside the officer's area (canManageCooperative), `not_found` when there is none.
 */
export async function findManagedCooperative(db: Db, o: { cooperativeId: number; actor: DirectoryActor }): Promise<ManagedCooperativeResult> {
  const c = await db.cooperative.findUnique({
    where: { id: o.cooperativeId },
    select: {
      id: true,
      name: true,
      registrationCode: true,
      taxCode: true,
      province: true,
      commune: true,
      sector: true,
      kind: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      people: {
        where: { role: { in: ['director', 'member'] } },
        select: { id: true, name: true, role: true, phone: true, canReport: true, accounts: { select: { channel: true, lastInboundAt: true } } },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      },
    },
  });
  if (!c) return { ok: false, reason: 'not_found' };
  if (!canManageCooperative(o.actor, c)) return { ok: false, reason: 'outside_jurisdiction' };
  const people = c.people
    .map(({ accounts, ...p }) => ({
      ...p,
      channels: [...new Set(accounts.map((a) => a.channel))].sort(),
      lastActiveAt: accounts.reduce<Date | null>((latest, a) => (a.lastInboundAt && (!latest || a.lastInboundAt > latest) ? a.lastInboundAt : latest), null),
    }))
    .sort((a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9));
  return { ok: true, cooperative: { ...c, people } };
}
