import type { Db } from '../../db/database.js';
import { MenuSchema, type SavedMenu } from '../conversations/conversation.js';

/** How far back a bot-initiated message's buttons still count as the chat's latest menu. */
const LOOK_BACK_MS = 60 * 24 * 3_600_000;

/**
 * The buttons of the latest bot-initiated message (an announcement's copy, a reminder) sent to this
 * chat after `after`, with when it was sent; null when none came since. A typed number or label
 * answers that message when it is newer than the last reply's buttons.
 */
export async function findPushedMenu(
  db: Db,
  o: { personId: number; channel: string; externalId: string; after: Date | null; now: Date },
): Promise<(SavedMenu & { at: string }) | null> {
  const since = new Date(Math.max(o.after?.getTime() ?? 0, o.now.getTime() - LOOK_BACK_MS));
  const rows = await db.$queryRaw<{ message: unknown; sentAt: Date }[]>`
    select "message", "sentAt" from "OutboxMessage"
    where "personId" = ${o.personId} and "sentAt" > ${since}::timestamp(3) and "status" = 'sent'::"OutboxStatus"
      and "channel" = ${o.channel} and "externalId" = ${o.externalId}
      and jsonb_typeof("message"->'buttons') = 'array' and jsonb_array_length("message"->'buttons') > 0
    order by "sentAt" desc limit 1`;
  const row = rows[0];
  if (!row) return null;
  const m = row.message as { buttons?: unknown; input?: unknown };
  const menu = MenuSchema.safeParse({ buttons: Array.isArray(m.buttons) ? m.buttons.flat() : [], input: m.input ?? 'choice' });
  if (!menu.success || menu.data.buttons.length === 0) return null;
  return { ...menu.data, at: row.sentAt.toISOString() };
}
