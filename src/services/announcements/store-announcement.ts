import type { Db } from '../../db/database.js';
import { cleanLine, cleanText } from '../../lib/vietnamese-text.js';
import type { Announcement, AnnouncementKind } from '../../generated/prisma/client.js';
import { writeAudit } from '../audit/write-audit.js';
import type { AudienceSpec } from './find-audience.js';

export interface StoreAnnouncementOptions {
  content: { kind: AnnouncementKind; title: string; body: string; startsAt: Date | null; place: string | null; registerBy: Date | null };
  spec: AudienceSpec;
  /** When to send (null: at once). */
  sendAt: Date | null;
  createdById: number;
  /** The chat that gets the live progress message (the wizard's), if any. */
  progress?: { channel: string; chatId: string };
  via: 'chat' | 'api';
  now: Date;
  /** The support whose qualifying cooperatives `spec.cooperativeIds` are (recorded in the audit log). */
  eligibleFor?: string;
}

/** Stores a confirmed announcement (status `scheduled`, queued by the caller or the periodic job) and audits it. */
export async function storeAnnouncement(db: Db, o: StoreAnnouncementOptions): Promise<Announcement> {
  const a = await db.announcement.create({
    data: {
      kind: o.content.kind,
      title: cleanLine(o.content.title),
      body: cleanText(o.content.body),
      startsAt: o.content.startsAt,
      place: o.content.place === null ? null : cleanLine(o.content.place),
      registerBy: o.content.registerBy,
      audience: o.spec.audience,
      province: o.spec.province,
      communes: [...o.spec.communes],
      sectors: [...o.spec.sectors],
      cooperativeIds: [...o.spec.cooperativeIds],
      sendAt: o.sendAt,
      status: 'scheduled',
      createdById: o.createdById,
      createdAt: o.now,
      progressChannel: o.progress?.channel ?? null,
      progressChatId: o.progress?.chatId ?? null,
    },
  });
  await writeAudit(db, {
    actorId: o.createdById,
    action: 'announcements.create',
    subject: `announcement:${a.id}`,
    details: {
      via: o.via,
      kind: a.kind,
      audience: a.audience,
      province: a.province,
      communes: a.communes,
      sectors: a.sectors,
      cooperativeIds: a.cooperativeIds,
      ...(o.eligibleFor ? { eligibleFor: o.eligibleFor } : {}),
      sendAt: o.sendAt?.toISOString() ?? null,
    },
  });
  return a;
}
