import type { OutboundMessage } from '../../lib/messages.js';
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
// The message is rendered here, once per language, exactly as the compose preview shows it.
import type { Locale } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { AnnouncementContent } from './announcement-content.js';
import { countReach, reachOf, ZNS_CHANNEL, type Reach } from './count-reach.js';
import { findAudience, targetAccount } from './find-audience.js';
import { znsFields, type ZnsRoute } from './zns-template.js';

const BATCH_SIZE = 1_000;
/** Queueing a very large audience may take a while; one transaction keeps it all-or-nothing. */
const TRANSACTION_TIMEOUT_MS = 120_000;

/** The outbox topic of an announcement's copies (one per person). */
export const announcementTopic = (announcementId: number) => `announcement:${announcementId}`;

export interface QueueAnnouncementResult {
  /** Outbox rows created (one per person reached). */
  queued: number;
  /** Who it reaches, by channel, and why the others not; null when it was not this call's to queue. */
  reach: Reach | null;
}

/**
 * Puts one copy of an announcement per reachable recipient in the outbox (the outbox worker sends
 * them). Idempotent and safe across processes: only an announcement `scheduled` (or `sending`
 * without `queuedAt`) is queued, claimed by a conditional update inside the same transaction as
 * the inserts, so two callers never both queue it and a failure leaves it `scheduled` for the next
 * try. People who turned announcements off or cannot be reached get no row. Each copy goes to the
 * person's target account (`channel`, `externalId`), in their language. It is left `sending`
 * (even with no copy): finishAnnouncements marks it `done` once every copy is settled.
 */
/** What a recipient sees of an announcement, in their language (built by the announcements handler). */
export type RenderAnnouncement = (a: AnnouncementContent, locale: Locale) => OutboundMessage;

export async function queueAnnouncement(
  db: Db,
  o: {
    announcementId: number;
    render: RenderAnnouncement;
    now: Date;
    logger?: Logger;
    /** ZNS templates configured (createServices passes them): people no chat account reaches get it by ZNS. */
    zns?: ZnsRoute;
  },
): Promise<QueueAnnouncementResult> {
  const result = await db.$transaction(
    async (tx) => {
      const claim = await tx.announcement.updateMany({
        where: { id: o.announcementId, queuedAt: null, status: { in: ['scheduled', 'sending'] } },
        data: { status: 'sending', queuedAt: o.now },
      });
      if (claim.count === 0) return { queued: 0, reach: null };
      const a = await tx.announcement.findUniqueOrThrow({ where: { id: o.announcementId } });
      const recipients = await findAudience(tx, a);
      const zns = !!o.zns?.kinds.includes(a.kind);
      const reach = countReach(recipients, o.now, zns);

      const rendered = new Map<Locale, OutboundMessage>();
      const render = (locale: Locale) => {
        let m = rendered.get(locale);
        if (!m) rendered.set(locale, (m = { ...o.render(a, locale), locale }));
        return m;
      };
      const rows: Prisma.OutboxMessageCreateManyInput[] = [];
      for (const r of recipients) {
        const outcome = reachOf(r, o.now, zns);
        if ('skipped' in outcome) continue;
        // A ZNS copy is addressed to the phone number (84…) and carries the fields its template takes.
        const message = 'zns' in outcome ? { ...render(r.locale), template: { name: a.kind, fields: znsFields(a, r) } } : render(r.locale);
        const target = 'channel' in outcome ? targetAccount(r.accounts, o.now) : null;
        rows.push({
          topic: announcementTopic(a.id),
          personId: r.personId,
          announcementId: a.id,
          channel: target ? target.channel : ZNS_CHANNEL,
          externalId: target ? target.externalId : (outcome as { zns: string }).zns,
          message: message as unknown as Prisma.InputJsonValue,
          availableAt: o.now,
        });
      }
      let queued = 0;
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        queued += (await tx.outboxMessage.createMany({ data: rows.slice(i, i + BATCH_SIZE), skipDuplicates: true })).count;
      }
      return { queued, reach };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
  if (result.reach) o.logger?.info({ announcementId: o.announcementId, queued: result.queued, reach: result.reach }, 'announcement queued');
  return result;
}
