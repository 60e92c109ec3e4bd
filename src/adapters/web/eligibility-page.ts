import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changeText, policyNotice, renderPolicyNotice } from '../../handlers/eligibility-officer/policy-alert-text.js';
import { vnDateTimeText } from '../../lib/vn-time.js';
import { policyAlertKey, type PolicyAlertPreview } from '../../services/eligibility/policy-alert.js';
import { EXPORT_MIME } from '../../services/exports/report-export.js';
import { eligibilityFilename } from '../../services/exports/eligibility-sheet.js';
import type { HttpResponse } from '../http/http-server.js';
import { html } from './html.js';
import { filterButton, formatCount, headerRow, queryString, scrollTable, selectField } from './page-parts.js';
import { CSRF_FIELD, csrfTokenOk } from './csrf.js';
import { areaLabel, SESSION_COOKIE, type WebContext } from './web-context.js';
import { redirect, SECTION_PATHS, SECURITY_HEADERS } from './web-page.js';

const ELIGIBILITY_PATH = SECTION_PATHS.eligibility;
const ALERTS_PATH = `${SECTION_PATHS.eligibility}/alerts`;

/**
 * GET /dashboard/eligibility[?province=&commune=]: the supports over the officer's area (refused
 * with 403 outside their jurisdiction): per support, how many active cooperatives qualify, might
 * (a fact is missing), do not, or cannot be told, and how many of those that qualify received it;
 * then, per support, the cooperatives that qualify but whose latest annual report says they did
 * not receive it, each linked to the cooperative and to that report. A link downloads the same as
 * XLSX.
 */
export async function eligibilityPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps } = ctx;
  const within = ctx.area();
  if (!within.ok) return within.response;
  const scope = within.scope;
  const [area, choices] = await Promise.all([
    deps.services.evaluateArea({ scope, now: ctx.now }),
    deps.services.listAreaChoices({ province: scope.province ?? null, national: !officer.province }),
  ]);
  const n = (v: number) => formatCount(v, locale);
  const query = queryString({ province: scope.province, commune: officer.commune ? undefined : scope.commune });
  const filters =
    officer.commune && officer.province
      ? ''
      : html`<form class="filters" method="get" action="${ELIGIBILITY_PATH}">
    ${officer.province ? '' : selectField('province', t('dashboard.web.filters.province'), [{ value: '', label: t('dashboard.web.area_country') }, ...choices.provinces.map((p) => ({ value: p, label: p }))], scope.province)}
    ${scope.province ? selectField('commune', t('dashboard.web.filters.commune'), [{ value: '', label: t('dashboard.web.all_communes') }, ...choices.communes.map((x) => ({ value: x, label: x }))], scope.commune) : ''}
    ${filterButton(t)}
  </form>`;
  const counts = scrollTable(
    t('eligoff.page.counts'),
    headerRow([
      t('eligoff.columns.support'),
      { label: t('eligoff.columns.applies'), num: true },
      { label: t('eligoff.columns.maybe'), num: true },
      { label: t('eligoff.columns.not_applicable'), num: true },
      { label: t('eligoff.columns.unknown'), num: true },
      { label: t('eligoff.columns.received'), num: true },
      { label: t('eligoff.columns.not_received'), num: true },
      { label: t('eligoff.columns.received_unknown'), num: true },
    ]),
    area.supports.length
      ? area.supports.map(
          (s) =>
            html`<tr data-support="${s.ruleId}"><th scope="row">${s.title[locale]}<br><span class="muted">${s.legalBasis}${s.secondary ? ` ${t('eligoff.secondary')}` : ''}</span>${
              s.supportKind ? '' : html`<br><span class="muted" data-unmapped>${t('eligoff.page.unmapped')}</span>`
            }</th><td class="num">${n(s.applies)}</td><td class="num">${n(s.maybe)}</td><td class="num">${n(s.notApplicable)}</td><td class="num">${n(s.unknown)}</td><td class="num">${s.supportKind ? n(s.received) : '—'}</td><td class="num">${s.supportKind ? n(s.notReceived.length) : '—'}</td><td class="num">${n(s.receivedUnknown)}</td></tr>`,
        )
      : [html`<tr><td colspan="8">${t('eligoff.no_supports')}</td></tr>`],
    'table-eligibility',
  );
  const lists = area.supports
    .filter((s) => s.notReceived.length)
    .map(
      (s) => html`<h2>${t('eligoff.page.not_received_title', { support: s.title[locale], count: s.notReceived.length })}</h2>
  ${scrollTable(
    t('eligoff.page.list'),
    headerRow([t('eligoff.columns.name'), t('eligoff.columns.commune'), t('eligoff.columns.sector'), t('eligoff.columns.report')]),
    s.notReceived.map(
      (c) =>
        html`<tr data-cooperative="${c.id}"><th scope="row"><a href="${`${SECTION_PATHS.cooperatives}/${c.id}`}">${c.name}</a></th><td>${c.commune ?? '—'}</td><td>${t(`announcements.sector.${c.sector}`, { defaultValue: c.sector })}</td><td>${
          c.report ? html`<a href="${`${SECTION_PATHS.reports}/${c.report.id}`}">${t('eligoff.page.report_link', { period: c.report.period })}</a>` : '—'
        }</td></tr>`,
    ),
    `table-not-received-${s.ruleId}`,
  )}`,
    );
  const body = html`
  <p class="muted">${t('eligoff.page.intro', { count: area.cooperatives, withReport: n(area.withReport), area: areaLabel(t, scope), time: vnDateTimeText(area.evaluatedAt) })}</p>
  ${filters}
  <p><a class="button" href="${`${ELIGIBILITY_PATH}.xlsx${query}`}" download>${t('eligoff.page.download')}</a></p>
  ${counts}
  ${lists.length ? lists : html`<p>${t('eligoff.page.not_received_none')}</p>`}
  <p class="muted">${t('eligoff.sheet.note')}</p>
  <p class="muted">${t('eligoff.page.alerts_hint', { command: '/canhbaochinhsach' })} <a href="${ALERTS_PATH}">${t('eligoff.web_alert.link')}</a></p>`;
  return ctx.page('eligibility', { title: t('eligoff.page.title'), body });
}

