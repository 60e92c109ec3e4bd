import type { Db } from '../../db/database.js';

/**
 * What became of an answer: `recorded` (first answer), `changed` (the other answer before),
 * `unchanged` (the same answer again), `closed` (registration is over, the announcement was
 * cancelled, or it takes no answers), `not_found`, `not_invited` (it was never sent to this person).
 */
export type RsvpResult = 'recorded' | 'changed' | 'unchanged' | 'closed' | 'not_found' | 'not_invited';

/** Only trainings and trade fairs take answers. */
export const RSVP_KINDS = ['training', 'trade_fair'] as const;

/** Whether an announcement still takes answers at `now`. */
export function rsvpOpen(a: { kind: string; status: string; registerBy: Date | null; startsAt: Date | null }, now: Date): boolean {
  if (!(RSVP_KINDS as readonly string[]).includes(a.kind)) return false;
  if (a.status === 'cancelled' || a.status === 'draft') return false;
  if (a.registerBy && a.registerBy.getTime() <= now.getTime()) return false;
  // Without a registration deadline, answers close when the event starts.
  if (a.startsAt && a.startsAt.getTime() <= now.getTime()) return false;
  return true;
}

/**
 * Records "Tôi sẽ tham dự / Không tham dự" for a person who received the announcement (one of its
 * outbox copies is theirs). One answer per person: a new answer replaces the previous one.
 */
export async function recordRsvp(db: Db, o: { announcementId: number; personId: number; attending: boolean; now: Date }): Promise<RsvpResult> {
  const a = await db.announcement.findUnique({
    where: { id: o.announcementId },
    select: { kind: true, status: true, registerBy: true, startsAt: true },
  });
  if (!a) return 'not_found';
  const copy = await db.outboxMessage.findFirst({ where: { announcementId: o.announcementId, personId: o.personId }, select: { id: true } });
  if (!copy) return 'not_invited';
  if (!rsvpOpen(a, o.now)) return 'closed';

  const key = { announcementId_personId: { announcementId: o.announcementId, personId: o.personId } };
  const before = await db.rsvp.findUnique({ where: key, select: { attending: true } });
  if (before?.attending === o.attending) return 'unchanged';
  await db.rsvp.upsert({
    where: key,
    create: { announcementId: o.announcementId, personId: o.personId, attending: o.attending, answeredAt: o.now },
    update: { attending: o.attending, answeredAt: o.now },
  });
  return before ? 'changed' : 'recorded';
}
