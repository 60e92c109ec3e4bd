import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { writeAudit } from '../audit/write-audit.js';
import { ROLE_ORDER } from '../people/link-accounts.js';
import { normalizeInviteCode } from './invite-code.js';
import { checkInviteLimit, INVITE_LIMITED_ACTION, INVITE_REFUSED_ACTION, INVITE_WRONG_ACTION, recordInviteFailure } from './invite-attempts.js';

export type RedeemResult =
  | {
      ok: true;
      role: Role;
      cooperativeName: string | null;
      province: string | null;
      commune: string | null;
      /** The person the account now belongs to: the redeemer, or the person on record the invite was made for. */
      personId: number;
      /** The redeemer's former person, merged into `personId` and deleted (an invite made for a person on record). */
      mergedPersonId?: number;
    }
  | { ok: false; reason: 'not_found' | 'expired' | 'used_up' }
  /**
   * The invite was made for a person on record, and this account already belongs to someone with a
   * role or cooperative of their own: joining them would lose it, so an officer has to decide.
   */
  | { ok: false; reason: 'account_taken' }
  /** Too many wrong codes: from this person in the last hour, or from everyone in the last minute. Try again at `retryAt`. */
  | { ok: false; reason: 'too_many' | 'busy'; retryAt: Date };

/**
 * Binds the person to the invite's role and cooperative or jurisdiction; each use is counted once.
 * Wrong codes are limited (see checkInviteLimit) and audited: while a limit holds, no code is
 * looked at, the right one included, so guessing gains nothing. Every attempt leaves one audit line
 * (`invite.redeemed`, `invite.wrong_code`, `invite.limited` or `invite.refused`).
 *
 * An invite made for a person on record (Invite.personId: a director or member imported from the
 * register, with no chat account yet) makes the redeemer that person: the redeeming account's
 * person, a guest with nothing else (or a member of the same cooperative), is merged into the one on
 * record, who keeps the name and phone of the register; all the accounts, questions and messages
 * move with it. An account whose person has another role or cooperative is refused (`account_taken`).
 *
 * @example
 * const r = await redeemInvite(db, who.personId, '/moi k7m2q-9xap4'.slice(5));
 * if (r.ok && r.mergedPersonId) forgetCachedIdentities([r.personId, r.mergedPersonId]);
 */
export async function redeemInvite(db: Db, personId: number, rawCode: string, now = new Date()): Promise<RedeemResult> {
  const code = normalizeInviteCode(rawCode);
  const limit = await checkInviteLimit(db, personId, now);
  if (limit.limited) {
    const reason = limit.scope === 'account' ? 'too_many' : 'busy';
    await recordInviteFailure(db, { personId, action: INVITE_LIMITED_ACTION, reason, codeLength: code.length, now });
    return { ok: false, reason, retryAt: limit.retryAt };
  }
  const result = await redeemCode(db, personId, code, now);
  if (!result.ok) {
    // A right code that could not bind this account is not a guess: audited, not counted.
    const action = result.reason === 'account_taken' ? INVITE_REFUSED_ACTION : INVITE_WRONG_ACTION;
    await recordInviteFailure(db, { personId, action, reason: result.reason, codeLength: code.length, now });
  }
  return result;
}

const mergeSelect = {
  id: true,
  role: true,
  canReport: true,
  name: true,
  phone: true,
  privacyConsentAt: true,
  locale: true,
  cooperativeId: true,
  province: true,
  commune: true,
  announcementsOffAt: true,
  _count: { select: { accounts: true } },
} as const;

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

