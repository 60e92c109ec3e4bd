import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/multipart'; // request.parts(), isMultipart()
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listProvinces } from '../../services/areas/areas.js';
import { scopeWithin } from '../../services/access/officer-scope.js';
import { describeImportError, describeReasons } from '../../services/registry/describe-rejection.js';
import type { CooperativeImportPlan } from '../../services/registry/plan-cooperative-import.js';
import { REGISTER_MAX_BYTES } from '../../services/registry/read-register.js';
import { buildRegisterTemplate } from '../../services/registry/register-template.js';
import type { HttpResponse } from '../http/http-server.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { headerRow, queryString, scrollTable } from './page-parts.js';
import { officerPage, SESSION_COOKIE, type DashboardDeps, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS, SECURITY_HEADERS } from './web-page.js';

/**
 * "Nhập danh sách HTX": an officer uploads their area's cooperative register (XLSX or CSV), sees a
 * preview (counts, the rejected rows with their reasons, old units with the suggested new ones),
 * then confirms. The confirm form carries the previewed file itself, signed for this session
 * (HMAC keyed by the session cookie, valid an hour): the import applies exactly the file that was
 * previewed, and no upload is kept on the server between the two steps (any process can confirm).
 * A province officer imports into their province; a commune officer only into their commune (rows
 * of other communes are rejected); a national officer or admin chooses the province. The rows the
 * preview rejected are not imported (the officer saw them); old units only when confirmed.
 */

const PATH = SECTION_PATHS.import;
export const IMPORT_PATHS = {
  page: PATH,
  template: `${PATH}/mau-danh-sach-htx.xlsx`,
  preview: `${PATH}/preview`,
  confirm: `${PATH}/confirm`,
};
/** How long a preview may be confirmed. */
const UPLOAD_TTL_MS = 60 * 60_000;
/** The most rejected rows listed on the preview (the counts say how many more). */
const SHOWN_MAX = 500;
const MB = REGISTER_MAX_BYTES / 1024 / 1024;

/** The multipart limits: one file up to the register limit; the confirm form's field carries it as base64. */
export const IMPORT_MULTIPART_LIMITS = {
  fileSize: REGISTER_MAX_BYTES,
  files: 1,
  fields: 10,
  fieldSize: Math.ceil((REGISTER_MAX_BYTES * 4) / 3) + 1024,
  parts: 12,
};

interface Upload {
  bytes: Buffer;
  fileName: string;
  province: string;
  issued: number;
}

interface FormProblem {
  message: string;
  province?: string;
}

function signature(session: string, u: Omit<Upload, 'bytes'> & { digest: string }): string {
  return createHmac('sha256', session).update(`htx-import\n${u.issued}\n${u.province}\n${u.fileName}\n${u.digest}`, 'utf8').digest('base64url');
}

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64url');

function sign(session: string, u: Upload): string {
  return signature(session, { ...u, digest: digestOf(u.bytes) });
}

function verify(session: string | undefined, u: Upload, sig: string | undefined, now: Date): boolean {
  if (!session || !sig || !Number.isFinite(u.issued) || now.getTime() - u.issued > UPLOAD_TTL_MS || u.issued > now.getTime() + 60_000) return false;
  const want = Buffer.from(sign(session, u), 'utf8');
  const got = Buffer.from(sig, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}

type Parsed = { ok: true; fields: Map<string, string>; file?: { name: string; bytes: Buffer } } | { ok: false; response: HttpResponse };

/**
 * A multipart form of this page. Its first part must be the session's anti-forgery token: a form
 * without it is refused (403) before any file is read. A file over the limit is refused too.
 */
async function readForm(ctx: WebContext, request: FastifyRequest): Promise<Parsed> {
  const { t } = ctx;
  const expired = (): Parsed => {
    ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path }, 'dashboard: import form without a valid token refused');
    return { ok: false, response: ctx.problem(403, 'import', t('registry.web.form_expired_title'), t('registry.web.form_expired')) };
  };
  if (!request.isMultipart()) return expired();
  const fields = new Map<string, string>();
  let file: { name: string; bytes: Buffer } | undefined;
  let first = true;
  try {
    for await (const part of request.parts({ limits: IMPORT_MULTIPART_LIMITS })) {
      if (first) {
        first = false;
        if (part.type !== 'field' || part.fieldname !== CSRF_FIELD || !csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], String(part.value))) return expired();
        continue;
      }
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && (bytes.length || part.filename)) file = { name: part.filename || 'register', bytes };
      } else if (!part.valueTruncated) fields.set(part.fieldname, String(part.value));
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (e as { code?: string }).code === 'FST_PARTS_LIMIT')
      return { ok: false, response: renderForm(ctx, { message: t('registry.file.too_large', { mb: MB }) }, 413) };
    throw e;
  }
  if (first) return expired();
  return { ok: true, fields, ...(file ? { file } : {}) };
}

