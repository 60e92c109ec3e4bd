import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/write-audit.js';
import { hashWebSecret, newWebSecret } from '../web-auth/web-secret.js';

/** A download link is valid this long unless the configuration says otherwise (DOWNLOAD_LINK_TTL_MINUTES). */
export const DOWNLOAD_LINK_TTL_MS = 15 * 60_000;
/** The largest file kept for a download link (its bytes live in the database until it is used or expires). */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;

export class DownloadTooLargeError extends Error {
  override name = 'DownloadTooLargeError';
}

export interface DownloadLinkRequest {
  /** The channel account it is issued to (its person, if any, is recorded too). */
  channel: string;
  externalId: string;
  filename: string;
  mimeType: string;
  content: Uint8Array;
  ttlMs?: number;
  now?: Date;
}

/**
 * A one-time download link for a file a channel cannot carry: a random token of 32 bytes
 * (returned, never stored: only its SHA-256 is kept) valid `ttlMs` and usable once. The file's
 * bytes are stored with it, so any process on the database can serve it. The link is bound to the
 * channel account (and its person) it is issued to, and written to the audit log
 * (`download_link.issued`: the file's name, type and size, never the token). A file over
 * MAX_DOWNLOAD_BYTES gets DownloadTooLargeError.
 */
export async function createDownloadLink(db: Db, o: DownloadLinkRequest): Promise<{ id: number; token: string; expiresAt: Date; size: number }> {
  const now = o.now ?? new Date();
  const size = o.content.byteLength;
  if (size > MAX_DOWNLOAD_BYTES) throw new DownloadTooLargeError(`A file of ${size} bytes is over the ${MAX_DOWNLOAD_BYTES}-byte limit of download links`);
  const account = await db.channelAccount.findUnique({
    where: { channel_externalId: { channel: o.channel, externalId: o.externalId } },
    select: { personId: true },
  });
  const token = newWebSecret();
  const expiresAt = new Date(now.getTime() + (o.ttlMs ?? DOWNLOAD_LINK_TTL_MS));
  const personId = account?.personId ?? null;
  const link = await db.downloadLink.create({
    data: {
      hash: hashWebSecret(token),
      personId,
      channel: o.channel,
      externalId: o.externalId,
      filename: o.filename,
      mimeType: o.mimeType,
      size,
      bytes: new Uint8Array(o.content),
      createdAt: now,
      expiresAt,
    },
    select: { id: true },
  });
  await writeAudit(db, {
    actorId: personId,
    action: 'download_link.issued',
    subject: `download_link:${link.id}`,
    details: { channel: o.channel, filename: o.filename, mimeType: o.mimeType, size, expiresAt: expiresAt.toISOString() },
  });
  return { id: link.id, token, expiresAt, size };
}