function redeemCode(db: Db, personId: number, code: string, now: Date): Promise<RedeemResult> {
  return db.$transaction(async (tx): Promise<RedeemResult> => {
    const invite = await tx.invite.findUnique({ where: { code }, include: { cooperative: { select: { name: true, province: true, commune: true } } } });
    if (!invite || invite.revokedAt) return { ok: false, reason: 'not_found' };
    if (invite.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (invite.uses >= invite.maxUses) return { ok: false, reason: 'used_up' };
    const coop = invite.cooperative;
    const province = invite.province ?? coop?.province ?? null;
    const commune = invite.commune ?? coop?.commune ?? null;
    const target = invite.personId ?? personId;

    let merge: MergePlan | null = null;
    if (target !== personId) {
      const plan = await planMerge(tx, { onRecord: target, redeemer: personId, role: invite.role, cooperativeId: invite.cooperativeId });
      if ('refused' in plan) return { ok: false, reason: plan.refused };
      merge = plan;
    }
    // Conditional increment: two people racing for the last use cannot both win.
    const taken = await tx.invite.updateMany({ where: { id: invite.id, uses: { lt: invite.maxUses } }, data: { uses: { increment: 1 } } });
    if (taken.count === 0) return { ok: false, reason: 'used_up' };
    const bound = { role: invite.role, cooperativeId: invite.cooperativeId, province, commune };
    if (merge) {
      await moveEverything(tx, personId, target);
      await tx.person.update({ where: { id: target }, data: { ...merge.profile, ...bound, canReport: merge.profile.canReport || invite.canReport } });
      await tx.person.delete({ where: { id: personId } });
    } else {
      await tx.person.update({ where: { id: personId }, data: { ...bound, canReport: invite.canReport } });
    }
    await writeAudit(tx, {
      actorId: target,
      action: 'invite.redeemed',
      subject: `invite:${invite.id}`,
      details: { role: invite.role, ...(merge ? { mergedPersonId: personId } : {}) },
    });
    return {
      ok: true,
      role: invite.role,
      cooperativeName: coop?.name ?? null,
      province,
      commune,
      personId: target,
      ...(merge ? { mergedPersonId: personId } : {}),
    };
  });
}

interface MergePlan {
  profile: {
    name: string | null;
    phone: string | null;
    privacyConsentAt: Date | null;
    locale: string | null;
    announcementsOffAt: Date | null;
    canReport: boolean;
  };
}

/**
 * Whether the redeemer's person can become the person on record, and what the survivor's profile
 * is: the register's name and phone first, the redeemer's consent, language and announcement choice.
 * Both people are locked (in id order, so two crossing redemptions cannot deadlock).
 */
async function planMerge(
  tx: Tx,
  o: { onRecord: number; redeemer: number; role: Role; cooperativeId: number | null },
): Promise<MergePlan | { refused: 'used_up' | 'account_taken' }> {
  const [low, high] = o.onRecord < o.redeemer ? [o.onRecord, o.redeemer] : [o.redeemer, o.onRecord];
  await tx.$queryRaw`SELECT id FROM "Person" WHERE id IN (${low}, ${high}) ORDER BY id FOR UPDATE`;
  const a = await tx.person.findUnique({ where: { id: o.onRecord }, select: mergeSelect });
  const b = await tx.person.findUniqueOrThrow({ where: { id: o.redeemer }, select: mergeSelect });
  // Someone already joined as this person (on another account): the invite is spent.
  if (!a || a._count.accounts > 0) return { refused: 'used_up' };
  const plainGuest = b.role === 'guest' && b.cooperativeId === null && b.province === null && b.commune === null;
  const sameCooperative = b.cooperativeId !== null && b.cooperativeId === o.cooperativeId && ROLE_ORDER.indexOf(b.role) <= ROLE_ORDER.indexOf(o.role);
  if (!plainGuest && !sameCooperative) return { refused: 'account_taken' };
  return {
    profile: {
      name: a.name ?? b.name,
      phone: a.phone ?? b.phone,
      privacyConsentAt: b.privacyConsentAt ?? a.privacyConsentAt,
      locale: b.locale ?? a.locale,
      announcementsOffAt: b.announcementsOffAt ?? a.announcementsOffAt,
      canReport: a.canReport || b.canReport,
    },
  };
}

/** Moves every row of person `from` to person `to` (before `from` is deleted, which would cascade). */
async function moveEverything(tx: Tx, from: number, to: number) {
  await tx.channelAccount.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.linkCode.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.question.updateMany({ where: { askerId: from }, data: { askerId: to } });
  await tx.question.updateMany({ where: { answeredById: from }, data: { answeredById: to } });
  // One row per (topic, person) and per (announcement, person): the one on record keeps its own.
  const topics = (await tx.outboxMessage.findMany({ where: { personId: to }, select: { topic: true } })).map((r) => r.topic);
  await tx.outboxMessage.updateMany({ where: { personId: from, topic: { notIn: topics } }, data: { personId: to } });
  const answered = (await tx.rsvp.findMany({ where: { personId: to }, select: { announcementId: true } })).map((r) => r.announcementId);
  await tx.rsvp.updateMany({ where: { personId: from, announcementId: { notIn: answered } }, data: { personId: to } });
  await tx.apiToken.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.webLoginLink.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.webSession.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.downloadLink.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.invite.updateMany({ where: { createdById: from }, data: { createdById: to } });
  await tx.invite.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.answerFeedback.updateMany({ where: { personId: from }, data: { personId: to } });
  await tx.knowledgeDraft.updateMany({ where: { createdById: from }, data: { createdById: to } });
  await tx.announcement.updateMany({ where: { createdById: from }, data: { createdById: to } });
  for (const field of ['createdById', 'submittedById', 'reviewedById', 'draftUpdatedById'] as const) {
    await tx.report.updateMany({ where: { [field]: from }, data: { [field]: to } });
  }
  await tx.reportRevision.updateMany({ where: { submittedById: from }, data: { submittedById: to } });
}