/** The province this officer imports into (asked for, within their jurisdiction), or the response refusing it. */
function provinceOf(ctx: WebContext, asked: string | undefined): { ok: true; province?: string; commune?: string } | { ok: false; response: HttpResponse } {
  const r = scopeWithin(ctx.officer, { province: asked });
  if (!r.ok) {
    ctx.deps.logger.warn({ personId: ctx.officer.personId, path: ctx.req.path }, 'dashboard: import outside jurisdiction refused');
    return {
      ok: false,
      response: ctx.problem(
        403,
        'import',
        ctx.t('dashboard.web.forbidden_title'),
        ctx.t('dashboard.web.outside_jurisdiction', { area: ctx.officer.province ?? '' }),
      ),
    };
  }
  return { ok: true, province: r.scope.province, commune: ctx.officer.commune ?? undefined };
}

function uploadForm(ctx: WebContext, problem?: FormProblem): SafeHtml {
  const { t, officer } = ctx;
  const chosen = problem?.province;
  const province = officer.province
    ? html`<p>${t('registry.web.province')}: <strong id="import-province">${officer.province}</strong></p>`
    : html`<label for="import-province">${t('registry.web.province')}</label>
      <select id="import-province" name="province" required>
        <option value="">${t('registry.web.choose_province')}</option>
        ${listProvinces().map((p) => html`<option value="${p.name}"${p.name === chosen ? html` selected` : ''}>${p.name}</option>`)}
      </select>`;
  return html`<form method="post" action="${IMPORT_PATHS.preview}" enctype="multipart/form-data" id="import-upload" class="panel">
    <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
    ${province}
    ${officer.commune ? html`<p class="muted" id="import-commune-only">${t('registry.web.commune_only', { commune: officer.commune })}</p>` : ''}
    <label for="import-file">${t('registry.web.file_label')}</label>
    ${problem ? html`<p class="field-error" id="import-file-error" role="alert">${problem.message}</p>` : ''}
    <input type="file" id="import-file" name="file" required accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"${problem ? html` aria-invalid="true" aria-describedby="import-file-error"` : ''}>
    <button type="submit" class="primary" id="import-preview">${t('registry.web.preview')}</button>
  </form>`;
}

function renderForm(ctx: WebContext, problem?: FormProblem, status = 400): HttpResponse {
  return ctx.page('import', { title: ctx.t('registry.web.title'), body: pageBody(ctx, problem) }, problem ? status : 200);
}

function pageBody(ctx: WebContext, problem?: FormProblem): SafeHtml {
  const { t } = ctx;
  const q = ctx.req.query;
  const n = (k: string) => Math.max(0, Number(q.get(k) ?? 0) || 0);
  const done =
    q.get('done') === '1'
      ? html`<div class="notice" role="status" id="import-result"><p>${t('registry.web.result', { created: n('created'), updated: n('updated'), unchanged: n('unchanged'), rejected: n('rejected') })}</p></div>`
      : '';
  return html`${done}
  <p>${t('registry.web.intro', { mb: MB })}</p>
  <p><a href="${IMPORT_PATHS.template}" id="import-template" download>${t('registry.web.template')}</a></p>
  <p class="muted">${t('registry.web.template_hint')}</p>
  ${uploadForm(ctx, problem)}`;
}

