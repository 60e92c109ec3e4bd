import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { DEMO_OFFICER_USERS } from '../../tools/demo/plan-demo-area.js';
import { seedDemo, type DemoSeedResult } from '../../tools/demo/seed-demo.js';
import { recordUnansweredQuestion } from '../../src/services/knowledge/record-unanswered.js';
import { loadPlanTargets } from '../../src/services/targets/plan-targets.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { projectRoot } from '../support/chat-process.js';
import { consoleSession } from '../support/console-driver.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The web dashboard end to end in a real headless Chromium (Debian's `chromium` package, driven by
 * playwright-core): an officer asks the bot for a sign-in link, opens it, reads the overview, filters
 * the reports by commune, downloads the XLSX and opens it; a commune officer cannot read another
 * commune; the English switch works; the knowledge-base page lists unanswered questions of the
 * officer's area only; screenshots at phone and desktop widths. UPDATE_SCREENSHOT=1
 * writes the desktop one to docs/dashboard-overview.png. One report is opened, returned with a
 * comment (its director is told in the chat) and another accepted; no table overflows at 1280×800;
 * axe-core finds no serious or critical accessibility problem on the main pages.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!haveChromium && !inCi) {
  console.warn(`dashboard browser test skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`; in CI this test fails instead)`);
}

const STEP_MS = 120_000;
/** axe-core's whole engine as a script, evaluated in the page by Playwright only (the pages' CSP allows no inline script). */
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const out = mkdtempSync(path.join(tmpdir(), 'htx-dashboard-e2e-'));

let app: TestApp;
let channels: Channels;
let seed: DemoSeedResult;
let browser: Browser;
let officerContext: BrowserContext;
let page: Page;
let notices: ConsoleNotices;
const pageErrors: string[] = [];
const db = () => app.db.prisma;

/** Asks the bot for a sign-in link as a console user, and points it at the test server. */
async function signInLink(user: string): Promise<string> {
  const chat = consoleSession(app.router);
  try {
    const line = await chat.send({ user, text: '/dangnhap' });
    const text = line.replies.map((r) => r.text).join('\n');
    const m = /https?:\/\/\S+?(\/dang-nhap\?t=[A-Za-z0-9_-]{43})/.exec(text);
    if (!m) throw new Error(`no sign-in link in the bot's reply: ${text}`);
    return `${channels.http.url}${m[1]}`;
  } finally {
    await chat.end();
  }
}

/** The cell texts of a table's body rows. */
function tableRows(p: Page, id: string): Promise<string[][]> {
  return p.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The serious and critical accessibility violations axe-core finds in the page as it is now. */
async function axeViolations(p: Page): Promise<AxeViolation[]> {
  await p.evaluate(AXE_SOURCE);
  const found = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const w = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> }; document: unknown };
    const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Each table's box (scrollWidth and clientWidth) and the page's, to tell whether anything is cut off or scrolls. */
function tableFit(p: Page) {
  return p.evaluate(() => {
    type El = { id: string; scrollWidth: number; clientWidth: number; querySelector(s: string): El | null };
    const d = (globalThis as unknown as { document: { documentElement: El; body: El; querySelectorAll(s: string): El[] } }).document;
    const w = globalThis as unknown as { innerWidth: number };
    return {
      page: { scrollWidth: d.documentElement.scrollWidth, clientWidth: d.documentElement.clientWidth, innerWidth: w.innerWidth, body: d.body.scrollWidth },
      tables: [...d.querySelectorAll('.table-wrap')].map((wrap) => ({
        id: wrap.querySelector('table')?.id ?? '',
        scrollWidth: wrap.scrollWidth,
        clientWidth: wrap.clientWidth,
      })),
    };
  });
}

async function chartsDrawn(p: Page, count: number): Promise<void> {
  await p.waitForFunction((n) => {
    const w = globalThis as unknown as { Chart?: { instances: Record<string, unknown> } };
    return !!w.Chart && Object.keys(w.Chart.instances).length === n;
  }, count);
}

