import type { Db } from '../../db/database.js';
import type { Role } from '../../generated/prisma/enums.js';
import { isStaff } from '../access/jurisdiction.js';
import { hashWebSecret, LAST_SEEN_RESOLUTION_MS, WEB_SECRET_PATTERN } from './web-secret.js';

/** The officer (or admin) behind a valid web session, with their jurisdiction. */
export interface WebOfficer {
  sessionId: number;
  personId: number;
  role: Role;
  name: string | null;
  /** The person's chosen language in the bot, if any. */
  locale: string | null;
  /** null: the whole country. */
  province: string | null;
  /** null: the whole province. */
  commune: string | null;
  expiresAt: Date;
}

/**
 * The session a cookie value stands for, or null: malformed, unknown, expired or signed out, or a
 * person who is no longer an officer or admin (read on every request, so a withdrawn role loses
 * access at once). Records when it was last seen, at most once a minute.
 */
export async function findWebSession(db: Db, cookieValue: string | undefined, now: Date = new Date()): Promise<WebOfficer | null> {
  if (!cookieValue || !WEB_SECRET_PATTERN.test(cookieValue)) return null;
  const row = await db.webSession.findUnique({
    where: { hash: hashWebSecret(cookieValue) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      revokedAt: true,
      person: { select: { id: true, role: true, name: true, locale: true, province: true, commune: true } },
    },
  });
  if (!row || row.revokedAt || row.expiresAt <= now || !isStaff(row.person.role)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.webSession.updateMany({
      where: { id: row.id, lastSeenAt: { lte: new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS) } },
      data: { lastSeenAt: now },
    });
  }
  const p = row.person;
  return {
    sessionId: row.id,
    personId: p.id,
    role: p.role,
    name: p.name,
    locale: p.locale,
    province: p.province,
    commune: p.commune,
    expiresAt: row.expiresAt,
  };
}