/** GET /dashboard/import: the template link and the upload form (and the last import's result). */
export async function importPage(ctx: WebContext): Promise<HttpResponse> {
  return renderForm(ctx);
}

/** GET /dashboard/import/mau-danh-sach-htx.xlsx: the register template. */
export async function importTemplate(_ctx: WebContext): Promise<HttpResponse> {
  const body = await buildRegisterTemplate();
  return {
    status: 200,
    body,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    headers: { ...SECURITY_HEADERS, 'content-length': String(body.length), 'content-disposition': 'attachment; filename="mau-danh-sach-htx.xlsx"' },
  };
}

function previewBody(ctx: WebContext, upload: Upload, plan: CooperativeImportPlan): SafeHtml {
  const { t } = ctx;
  const c = plan.counts;
  const suggestions = plan.rejected.filter((r) => r.suggestion);
  const shown = plan.rejected.slice(0, SHOWN_MAX);
  const rejected = plan.rejected.length
    ? html`<h2 id="import-rejected-heading">${t('registry.web.rejected_heading')}</h2>
      ${scrollTable(
        t('registry.web.rejected_heading'),
        headerRow([{ label: t('registry.web.col_row'), num: true }, t('registry.web.col_name'), t('registry.web.col_reason')]),
        shown.map((r) => html`<tr data-row="${r.row}"><td class="num">${r.row}</td><td>${r.name ?? '—'}</td><td>${describeReasons(t, r)}</td></tr>`),
        'import-rejected',
      )}
      ${plan.rejected.length > SHOWN_MAX ? html`<p class="muted">${t('registry.web.too_many_shown', { count: plan.rejected.length - SHOWN_MAX })}</p>` : ''}`
    : '';
  const suggested = suggestions.length
    ? html`<h2>${t('registry.web.suggestions_heading')}</h2>
      ${scrollTable(
        t('registry.web.suggestions_heading'),
        headerRow([{ label: t('registry.web.col_row'), num: true }, t('registry.web.col_old'), t('registry.web.col_new')]),
        suggestions.map(
          (r) =>
            html`<tr data-row="${r.row}"><td class="num">${r.row}</td><td>${r.suggestion!.from}</td><td>${r.suggestion!.to}${r.suggestion!.partial ? ` ${t('registry.web.partial')}` : ''}</td></tr>`,
        ),
        'import-suggestions',
      )}`
    : '';
  const updates = plan.planned.filter((p) => p.action === 'update');
  const changes = updates.length
    ? html`<h2>${t('registry.web.changes_heading')}</h2>
      ${scrollTable(
        t('registry.web.changes_heading'),
        headerRow([{ label: t('registry.web.col_row'), num: true }, t('registry.web.col_name'), t('registry.web.col_fields')]),
        updates
          .slice(0, SHOWN_MAX)
          .map(
            (p) =>
              html`<tr data-row="${p.row}"><td class="num">${p.row}</td><td>${p.fields.name}</td><td>${p.changed.map((f) => t(`registry.web.field.${f}`)).join(', ')}</td></tr>`,
          ),
        'import-updates',
      )}`
    : '';
  const canConfirm = c.created + c.updated > 0 || suggestions.length > 0;
  const confirm = canConfirm
    ? html`<form method="post" action="${IMPORT_PATHS.confirm}" enctype="multipart/form-data" id="import-confirm" class="panel">
        <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
        <input type="hidden" name="province" value="${upload.province}">
        <input type="hidden" name="file_name" value="${upload.fileName}">
        <input type="hidden" name="issued" value="${String(upload.issued)}">
        <input type="hidden" name="sig" value="${sign(ctx.req.cookies[SESSION_COOKIE]!, upload)}">
        <input type="hidden" name="upload" value="${upload.bytes.toString('base64')}">
        ${suggestions.length ? html`<p><label><input type="checkbox" name="accept_suggestions" value="1" id="accept-suggestions"> ${t('registry.web.accept_suggestions')}</label></p>` : ''}
        <button type="submit" class="primary" id="import-confirm-button">${t('registry.web.confirm')}</button>
      </form>`
    : html`<p id="import-nothing">${t('registry.web.nothing')}</p>`;
  return html`<p><a href="${IMPORT_PATHS.page}">${t('registry.web.again')}</a></p>
  <h2>${t('registry.web.preview_heading', { file: upload.fileName })}</h2>
  <p id="import-counts" data-rows="${c.rows}" data-created="${c.created}" data-updated="${c.updated}" data-unchanged="${c.unchanged}" data-rejected="${c.rejected}">${t('registry.web.counts', { ...c })}</p>
  <p class="muted">${t('registry.web.province')}: ${upload.province}</p>
  ${rejected}${suggested}${changes}${confirm}`;
}