describe.skipIf(!haveChromium && !inCi)('the web dashboard in a browser', () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`No Chromium at ${CHROMIUM}: .ci/run installs it with \`apt-get install -y chromium\``);
    app = await createTestApp();
    Object.assign(app, { planTargets: loadPlanTargets(path.join(projectRoot, 'config', 'plan-targets.yaml')) });
    seed = await seedDemo(db(), { cooperatives: 80, seed: 7, render: renderAnnouncement(app.translator) });
    channels = await startChannels(app, { http: { host: '127.0.0.1', port: 0 } });
    // Messages the bot sends on its own go to console users' chats, as in `npm run chat`.
    notices = createConsoleNotices(app.services);
    app.setNotifier(notices.notify);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'vi-VN' });
    page = await officerContext.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await channels?.close();
    await app?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it(
    'signs a province officer in with a link from /dangnhap and shows the overview with charts and tables',
    async () => {
      const link = await signInLink(DEMO_OFFICER_USERS.province);
      const response = await page.goto(link);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      expect(await page.textContent('h1')).toBe('Tổng quan');
      const cookie = (await officerContext.cookies()).find((c) => c.name === 'htx_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      await chartsDrawn(page, 3);
      // The table under the chart has every commune of the demo province, with the rate computed from the database.
      const communes = await tableRows(page, 'table-communes');
      expect(communes.map((r) => r[0]).sort()).toEqual([...seed.communes].sort());
      const period = seed.periods.annual[1];
      const anBinh = communes.find((r) => r[0] === DEMO.commune)!;
      const active = await db().cooperative.count({ where: { province: seed.province, commune: DEMO.commune, status: 'active' } });
      const submitted = await db().report.count({
        where: { form: 'annual', period, revision: { gt: 0 }, cooperative: { province: seed.province, commune: DEMO.commune, status: 'active' } },
      });
      expect(anBinh[1]).toBe(String(active));
      expect(anBinh[2]).toBe(String(submitted));
      const targets = await tableRows(page, 'table-targets');
      expect(targets).toHaveLength(8);
      expect(targets.some((r) => r[2] !== '—')).toBe(true);
      // A used link does not sign in again.
      const again = await officerContext.request.get(link, { maxRedirects: 0 });
      expect(again.status()).toBe(410);
      expect(await again.text()).toContain('/dangnhap');
    },
    STEP_MS,
  );

  it(
    'takes screenshots of the overview at a phone and a desktop width',
    async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${channels.http.url}/dashboard`);
      await chartsDrawn(page, 3);
      const desktop = await page.screenshot({ fullPage: true });
      writeFileSync(path.join(out, 'desktop.png'), desktop);
      if (process.env.UPDATE_SCREENSHOT === '1') {
        mkdirSync(path.join(projectRoot, 'docs'), { recursive: true });
        writeFileSync(path.join(projectRoot, 'docs', 'dashboard-overview.png'), desktop);
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${channels.http.url}/dashboard`);
      await chartsDrawn(page, 3);
      // Nothing is wider than the phone: wide tables scroll inside their own box.
      const scrollWidth = () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth;
      expect(await page.evaluate(scrollWidth)).toBeLessThanOrEqual(390);
      const phone = await page.screenshot({ fullPage: true });
      writeFileSync(path.join(out, 'phone.png'), phone);
      if (process.env.UPDATE_SCREENSHOT === '1') writeFileSync(path.join(projectRoot, 'docs', 'dashboard-overview-phone.png'), phone);
      expect(statSync(path.join(out, 'phone.png')).size).toBeGreaterThan(10_000);
      expect(desktop.length).toBeGreaterThan(10_000);
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP_MS,
  );

  it(
    'filters the reports by commune and downloads the same selection as an XLSX that opens',
    async () => {
      await page.goto(`${channels.http.url}/dashboard/reports`);
      const commune = seed.communes[1]!;
      await page.selectOption('select[name="commune"]', commune);
      await Promise.all([page.waitForURL(/commune=/), page.click('form.filters button[type="submit"]')]);
      expect(new URL(page.url()).searchParams.get('commune')).toBe(commune);
      const rows = await tableRows(page, 'table-reports');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r[1] === commune)).toBe(true);
      const period = new URL(page.url()).searchParams.get('period')!;
      const expected = await db().report.count({ where: { form: 'annual', period, revision: { gt: 0 }, cooperative: { province: seed.province, commune } } });
      expect(await page.textContent('#report-count')).toContain(`${expected} báo cáo`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
      expect(download.suggestedFilename()).toMatch(/^bao-cao-annual-\d{4}-.*\.xlsx$/);
      const file = path.join(out, 'reports.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Báo cáo', 'Tổng hợp', 'Chưa nộp']));
      const sheet = wb.getWorksheet('Báo cáo')!;
      const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      const communeColumn = headers.indexOf(app.translator('vi')('reports.export_columns.commune'));
      expect(communeColumn).toBeGreaterThan(0);
      const communesInFile: string[] = [];
      sheet.eachRow((row, n) => n > 1 && communesInFile.push(String(row.getCell(communeColumn).value)));
      expect(communesInFile).toHaveLength(expected);
      expect(new Set(communesInFile)).toEqual(new Set([commune]));
      const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'web.reports.export', actorId: seed.provinceOfficerId }, orderBy: { id: 'desc' } });
      expect(audit.details).toMatchObject({ format: 'xlsx', commune, province: seed.province, rows: expected });
    },
    STEP_MS,
  );

  it(
    'refuses a commune officer another commune (403), in pages and downloads alike',
    async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const p = await context.newPage();
        await p.goto(await signInLink(DEMO_OFFICER_USERS.commune));
        expect(new URL(p.url()).pathname).toBe('/dashboard');
        // Their own commune only: no commune filter to pick from, and the table is theirs.
        const communes = await tableRows(p, 'table-communes');
        expect(communes.map((r) => r[0])).toEqual([DEMO.commune]);
        const other = seed.communes.find((c) => c !== DEMO.commune)!;
        const q = new URLSearchParams({ province: seed.province, commune: other }).toString();
        const refused = await p.goto(`${channels.http.url}/dashboard/reports?${q}`);
        expect(refused?.status()).toBe(403);
        expect(await p.textContent('main')).toContain('chỉ xem được số liệu của địa bàn mình phụ trách');
        expect((await p.goto(`${channels.http.url}/dashboard?${q}`))?.status()).toBe(403);
        const file = await context.request.get(`${channels.http.url}/dashboard/reports.xlsx?${q}`);
        expect(file.status()).toBe(403);
        expect(file.headers()['content-type']).toContain('text/html');
        // Another province is refused the same way.
        expect((await p.goto(`${channels.http.url}/dashboard/reports?province=${encodeURIComponent('Tỉnh Khác')}`))?.status()).toBe(403);
      } finally {
        await context.close();
      }
    },
    STEP_MS,
  );

  it(
    'switches to English and remembers it; lists announcements and open questions',
    async () => {
      await page.goto(`${channels.http.url}/dashboard`);
      await Promise.all([page.waitForURL(/lang=en/), page.click('a.lang')]);
      expect(await page.textContent('h1')).toBe('Overview');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.click('nav a[href="/dashboard/reports"]');
      expect(await page.textContent('h1')).toBe('Submitted reports');
      await page.click('nav a[href="/dashboard/announcements"]');
      expect(await page.textContent('h1')).toBe('Announcements sent');
      expect((await tableRows(page, 'table-announcements')).length).toBeGreaterThan(0);
      await page.click('nav a[href="/dashboard/questions"]');
      expect(await page.textContent('h1')).toBe('Questions waiting for an answer');
      await Promise.all([page.waitForURL(/lang=vi/), page.click('a.lang')]);
      expect(await page.textContent('h1')).toBe('Câu hỏi đang chờ trả lời');
    },
    STEP_MS,
  );

  it(
    "shows the knowledge base to review, and the questions the bot could not answer within the officer's area",
    async () => {
      const director = (commune: string) =>
        db().person.findFirstOrThrow({ where: { role: 'director', cooperative: { province: seed.province, commune } }, select: { id: true } });
      const other = seed.communes.find((c) => c !== DEMO.commune)!;
      const mine = 'Vay vốn mua máy sấy nông sản thì hỏi ai?';
      const theirs = 'Câu hỏi của một xã khác về thuế';
      await recordUnansweredQuestion(db(), {
        text: mine,
        outcome: 'suggest',
        topic: 'credit',
        closestArticleId: 'credit-x',
        personId: (await director(DEMO.commune)).id,
      });
      await recordUnansweredQuestion(db(), { text: theirs, outcome: 'none', topic: null, closestArticleId: null, personId: (await director(other)).id });

      await page.goto(`${channels.http.url}/dashboard`);
      await page.click('nav a[href="/dashboard/knowledge"]');
      expect(await page.textContent('h1')).toBe('Cơ sở tri thức chính sách');
      expect(await page.textContent('#kb-review')).toBe('Bài viết cần rà soát');
      expect(await page.textContent('#kb-unanswered')).toBe('Câu hỏi bot chưa trả lời được (30 ngày qua)');
      expect(await page.textContent('#kb-articles')).toBe('Tất cả bài viết');
      expect((await tableRows(page, 'table-articles')).length).toBeGreaterThan(0);
      // The province officer sees both communes' questions, grouped by topic.
      expect((await tableRows(page, 'table-unanswered-credit')).some((r) => r[1] === mine)).toBe(true);
      expect((await tableRows(page, 'table-unanswered-other')).some((r) => r[1] === theirs)).toBe(true);

      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const p = await context.newPage();
        await p.goto(await signInLink(DEMO_OFFICER_USERS.commune));
        await p.goto(`${channels.http.url}/dashboard/knowledge?lang=en`);
        expect(await p.textContent('#kb-review')).toBe('Articles to review');
        expect(await p.textContent('#kb-unanswered')).toBe('Questions the bot could not answer (last 30 days)');
        const main = (await p.textContent('main')) ?? '';
        expect(main).toContain(mine);
        expect(main).not.toContain(theirs);
      } finally {
        await context.close();
      }
    },
    STEP_MS,
  );

  it(
    'opens a report with its answers, revisions and comments; returns one with a comment (told to its director in the chat) and accepts another',
    async () => {
      // Two reports of cooperatives whose directors use the console, waiting for review.
      const reports = await db().report.findMany({
        where: {
          revision: { gt: 0 },
          cooperative: { province: seed.province, people: { some: { role: 'director', accounts: { some: { channel: 'console' } } } } },
        },
        orderBy: { id: 'asc' },
        take: 2,
        select: { id: true, form: true, period: true, cooperativeId: true, cooperative: { select: { name: true } } },
      });
      expect(reports).toHaveLength(2);
      await db().report.updateMany({ where: { id: { in: reports.map((r) => r.id) } }, data: { status: 'submitted', reviewedAt: null, reviewedById: null } });
      const [toReturn, toAccept] = reports as [(typeof reports)[0], (typeof reports)[0]];

      // From the reports list, the cooperative's name opens its report.
      await page.goto(`${channels.http.url}/dashboard/reports?form=${toReturn.form}&period=${toReturn.period}`);
      await Promise.all([page.waitForURL(new RegExp(`/dashboard/reports/${toReturn.id}$`)), page.click(`#table-reports tr[data-report="${toReturn.id}"] a`)]);
      expect(await page.textContent('h1')).toContain(toReturn.cooperative.name);
      const answers = await tableRows(page, 'table-answers');
      expect(answers.length).toBeGreaterThan(5);
      // Every answer has its label and a value.
      expect(answers.every((r) => r[1]!.length > 0 && r[2]!.length > 0)).toBe(true);
      expect((await tableRows(page, 'table-revisions')).length).toBeGreaterThan(0);
      expect(await page.isVisible('#return-form textarea')).toBe(true);
      // Dates are Vietnamese: dd/MM/yyyy HH:mm.
      expect((await tableRows(page, 'table-revisions'))[0]![1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

      // A forged form (no token) changes nothing.
      const forged = await officerContext.request.post(`${channels.http.url}/dashboard/reports/${toReturn.id}/review`, {
        form: { decision: 'accept' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect((await db().report.findUniqueOrThrow({ where: { id: toReturn.id } })).status).toBe('submitted');

      // A comment too short is asked again, on the same page, and changes nothing.
      await page.fill('#return-form textarea', 'ok');
      await page.$eval('#return-form textarea', (el) => (el as unknown as { removeAttribute(a: string): void }).removeAttribute('minlength'));
      const [short] = await Promise.all([page.waitForNavigation(), page.click('#return-form button[type="submit"]')]);
      expect(short?.status()).toBe(400);
      expect(await page.textContent('#return-comment-error')).toContain('từ 3 đến 1000 ký tự');
      expect(await page.inputValue('#return-form textarea')).toBe('ok');
      expect((await db().report.findUniqueOrThrow({ where: { id: toReturn.id } })).status).toBe('submitted');
      // (Chromium logs the 400 answer to the console: expected here, so not a script error.)
      pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !e.includes('status of 400')));

      // Returned with a comment: the report is reopened, the audit says who, and the director reads the comment in the chat.
      notices.drain();
      const comment = 'Doanh thu chưa khớp với báo cáo quý, nhờ HTX kiểm tra lại <b>câu 7</b>.';
      await page.fill('#return-form textarea', comment);
      await Promise.all([page.waitForURL(/done=returned/), page.click('#return-form button[type="submit"]')]);
      expect(await page.textContent('#report-done')).toContain(`#${toReturn.id}`);
      expect(await page.isVisible('#return-form')).toBe(false);
      const returned = await db().report.findUniqueOrThrow({ where: { id: toReturn.id } });
      expect(returned).toMatchObject({ status: 'returned', reviewComment: comment, reviewedById: seed.provinceOfficerId });
      const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'report.returned', subject: `report:${toReturn.id}` }, orderBy: { id: 'desc' } });
      expect(audit).toMatchObject({ actorId: seed.provinceOfficerId, details: { comment } });
      const reviews = await tableRows(page, 'table-reviews');
      expect(reviews.at(-1)).toEqual([expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/), expect.any(String), 'Trả lại để sửa', comment]);
      const director = await db().person.findFirstOrThrow({
        where: { cooperativeId: toReturn.cooperativeId, role: 'director' },
        select: { accounts: { where: { channel: 'console' }, select: { externalId: true } } },
      });
      const told = notices.drain().filter((n) => director.accounts.some((a) => a.externalId === n.user));
      expect(told).toHaveLength(1);
      expect(told[0]!.reply.text).toContain(`«${comment}»`);
      expect(told[0]!.reply.buttons?.flat().map((b) => b.action)).toEqual([`rep:f:${toReturn.form}:${toReturn.period}`]);

      // Accepted.
      await page.goto(`${channels.http.url}/dashboard/reports/${toAccept.id}`);
      await Promise.all([page.waitForURL(/done=accepted/), page.click('#accept-form button[type="submit"]')]);
      expect((await db().report.findUniqueOrThrow({ where: { id: toAccept.id } })).status).toBe('accepted');
      expect(await db().auditLog.count({ where: { action: 'report.accepted', subject: `report:${toAccept.id}`, actorId: seed.provinceOfficerId } })).toBe(1);
      expect(notices.drain().some((n) => (n.reply.text ?? '').includes(toAccept.cooperative.name))).toBe(true);
      expect(await page.textContent('#report-status')).toContain('chấp nhận');

      // Deciding again changes nothing: it is no longer waiting.
      const csrf = await page.getAttribute('header form input[name="csrf"]', 'value');
      const again = await officerContext.request.post(`${channels.http.url}/dashboard/reports/${toAccept.id}/review`, {
        form: { decision: 'return', comment: 'Lần nữa', csrf: csrf ?? '' },
        maxRedirects: 0,
      });
      expect(again.status()).toBe(303);
      expect(again.headers()['location']).toContain('done=already_decided');
      expect((await db().report.findUniqueOrThrow({ where: { id: toAccept.id } })).status).toBe('accepted');

      // A report outside a commune officer's commune is a 404, on the page and for the form alike.
      const outside = await db().report.findFirstOrThrow({
        where: { revision: { gt: 0 }, status: 'submitted', cooperative: { province: seed.province, commune: { not: DEMO.commune } } },
        select: { id: true },
      });
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const p = await context.newPage();
        await p.goto(await signInLink(DEMO_OFFICER_USERS.commune));
        expect((await p.goto(`${channels.http.url}/dashboard/reports/${outside.id}`))?.status()).toBe(404);
        expect((await p.goto(`${channels.http.url}/dashboard/reports/99999999`))?.status()).toBe(404);
        await p.goto(`${channels.http.url}/dashboard`);
        const token = await p.getAttribute('header form input[name="csrf"]', 'value');
        const post = await context.request.post(`${channels.http.url}/dashboard/reports/${outside.id}/review`, {
          form: { decision: 'accept', csrf: token ?? '' },
          maxRedirects: 0,
        });
        expect(post.status()).toBe(404);
        expect((await db().report.findUniqueOrThrow({ where: { id: outside.id } })).status).toBe('submitted');
      } finally {
        await context.close();
      }
    },
    STEP_MS,
  );

  it(
    'fits every table at 1280×800 (no page-wide horizontal scroll) and finds no serious or critical accessibility problem',
    async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      // A report waiting for review: its page has the accept and return forms too.
      const report = await db().report.findFirstOrThrow({
        where: { revision: { gt: 0 }, status: 'submitted', cooperative: { province: seed.province } },
        select: { id: true },
      });
      const pages = [
        '/dashboard',
        '/dashboard/reports',
        `/dashboard/reports/${report.id}`,
        '/dashboard/announcements',
        '/dashboard/questions',
        '/dashboard/knowledge',
      ];
      const problems: unknown[] = [];
      for (const path of pages) {
        await page.goto(`${channels.http.url}${path}`);
        if (path === '/dashboard') await chartsDrawn(page, 3);
        const fit = await tableFit(page);
        expect(fit.tables.length, path).toBeGreaterThan(0);
        if (fit.page.scrollWidth > fit.page.clientWidth || fit.page.body > fit.page.innerWidth) problems.push({ path, page: fit.page });
        for (const t of fit.tables) if (t.scrollWidth > t.clientWidth) problems.push({ path, table: t });
        if (path !== '/dashboard/questions' && path !== '/dashboard/knowledge') {
          const violations = await axeViolations(page);
          if (violations.length) problems.push({ path, violations });
        }
      }
      expect(problems).toEqual([]);
      // On a phone the same tables scroll inside their own box, never the page.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${channels.http.url}/dashboard/announcements`);
      const phone = await tableFit(page);
      expect(phone.page.scrollWidth).toBeLessThanOrEqual(phone.page.clientWidth);
      const wide = phone.tables.find((t) => t.id === 'table-announcements')!;
      expect(wide.scrollWidth).toBeGreaterThan(wide.clientWidth);
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP_MS,
  );

  it(
    'signs out, and ran with no script error or blocked inline script',
    async () => {
      await Promise.all([page.waitForURL(/dang-nhap/), page.click('header form button[type="submit"]')]);
      expect(await page.textContent('h1')).toBe('Đã đăng xuất');
      await page.goto(`${channels.http.url}/dashboard`);
      expect(new URL(page.url()).pathname).toBe('/dang-nhap');
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );
});
