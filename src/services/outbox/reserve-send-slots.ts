import type { Db } from '../../db/database.js';

/**
 * Reserves `count` consecutive send slots on a channel's shared budget and returns when the first
 * one starts; slot i starts at start + i / perSecond. Every worker of every process reserves from
 * the same row, so together they never send faster than `perSecond`.
 */
export async function reserveSendSlots(db: Db, o: { channel: string; count: number; perSecond: number; now: Date }): Promise<Date> {
  const spanMs = (o.count * 1000) / o.perSecond;
  const rows = await db.$queryRaw<{ nextAt: Date }[]>`
    INSERT INTO "ChannelRate" ("channel", "nextAt", "updatedAt")
    VALUES (${o.channel}, ${o.now}::timestamp(3) + ${spanMs} * interval '1 millisecond', ${o.now}::timestamp(3))
    ON CONFLICT ("channel") DO UPDATE
      SET "nextAt" = GREATEST("ChannelRate"."nextAt", ${o.now}::timestamp(3)) + ${spanMs} * interval '1 millisecond',
          "updatedAt" = ${o.now}::timestamp(3)
    RETURNING "nextAt"`;
  return new Date(rows[0]!.nextAt.getTime() - spanMs);
}
