import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { T } from '../i18n/i18n.js';
import type { ChannelName, OutboundDocument } from '../lib/messages.js';
import { vnDateTime } from '../lib/vn-time.js';
import { DownloadTooLargeError } from '../services/downloads/create-download-link.js';
import type { Services } from '../services/services.js';

/** Where a one-time download link is served: `GET /d/<token>` (src/adapters/http/download-route.ts). */
export const DOWNLOAD_PATH = '/d';

/** A file given by a one-time link instead of as a file message. */
export interface FileLink {
  url: string;
  filename: string;
  size: number;
  expiresAt: Date;
  ttlMs: number;
}

/**
 * One-time download links for the files a channel cannot carry (the Zalo OA takes only PDF, DOC and
 * DOCX up to 5 MB; the Zalo Bot API no file at all). `issue` stores the file and gives its link,
 * bound to the account it is for; null when the file is too large even for a link.
 */
export interface FileLinks {
  issue(o: { channel: ChannelName; externalId: string; document: OutboundDocument; content: Uint8Array }): Promise<FileLink | null>;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** A document's type: as given, else from its name's extension, else plain bytes. */
export function documentMimeType(doc: OutboundDocument): string {
  return doc.mimeType ?? MIME_BY_EXTENSION[path.extname(doc.filename).toLowerCase()] ?? 'application/octet-stream';
}

/** A document's bytes, whether it was built in memory or written to disk. */
export async function documentContent(doc: OutboundDocument): Promise<Uint8Array> {
  if (doc.content) return doc.content;
  if (!doc.path) throw new Error(`Document ${doc.filename} has neither content nor path`);
  return readFile(doc.path);
}

/** Links on `baseUrl` (PUBLIC_URL), valid `ttlMs`. */
export function createFileLinks(services: Pick<Services, 'createDownloadLink'>, o: { baseUrl: string; ttlMs: number }): FileLinks {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    async issue({ channel, externalId, document, content }) {
      try {
        const link = await services.createDownloadLink({
          channel,
          externalId,
          filename: document.filename,
          mimeType: documentMimeType(document),
          content,
          ttlMs: o.ttlMs,
        });
        return { url: `${base}${DOWNLOAD_PATH}/${link.token}`, filename: document.filename, size: link.size, expiresAt: link.expiresAt, ttlMs: o.ttlMs };
      } catch (err) {
        if (err instanceof DownloadTooLargeError) return null;
        throw err;
      }
    },
  };
}

/** `1,2 MB`, `34 kB`, `512 B` (a decimal comma in Vietnamese). */
export function fileSizeText(bytes: number, locale: 'vi' | 'en'): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : bytes >= 1024 ? [bytes / 1024, 'kB'] : [bytes, 'B'];
  const digits = unit === 'B' || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: digits }).format(value)} ${unit}`;
}

/** The message that carries a link: the file's name and size, the link, one use, until when (Việt Nam time). */
export function fileLinkText(t: T, link: FileLink, locale: 'vi' | 'en'): string {
  return t('text_menu.file_link', {
    name: link.filename,
    size: fileSizeText(link.size, locale),
    url: link.url,
    minutes: Math.round(link.ttlMs / 60_000),
    until: vnDateTime(link.expiresAt).slice(11),
  });
}
