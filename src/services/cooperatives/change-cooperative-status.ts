import type { Db } from '../../db/database.js';
import type { CooperativeStatus } from '../../generated/prisma/enums.js';
import { cleanText } from '../../lib/vietnamese-text.js';
import { canManageCooperative, type DirectoryActor } from '../access/directory-access.js';
import { writeAudit } from '../audit/write-audit.js';
import { STATUS_REASON_MAX, STATUS_REASON_MIN } from './cooperative-fields.js';

export const STATUS_CHANGES = ['suspend', 'dissolve', 'reactivate'] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

/** The status each change leads to, and the statuses it may start from. */
const CHANGES: Record<StatusChange, { to: CooperativeStatus; from: readonly CooperativeStatus[] }> = {
  suspend: { to: 'suspended', from: ['active'] },
  dissolve: { to: 'dissolved', from: ['active', 'suspended'] },
  reactivate: { to: 'active', from: ['suspended', 'dissolved'] },
};

export type ChangeStatusResult =
  | { ok: true; from: CooperativeStatus; to: CooperativeStatus }
  | { ok: false; reason: 'not_found' | 'outside_jurisdiction' | 'bad_reason' }
  | { ok: false; reason: 'not_allowed_from'; status: CooperativeStatus };

/**
 * Suspends, dissolves or reactivates a cooperative of the officer's jurisdiction, with a reason
 * (STATUS_REASON_MIN–MAX characters), in one transaction with its audit line
 * (`cooperative.suspended|dissolved|reactivated`: the status before and after, the reason). A change
 * that does not apply to the current status (suspending a dissolved one) is refused and changes
 * nothing; the update is conditional, so two officers racing cannot both apply one.
 */
export async function changeCooperativeStatus(
  db: Db,
  o: { cooperativeId: number; actor: DirectoryActor; change: StatusChange; reason: string },
): Promise<ChangeStatusResult> {
  const rule = CHANGES[o.change];
  const reason = cleanText(o.reason);
  const current = await db.cooperative.findUnique({ where: { id: o.cooperativeId }, select: { id: true, province: true, commune: true, status: true } });
  if (!current) return { ok: false, reason: 'not_found' };
  if (!canManageCooperative(o.actor, current)) return { ok: false, reason: 'outside_jurisdiction' };
  if ([...reason].length < STATUS_REASON_MIN || [...reason].length > STATUS_REASON_MAX) return { ok: false, reason: 'bad_reason' };
  if (!rule.from.includes(current.status)) return { ok: false, reason: 'not_allowed_from', status: current.status };
  return db.$transaction(async (tx) => {
    const done = await tx.cooperative.updateMany({ where: { id: current.id, status: current.status }, data: { status: rule.to } });
    if (done.count === 0) {
      const now = await tx.cooperative.findUniqueOrThrow({ where: { id: current.id }, select: { status: true } });
      return { ok: false, reason: 'not_allowed_from', status: now.status } as const;
    }
    await writeAudit(tx, {
      actorId: o.actor.personId,
      action: `cooperative.${rule.to === 'active' ? 'reactivated' : rule.to}`,
      subject: `cooperative:${current.id}`,
      details: {
        province: current.province,
        commune: current.commune,
        before: { status: current.status },
        after: { status: rule.to },
        reason,
        via: 'dashboard',
      },
    });
    return { ok: true, from: current.status, to: rule.to } as const;
  });
}
