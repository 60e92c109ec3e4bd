import type { HttpResponse } from '../http/http-server.js';
import { SECURITY_HEADERS } from './web-page.js';
import type { WebContext } from './web-context.js';

/** `attachment; filename="…"; filename*=UTF-8''…`: the area's name in the file name, ASCII fallback. */
function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * GET /dashboard/invites/phieu-moi.pdf[?province=&commune=]: the invitation sheet of the officer's
 * area (or a narrower one within it) as the shell's `invites sheet` writes it (writeInviteSheet:
 * one card per open director invite, with its QR codes). An officer with no province (national, or
 * an admin) names one. Each download is audited.
 */
export async function inviteSheetDownload(ctx: WebContext): Promise<HttpResponse> {
  const { deps, officer, t } = ctx;
  const area = ctx.area();
  if (!area.ok) return area.response;
  const { province, commune } = area.scope;
  if (!province) return ctx.problem(400, 'invites', t('dashboard.web.bad_request_title'), t('webadmin.invites.sheet_needs_province'));
  const { pdf, cards } = await deps.services.writeInviteSheet({
    area: { province, ...(commune ? { commune } : {}) },
    links: deps.inviteLinks ?? {},
    now: ctx.now,
  });
  await deps.services.writeAudit({
    actorId: officer.personId,
    action: 'web.invites.sheet',
    subject: `invite_sheet:${province}${commune ? `:${commune}` : ''}`,
    details: { province, commune: commune ?? null, cards: cards.length, bytes: pdf.length, webSessionId: officer.sessionId },
  });
  deps.logger.info({ personId: officer.personId, cards: cards.length, bytes: pdf.length }, 'dashboard invitation sheet');
  return {
    status: 200,
    body: pdf,
    contentType: 'application/pdf',
    headers: { ...SECURITY_HEADERS, 'content-length': String(pdf.length), 'content-disposition': contentDisposition(`phieu-moi ${commune ?? province}.pdf`) },
  };
}