/** `attachment; filename="…"` (the names are ASCII already). */
const disposition = (filename: string) => `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`;

/**
 * GET /dashboard/eligibility.xlsx[?province=&commune=]: the same as an XLSX file (sheets "Hỗ trợ
 * đủ điều kiện" and "Đủ ĐK, chưa nhận"), written to a temporary folder, streamed, then removed;
 * audited as `web.eligibility.export`.
 */
export async function eligibilityDownload(ctx: WebContext): Promise<HttpResponse> {
  const { t, locale, officer, deps } = ctx;
  const within = ctx.area();
  if (!within.ok) return within.response;
  const scope = within.scope;
  const dir = await mkdtemp(path.join(tmpdir(), 'htx-eligibility-'));
  try {
    const result = await deps.services.writeEligibilityExport({ scope, now: ctx.now, t, locale, file: path.join(dir, eligibilityFilename(scope)) });
    await deps.services.writeAudit({
      actorId: officer.personId,
      action: 'web.eligibility.export',
      subject: `eligibility:${scope.province ?? '*'}${scope.commune ? `/${scope.commune}` : ''}`,
      details: { cooperatives: result.cooperatives, notReceived: result.notReceived, bytes: result.bytes, webSessionId: officer.sessionId },
    });
    const stream = createReadStream(result.file);
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    return {
      status: 200,
      body: stream,
      contentType: EXPORT_MIME.xlsx,
      headers: { ...SECURITY_HEADERS, 'content-length': String(result.bytes), 'content-disposition': disposition(result.filename) },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Cooperatives listed on the alerts page; the others are counted. */
const ALERTS_LISTED = 50;

function alertsBody(ctx: WebContext, p: PolicyAlertPreview, notes: string[]) {
  const { t, locale } = ctx;
  const sample = p.changed.find((c) => c.directors.length) ?? p.changed[0];
  return html`
  ${notes.map((n) => html`<div class="notice" role="status"><p>${n}</p></div>`)}
  <p>${t('eligoff.alert.evaluated', { count: p.evaluated })}${p.baselined ? html` ${t('eligoff.alert.baselined', { count: p.baselined })}` : ''}</p>
  ${
    !p.changed.length
      ? html`<p id="alerts-none">${t('eligoff.alert.none')}</p>`
      : html`<p>${t('eligoff.alert.changed', { count: p.changed.length })}</p>
  ${scrollTable(
    t('eligoff.web_alert.table'),
    headerRow([
      t('eligoff.columns.name'),
      t('eligoff.columns.commune'),
      t('eligoff.web_alert.changes'),
      { label: t('eligoff.web_alert.directors'), num: true },
    ]),
    p.changed
      .slice(0, ALERTS_LISTED)
      .map(
        (c) =>
          html`<tr data-cooperative="${c.cooperative.id}"><th scope="row"><a href="${`${SECTION_PATHS.cooperatives}/${c.cooperative.id}`}">${c.cooperative.name}</a></th><td>${c.cooperative.commune ?? '—'}</td><td>${c.changes.map((x) => changeText(t, locale, x)).join('; ')}</td><td class="num">${formatCount(c.directors.length, locale)}</td></tr>`,
      ),
    'table-alerts',
  )}
  ${p.changed.length > ALERTS_LISTED ? html`<p class="muted">${t('eligoff.alert.more', { count: p.changed.length - ALERTS_LISTED })}</p>` : ''}
  ${sample ? html`<h2>${t('eligoff.alert.preview', { coop: sample.cooperative.name })}</h2><pre class="message" id="alert-sample">${policyNotice(t, locale, sample).text}</pre>` : ''}
  <form method="post" action="${ALERTS_PATH}">
    <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
    <input type="hidden" name="key" value="${policyAlertKey(p)}">
    <p>${p.directors ? t('eligoff.alert.confirm', { count: p.directors }) : t('eligoff.alert.no_directors')}</p>
    <button type="submit" class="primary">${p.directors ? t('eligoff.alert.send', { count: p.directors }) : t('eligoff.alert.save_only')}</button>
  </form>`
  }
  <p><a href="${ELIGIBILITY_PATH}">${t('eligoff.web_alert.back')}</a></p>`;
}

/**
 * GET /dashboard/eligibility/alerts: the policy-change alert of the officer's jurisdiction, as
 * /canhbaochinhsach shows it in the chat — how many cooperatives now evaluate differently from
 * what their directors were last told (cooperatives evaluated for the first time get their
 * baseline, silently), the changes, the message the directors will get — and a form to send it.
 */
export async function policyAlertsPage(ctx: WebContext): Promise<HttpResponse> {
  const { t, officer, deps } = ctx;
  const p = await deps.services.previewPolicyAlert({ jurisdiction: { province: officer.province, commune: officer.commune }, now: ctx.now });
  const sent = ctx.req.query.get('sent');
  const notes =
    sent === null
      ? []
      : /^\d+:\d+$/.test(sent) && sent !== '0:0'
        ? [t('eligoff.alert.sent', { queued: Number(sent.split(':')[0]), count: Number(sent.split(':')[1]) })]
        : [t('eligoff.alert.sent_nothing')];
  return ctx.page('eligibility', { title: t('eligoff.alert.title', { area: areaLabel(t, officer) }), body: alertsBody(ctx, p, notes) });
}

/**
 * POST /dashboard/eligibility/alerts (the anti-forgery token and the preview's key): one message
 * per director of the cooperatives whose evaluation changed, queued in the outbox, their results
 * stored, audited (confirmPolicyAlert, `via: web`); then back to the page, which says what was
 * queued. When the changes differ from the preview confirmed, nothing is sent and the new preview is
 * shown.
 */
export async function policyAlertsAction(ctx: WebContext): Promise<HttpResponse> {
  const { t, officer, deps } = ctx;
  if (!csrfTokenOk(ctx.req.cookies[SESSION_COOKIE], ctx.form?.get(CSRF_FIELD))) {
    deps.logger.warn({ personId: officer.personId }, 'dashboard: policy alert form without a valid token refused');
    return ctx.problem(403, 'eligibility', t('dashboard.web.report.form_expired_title'), t('dashboard.web.report.form_expired'));
  }
  const r = await deps.services.confirmPolicyAlert({
    officer: { personId: officer.personId, province: officer.province, commune: officer.commune },
    now: ctx.now,
    render: renderPolicyNotice(deps.translator),
    via: 'web',
    expected: ctx.form?.get('key') ?? '',
  });
  if (!r.ok)
    return ctx.page(
      'eligibility',
      { title: t('eligoff.alert.title', { area: areaLabel(t, officer) }), body: alertsBody(ctx, r.preview, [t('eligoff.alert.stale')]) },
      409,
    );
  deps.logger.info({ personId: officer.personId, cooperatives: r.cooperatives, queued: r.queued }, 'policy alert confirmed on the dashboard');
  return redirect(`${ALERTS_PATH}${queryString({ sent: `${r.queued}:${r.cooperatives}` })}`);
}
