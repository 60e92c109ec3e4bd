import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Locale, T } from '../../i18n/i18n.js';
import type { Logger } from '../../lib/logger.js';
import type { Services } from '../../services/services.js';
import { DOWNLOAD_PATH } from '../file-links.js';
import { escapeHtml } from '../web/html.js';
import { PREVIEW_BOT } from '../web/sign-in-routes.js';

export interface DownloadRouteDeps {
  services: Pick<Services, 'redeemDownloadLink'>;
  translator: (locale: Locale) => T;
  logger: Logger;
  now?: () => Date;
}

/** What every answer of the route carries: never cached, never sniffed, the token never sent on in a Referer. */
const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** A file name as plain ASCII for old clients: diacritics dropped (đ → d), anything else unsafe → `_`. */
function asciiName(filename: string): string {
  return filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%;]/g, '_');
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the ASCII fallback, then the real name in RFC 5987's
 * encoding (percent-encoded UTF-8; `'()*` too, which encodeURIComponent leaves as they are).
 */
export function attachmentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encoded}`;
}

/** A small page in Vietnamese, then English: a title and a few lines, no details. */
function page(translator: DownloadRouteDeps['translator'], title: string, lines: string[]): string {
  const part = (locale: Locale) => {
    const t = translator(locale);
    return `<section lang="${locale}"><h1>${escapeHtml(t(title))}</h1>${lines.map((l) => `<p>${escapeHtml(t(l))}</p>`).join('')}</section>`;
  };
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(translator('vi')(title))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.25rem}section+section{border-top:1px solid #ddd;margin-top:1.5rem;color:#555}</style>
</head>
<body>${part('vi')}${part('en')}</body>
</html>
`;
}

/**
 * `GET /d/:token`: a one-time download link (see src/adapters/file-links.ts and the
 * redeemDownloadLink service). A valid link answers 200 with the file (`Content-Disposition:
 * attachment`, its name in RFC 5987's encoding) and is spent; a used or expired one gets 410, an
 * unknown one 404, each with a short polite page. Link previewers (the chat apps fetch a link to draw
 * its card) and HEAD requests get a page that does not spend it. The token is never logged: nor is
 * the path, which holds it.
 */
export function downloadRoute(deps: DownloadRouteDeps) {
  const log = deps.logger.child({ component: 'download' });
  const now = deps.now ?? (() => new Date());
  const html = (reply: FastifyReply, status: number, title: string, lines: string[]) =>
    reply
      .code(status)
      .headers({ ...HEADERS, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" })
      .type('text/html; charset=utf-8')
      .send(page(deps.translator, title, lines));
  return async (scope: FastifyInstance): Promise<void> => {
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.get(`${DOWNLOAD_PATH}/:token`, { schema: { params: z.object({ token: z.string() }) } }, async (req, reply) => {
      const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
      if (req.method === 'HEAD' || (userAgent && PREVIEW_BOT.test(userAgent))) {
        return html(reply, 200, 'download_page.preview_title', ['download_page.preview']);
      }
      let result: Awaited<ReturnType<Services['redeemDownloadLink']>>;
      try {
        result = await deps.services.redeemDownloadLink({ token: req.params.token, now: now(), userAgent });
      } catch (err) {
        // Logged here, without the path (it holds the token), rather than by the server's error handler.
        log.error({ err }, 'download link could not be read');
        return html(reply, 503, 'download_page.failed_title', ['download_page.failed']);
      }
      if (!result.ok) {
        log.info({ reason: result.reason }, 'download link refused');
        return html(reply, result.reason === 'unknown' ? 404 : 410, 'download_page.dead_title', [`download_page.${result.reason}`, 'download_page.ask_again']);
      }
      log.info({ linkId: result.id, bytes: result.content.length }, 'download link used');
      return reply
        .code(200)
        .headers({ ...HEADERS, 'content-disposition': attachmentDisposition(result.filename) })
        .type(result.mimeType)
        .send(result.content);
    });
  };
}