/** POST /dashboard/import/preview (multipart: csrf first, [province], file): the preview, nothing changed. */
export function importPreview(deps: DashboardDeps) {
  return (request: FastifyRequest, reply: FastifyReply) =>
    officerPage(deps, async (ctx) => {
      const form = await readForm(ctx, request);
      if (!form.ok) return form.response;
      const asked = form.fields.get('province')?.trim() || undefined;
      const area = provinceOf(ctx, asked);
      if (!area.ok) return area.response;
      if (!area.province) return renderForm(ctx, { message: ctx.t('registry.web.no_province') });
      if (!form.file) return renderForm(ctx, { message: ctx.t('registry.web.no_file'), province: asked });
      try {
        const plan = await deps.services.planCooperativeImport({ file: form.file.bytes, province: area.province, onlyCommune: area.commune });
        const upload: Upload = { bytes: form.file.bytes, fileName: form.file.name, province: plan.province, issued: ctx.now.getTime() };
        return ctx.page('import', { title: ctx.t('registry.web.title'), body: previewBody(ctx, upload, plan) });
      } catch (e) {
        const message = describeImportError(ctx.t, e);
        if (!message) throw e;
        return renderForm(ctx, { message, province: asked });
      }
    })(request, reply);
}

/** POST /dashboard/import/confirm (multipart: csrf first, the signed previewed file): imports it in one transaction, then the result. */
export function importConfirm(deps: DashboardDeps) {
  return (request: FastifyRequest, reply: FastifyReply) =>
    officerPage(deps, async (ctx) => {
      const { t, officer } = ctx;
      const form = await readForm(ctx, request);
      if (!form.ok) return form.response;
      const f = form.fields;
      const upload: Upload = {
        bytes: Buffer.from(f.get('upload') ?? '', 'base64'),
        fileName: f.get('file_name') ?? '',
        province: f.get('province') ?? '',
        issued: Number(f.get('issued')),
      };
      if (!upload.bytes.length || !verify(ctx.req.cookies[SESSION_COOKIE], upload, f.get('sig'), ctx.now))
        return renderForm(ctx, { message: t('registry.web.upload_expired', { minutes: UPLOAD_TTL_MS / 60_000 }) });
      const area = provinceOf(ctx, upload.province);
      if (!area.ok) return area.response;
      try {
        const r = await deps.services.importCooperatives({
          file: upload.bytes,
          province: upload.province,
          onlyCommune: area.commune,
          acceptSuggestions: f.get('accept_suggestions') === '1',
          skipInvalid: true,
          actorId: officer.personId,
          via: 'dashboard',
        });
        deps.logger.info({ personId: officer.personId, ...r.counts }, 'cooperative register imported on the dashboard');
        return redirect(`${IMPORT_PATHS.page}${queryString({ done: 1, ...r.counts })}`);
      } catch (e) {
        const message = describeImportError(t, e);
        if (!message) throw e;
        return renderForm(ctx, { message });
      }
    })(request, reply);
}
