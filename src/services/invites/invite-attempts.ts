import type { Db } from '../../db/database.js';

/** Wrong invite codes one account may send in an hour before it has to wait. */
export const INVITE_WRONG_PER_ACCOUNT = 5;
export const INVITE_ACCOUNT_WINDOW_MS = 3600_000;
/** Wrong invite codes all accounts together may send in a minute (guessing from many accounts). */
export const INVITE_WRONG_GLOBAL = 100;
export const INVITE_GLOBAL_WINDOW_MS = 60_000;

/** The audit action of a wrong invite code; the audit log is where attempts are counted. */
export const INVITE_WRONG_ACTION = 'invite.wrong_code';
/** The audit action of an attempt refused because a limit was reached (not counted again). */
export const INVITE_LIMITED_ACTION = 'invite.limited';
/** The audit action of a right code that could not bind this account (not a guess: not counted). */
export const INVITE_REFUSED_ACTION = 'invite.refused';

export type InviteLimit = { limited: false } | { limited: true; scope: 'account' | 'global'; retryAt: Date };

/**
 * Whether a person may try an invite code now. Wrong attempts are the `invite.wrong_code` lines of
 * the audit log, so the limits hold across processes and restarts: at most INVITE_WRONG_PER_ACCOUNT
 * per person in the last hour, and INVITE_WRONG_GLOBAL for everyone in the last minute. When a
 * limit is reached, `retryAt` is when the oldest attempt in the window leaves it.
 */
export async function checkInviteLimit(db: Db, personId: number, now: Date): Promise<InviteLimit> {
  const mine = await db.auditLog.findMany({
    where: { action: INVITE_WRONG_ACTION, actorId: personId, at: { gt: new Date(now.getTime() - INVITE_ACCOUNT_WINDOW_MS) } },
    select: { at: true },
    orderBy: { at: 'desc' },
    take: INVITE_WRONG_PER_ACCOUNT,
  });
  if (mine.length >= INVITE_WRONG_PER_ACCOUNT) {
    return { limited: true, scope: 'account', retryAt: new Date(mine.at(-1)!.at.getTime() + INVITE_ACCOUNT_WINDOW_MS) };
  }
  const all = await db.auditLog.findMany({
    where: { action: INVITE_WRONG_ACTION, at: { gt: new Date(now.getTime() - INVITE_GLOBAL_WINDOW_MS) } },
    select: { at: true },
    orderBy: { at: 'desc' },
    take: INVITE_WRONG_GLOBAL,
  });
  if (all.length >= INVITE_WRONG_GLOBAL) {
    return { limited: true, scope: 'global', retryAt: new Date(all.at(-1)!.at.getTime() + INVITE_GLOBAL_WINDOW_MS) };
  }
  return { limited: false };
}

/** Records one attempt that did not redeem a code (never the code itself: only its length). */
export async function recordInviteFailure(
  db: Db,
  o: {
    personId: number;
    action: typeof INVITE_WRONG_ACTION | typeof INVITE_LIMITED_ACTION | typeof INVITE_REFUSED_ACTION;
    reason: string;
    codeLength: number;
    now: Date;
  },
): Promise<void> {
  await db.auditLog.create({
    data: { actorId: o.personId, action: o.action, subject: `person:${o.personId}`, at: o.now, details: { reason: o.reason, codeLength: o.codeLength } },
  });
}
