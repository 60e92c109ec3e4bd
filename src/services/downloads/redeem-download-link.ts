import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';
import { hashWebSecret, WEB_SECRET_PATTERN } from '../web-auth/web-secret.js';

export type RedeemDownloadResult =
  { ok: true; id: number; filename: string; mimeType: string; content: Buffer } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Spends a download link and gives its file. The link is spent atomically: one conditional UPDATE
 * (`usedAt IS NULL AND expiresAt > now`), so two requests racing (even on two processes) give the
 * file once; no transaction is held while the file is read or sent. The bytes are then cleared
 * from the row (the housekeeping deletes the row itself). Each use and each refusal of a known
 * link is written to the audit log (`download_link.used`, `download_link.refused`); the token
 * never is.
 */
export async function redeemDownloadLink(db: Db, o: { token: string; now?: Date; userAgent?: string }): Promise<RedeemDownloadResult> {
  const now = o.now ?? new Date();
  if (!WEB_SECRET_PATTERN.test(o.token)) return { ok: false, reason: 'unknown' };
  const hash = hashWebSecret(o.token);
  const spent = await db.downloadLink.updateMany({ where: { hash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  const userAgent = o.userAgent ? { userAgent: o.userAgent.slice(0, 200) } : {};
  if (spent.count !== 1) {
    const link = await db.downloadLink.findUnique({ where: { hash }, select: { id: true, personId: true, channel: true, usedAt: true } });
    if (!link) return { ok: false, reason: 'unknown' };
    const reason = link.usedAt ? 'used' : 'expired';
    await writeAudit(db, {
      actorId: link.personId,
      action: 'download_link.refused',
      subject: `download_link:${link.id}`,
      details: { reason, channel: link.channel, ...userAgent },
    });
    return { ok: false, reason };
  }
  const link = await db.downloadLink.findUniqueOrThrow({
    where: { hash },
    select: { id: true, personId: true, channel: true, filename: true, mimeType: true, size: true, bytes: true },
  });
  // The file has been given: its bytes need not wait for the housekeeping.
  await db.downloadLink.update({ where: { id: link.id }, data: { bytes: new Uint8Array(0) } });
  await writeAudit(db, {
    actorId: link.personId,
    action: 'download_link.used',
    subject: `download_link:${link.id}`,
    details: { channel: link.channel, filename: link.filename, size: link.size, ...userAgent },
  });
  return { ok: true, id: link.id, filename: link.filename, mimeType: link.mimeType, content: Buffer.from(link.bytes) };
}
