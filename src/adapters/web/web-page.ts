import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Locale, T } from '../../i18n/i18n.js';
import type { HttpResponse, SetCookie } from '../http/http-server.js';
import { html, jsonForScript, type SafeHtml } from './html.js';

/**
 * Headers of every dashboard response, set by @fastify/helmet: scripts, styles and images from this
 * server only (no inline script: charts read their data from a JSON block), no framing, no MIME
 * sniffing, and no Referer (a sign-in link's token never leaves in one). Helmet's other headers are
 * left off: this is the whole policy.
 */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  xContentTypeOptions: true,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** What every dashboard answer carries besides helmet's headers: pages are about one officer, never cached. */
export const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
};

export type Section = 'overview' | 'reports' | 'announcements' | 'questions' | 'knowledge' | 'invites' | 'cooperatives' | 'people' | 'eligibility' | 'import';

export const SECTION_PATHS: Record<Section, string> = {
  overview: '/dashboard',
  reports: '/dashboard/reports',
  announcements: '/dashboard/announcements',
  questions: '/dashboard/questions',
  knowledge: '/dashboard/knowledge',
  invites: '/dashboard/invites',
  cooperatives: '/dashboard/cooperatives',
  people: '/dashboard/people',
  eligibility: '/dashboard/eligibility',
  import: '/dashboard/import',
};

export interface PageView {
  title: string;
  body: SafeHtml;
  /** Data for the page's script, in `<script type="application/json" id="page-data">`. */
  data?: unknown;
  /** Served scripts to load (e.g. /static/chart.umd.js). */
  scripts?: string[];
}

export interface PageFrame {
  t: T;
  locale: Locale;
  /** The signed-in officer's name and area for the header; none on the sign-in pages. */
  officer?: { name: string; area: string };
  active?: Section;
  /** This page's path and query, for the language switch. */
  here: { path: string; query: URLSearchParams };
  /** The session's anti-forgery token, carried by every POST form (csrf.ts). */
  csrf?: string;
}

/** The same page in the other language (the choice is remembered in a cookie). */
function languageLink(f: PageFrame): SafeHtml {
  const other: Locale = f.locale === 'vi' ? 'en' : 'vi';
  const q = new URLSearchParams(f.here.query);
  q.set('lang', other);
  return html`<a class="lang" href="${`${f.here.path}?${q}`}" hreflang="${other}" lang="${other}">${f.t(`dashboard.web.switch_to_${other}`)}</a>`;
}

/** A whole HTML page: header with navigation, the body, the page's data block and scripts. */
export function renderPage(f: PageFrame, v: PageView): string {
  const nav = f.officer
    ? html`<nav aria-label="${f.t('dashboard.web.nav_label')}">${(Object.keys(SECTION_PATHS) as Section[]).map(
        (s) => html`<a href="${SECTION_PATHS[s]}"${f.active === s ? html` aria-current="page" class="active"` : ''}>${f.t(`dashboard.web.nav.${s}`)}</a>`,
      )}</nav>`
    : '';
  const who = f.officer
    ? html`<div class="who"><span>${f.officer.name}</span> · <span>${f.officer.area}</span>
        <form method="post" action="/dang-xuat" class="inline">${f.csrf ? html`<input type="hidden" name="csrf" value="${f.csrf}">` : ''}<button type="submit">${f.t('dashboard.web.sign_out')}</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="${f.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${v.title} · ${f.t('dashboard.web.app_name')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/dashboard.css">
</head>
<body>
<header>
<div class="bar"><a class="brand" href="/dashboard">${f.t('dashboard.web.app_name')}</a>${languageLink(f)}</div>
${who}${nav}
</header>
<main>
<h1>${v.title}</h1>
${v.body}
</main>
${v.data === undefined ? '' : html`<script type="application/json" id="page-data">${jsonForScript(v.data)}</script>`}
${(v.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</body>
</html>
`.value;
}

/** An HTML response (with any cookies to set). */
export function htmlResponse(status: number, page: string, cookies: SetCookie[] = []): HttpResponse {
  return { status, body: page, contentType: 'text/html; charset=utf-8', headers: { ...SECURITY_HEADERS }, cookies };
}

/** A 303 to another page of this site (after a form, or to sign in). */
export function redirect(location: string, cookies: SetCookie[] = []): HttpResponse {
  return { status: 303, body: '', contentType: 'text/plain; charset=utf-8', headers: { ...SECURITY_HEADERS, location }, cookies };
}
