import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/services/invites/create-invite.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { consoleSession } from '../support/console-driver.js';
import { createOfficer } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 18's administration pages end to end in a real headless Chromium (Debian's `chromium`,
 * driven by playwright-core, as test/e2e/dashboard.test.ts): a province officer signs in, uploads a
 * register (XLSX) on the import page, changes nothing, confirms, and finds the cooperatives in the
 * list (searched without diacritics); edits one (a commune typed without diacritics becomes the
 * official name; an unknown one is refused and the form keeps what was typed); suspends one with a
 * reason; revokes an invite on the invites page and a pending director's role on the people page;
 * a commune officer gets 403 for another commune's cooperative, page and form alike. axe-core finds
 * no serious or critical accessibility problem on the cooperatives and people pages, and no table
 * makes the page scroll sideways at 1280 px.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!haveChromium && !inCi) {
  console.warn(
    `dashboard admin browser test skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`; in CI this test fails instead)`,
  );
}

const STEP_MS = 120_000;
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const out = mkdtempSync(path.join(tmpdir(), 'htx-dashboard-admin-e2e-'));
const PROVINCE = 'Đắk Lắk';
const OFFICER_USER = 'h4a-province-officer';
const COMMUNE_OFFICER_USER = 'h4a-commune-officer';

/** The register as a provincial office keeps it: Vietnamese headers, new communes, directors with phones. */
const REGISTER = [
  ['HTX Nông nghiệp Hòa Phú', '6000100001', 'Xã Hòa Phú', 'Nông nghiệp', 'HTX', 'Nguyễn Văn Phú', '0912 000 001'],
  ['HTX Dịch vụ Tân Lập', '6000100002', 'Phường Tân Lập', 'Dịch vụ', 'HTX', 'Trần Thị Lập', '0912 000 002'],
  ['HTX Cà phê Ea Kao', '6000100003', 'Phường Ea Kao', 'Nông nghiệp', 'HTX', 'Y Bih Niê', '0912 000 003'],
  ['Tổ hợp tác Dệt thổ cẩm Buôn Hồ', '6000100004', 'Phường Buôn Hồ', 'Thủ công mỹ nghệ', 'Tổ hợp tác', 'H Mai Êban', '0912 000 004'],
  ['Liên hiệp HTX Thương mại Buôn Ma Thuột', '6000100005', 'Phường Buôn Ma Thuột', 'Thương mại', 'Liên hiệp HTX', 'Lê Văn Thuột', '0912 000 005'],
] as const;

let app: TestApp;
let channels: Channels;
let browser: Browser;
let officerContext: BrowserContext;
let page: Page;
let provinceOfficerId: number;
let communeOfficerId: number;
const pageErrors: string[] = [];
const db = () => app.db.prisma;
const url = (p: string) => `${channels.http.url}${p}`;

/** Asks the bot for a sign-in link as a console user, and points it at the test server. */
async function signInLink(user: string): Promise<string> {
  const chat = consoleSession(app.router);
  try {
    const line = await chat.send({ user, text: '/dangnhap' });
    const text = line.replies.map((r) => r.text).join('\n');
    const m = /https?:\/\/\S+?(\/dang-nhap\?t=[A-Za-z0-9_-]{43})/.exec(text);
    if (!m) throw new Error(`no sign-in link in the bot's reply: ${text}`);
    return url(m[1]!);
  } finally {
    await chat.end();
  }
}

function tableRows(p: Page, id: string): Promise<string[][]> {
  return p.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

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

/** Whether the page scrolls sideways, and any table wider than its box. */
function overflow(p: Page) {
  return p.evaluate(() => {
    type El = { id: string; scrollWidth: number; clientWidth: number; querySelector(s: string): El | null };
    const d = (globalThis as unknown as { document: { documentElement: El; querySelectorAll(s: string): El[] } }).document;
    return {
      page: d.documentElement.scrollWidth > d.documentElement.clientWidth,
      tables: [...d.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).map((w) => w.querySelector('table')?.id ?? ''),
    };
  });
}

async function writeRegister(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Danh sách HTX');
  sheet.addRow(['Tên HTX', 'Mã số HTX', 'Xã/Phường', 'Lĩnh vực', 'Loại hình', 'Giám đốc', 'Điện thoại']);
  for (const row of REGISTER) sheet.addRow([...row]);
  await wb.xlsx.writeFile(file);
}

const coopId = async (code: string) => (await db().cooperative.findUniqueOrThrow({ where: { registrationCode: code }, select: { id: true } })).id;

describe.skipIf(!haveChromium && !inCi)('the dashboard administration pages in a browser', () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`No Chromium at ${CHROMIUM}: .ci/run installs it with \`apt-get install -y chromium\``);
    app = await createTestApp();
    provinceOfficerId = await createOfficer(db(), { name: 'Cán bộ Sở Tài chính Đắk Lắk', province: PROVINCE, accounts: OFFICER_USER });
    communeOfficerId = await createOfficer(db(), { name: 'Cán bộ xã Hòa Phú', province: PROVINCE, commune: 'Xã Hòa Phú', accounts: COMMUNE_OFFICER_USER });
    channels = await startChannels(app, { http: { host: '127.0.0.1', port: 0 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    page = await officerContext.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 400') && pageErrors.push(m.text()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await channels?.close();
    await app?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it(
    'imports a register uploaded on the import page (preview, confirm) and lists its cooperatives',
    async () => {
      await page.goto(await signInLink(OFFICER_USER));
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      await page.click('nav a[href="/dashboard/cooperatives"]');
      expect(await page.textContent('h1')).toBe('Hợp tác xã');
      expect(await page.textContent('#cooperative-count')).toContain('0 hợp tác xã');

      const file = path.join(out, 'danh-sach-htx.xlsx');
      await writeRegister(file);
      await page.getByRole('link', { name: 'Nhập danh sách HTX' }).first().click();
      await page.setInputFiles('input[type="file"][name="file"]', file);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Xem trước' }).click()]);
      // The preview changes nothing yet.
      expect(await db().cooperative.count()).toBe(0);
      // Every row would be created, none rejected (the import page's summary line).
      expect(await page.textContent('main')).toContain(`${REGISTER.length} dòng: ${REGISTER.length} HTX mới, 0 cập nhật, 0 không đổi, 0 bị từ chối`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Xác nhận nhập' }).click()]);
      expect(await db().cooperative.count({ where: { province: PROVINCE } })).toBe(REGISTER.length);
      expect(await db().person.count({ where: { role: 'director', accounts: { none: {} } } })).toBe(REGISTER.length);

      await page.goto(url('/dashboard/cooperatives'));
      expect(await page.textContent('#cooperative-count')).toContain(`${REGISTER.length} hợp tác xã`);
      expect((await tableRows(page, 'table-cooperatives')).map((r) => r[0]).sort()).toEqual(REGISTER.map((r) => r[0]).sort());
      // Searched without diacritics.
      await page.fill('input[name="q"]', 'det tho cam');
      await Promise.all([page.waitForURL(/q=det/), page.click('form.filters button[type="submit"]')]);
      const found = await tableRows(page, 'table-cooperatives');
      expect(found.map((r) => r[0])).toEqual(['Tổ hợp tác Dệt thổ cẩm Buôn Hồ']);
      expect(found[0]![4]).toBe('Tổ hợp tác');
    },
    STEP_MS,
  );

  it(
    'edits a cooperative: an unknown commune is refused with the form kept; one typed without diacritics becomes the official name',
    async () => {
      const id = await coopId('6000100002');
      await page.goto(url('/dashboard/cooperatives'));
      await Promise.all([page.waitForURL(new RegExp(`/dashboard/cooperatives/${id}$`)), page.click(`#table-cooperatives tr[data-cooperative="${id}"] a`)]);
      expect(await page.textContent('h1')).toBe('HTX Dịch vụ Tân Lập');
      // The imported director is there, not joined yet, phone masked.
      const people = await tableRows(page, 'table-coop-people');
      expect(people[0]).toEqual(['Trần Thị Lập', 'Giám đốc / Chủ nhiệm', 'Chưa tham gia', '—', '091••••002', 'Thu hồi vai trò']);

      await page.fill('#coop-name', 'HTX Dịch vụ Tân Lập (mới)');
      await page.fill('#coop-commune', 'xa khong co that');
      const [refused] = await Promise.all([page.waitForNavigation(), page.click('#coop-edit-form button[type="submit"]')]);
      expect(refused?.status()).toBe(400);
      expect(await page.textContent('#coop-commune-error')).toContain('«xa khong co that» không phải là xã, phường hay đặc khu của Đắk Lắk');
      expect(await page.inputValue('#coop-name')).toBe('HTX Dịch vụ Tân Lập (mới)');
      expect(await page.inputValue('#coop-commune')).toBe('xa khong co that');
      expect(await page.getAttribute('#coop-commune', 'aria-invalid')).toBe('true');
      expect(await db().cooperative.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'HTX Dịch vụ Tân Lập', commune: 'Phường Tân Lập' });
      expect(await axeViolations(page)).toEqual([]);

      await page.fill('#coop-commune', 'xa hoa phu');
      await Promise.all([page.waitForURL(/done=updated/), page.click('#coop-edit-form button[type="submit"]')]);
      expect(await page.textContent('#coop-fact-commune')).toBe('Xã Hòa Phú');
      expect(await page.textContent('#coop-fact-name')).toBe('HTX Dịch vụ Tân Lập (mới)');
      expect(await db().cooperative.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'HTX Dịch vụ Tân Lập (mới)', commune: 'Xã Hòa Phú' });
      const history = await tableRows(page, 'table-coop-history');
      expect(history[0]![2]).toBe('Sửa thông tin');
      expect(history[0]![3]).toContain('Phường Tân Lập → Xã Hòa Phú');
      expect(history.at(-1)![2]).toBe('Tạo mới');
      const audit = await db().auditLog.findFirstOrThrow({
        where: { action: 'cooperative.updated', subject: `cooperative:${id}`, actorId: provinceOfficerId },
      });
      expect(audit.details).toMatchObject({
        before: { name: 'HTX Dịch vụ Tân Lập', commune: 'Phường Tân Lập' },
        after: { name: 'HTX Dịch vụ Tân Lập (mới)', commune: 'Xã Hòa Phú' },
      });

      // Moved back (typed without diacritics again), for the commune officer's step below.
      await page.fill('#coop-commune', 'phuong tan lap');
      await Promise.all([page.waitForURL(/done=updated/), page.click('#coop-edit-form button[type="submit"]')]);
      expect(await page.textContent('#coop-fact-commune')).toBe('Phường Tân Lập');

      // Suspended with a reason.
      await page.check('input[name="change"][value="suspend"]');
      await page.fill('#coop-status-reason', 'Tạm ngừng sản xuất để sửa nhà xưởng');
      await Promise.all([page.waitForURL(/done=suspended/), page.click('#coop-status-form button[type="submit"]')]);
      expect(await page.textContent('#coop-fact-status')).toBe('Tạm ngừng');
      expect((await tableRows(page, 'table-coop-history'))[0]![3]).toContain('Tạm ngừng sản xuất để sửa nhà xưởng');
    },
    STEP_MS,
  );

  it(
    'revokes an invite on the invites page',
    async () => {
      const cooperativeId = await coopId('6000100001');
      const director = await db().person.findFirstOrThrow({ where: { cooperativeId, role: 'director' }, select: { id: true } });
      const open = await db().invite.findFirst({ where: { personId: director.id, revokedAt: null }, select: { code: true } });
      const code = open?.code ?? (await createInvite(db(), { role: 'director', cooperativeId, personId: director.id, createdById: provinceOfficerId })).code;
      await page.goto(url('/dashboard/invites'));
      await Promise.all([
        page.waitForLoadState('load'),
        page
          .locator(`tr[data-code="${code}"]`)
          .getByRole('button', { name: /Thu hồi/ })
          .click(),
      ]);
      await Promise.all([page.waitForLoadState('load'), page.click('#revoke-form button[type="submit"]')]);
      expect((await db().invite.findUniqueOrThrow({ where: { code } })).revokedAt).not.toBeNull();
    },
    STEP_MS,
  );

  it(
    'revokes a pending director’s role on the people page, after a confirmation',
    async () => {
      const cooperativeId = await coopId('6000100005');
      const director = await db().person.findFirstOrThrow({ where: { cooperativeId, role: 'director' }, select: { id: true } });
      await page.click('nav a[href="/dashboard/people"]');
      expect(await page.textContent('h1')).toBe('Người dùng');
      await Promise.all([page.waitForURL(/state=pending/), page.click('nav.tabs a[href*="state=pending"]')]);
      const pending = await tableRows(page, 'table-people');
      expect(pending.map((r) => r[0]).sort()).toEqual(REGISTER.map((r) => r[5]).sort());
      // Phones are masked on the list.
      expect(pending.every((r) => /^\d{3}•+\d{3}$/.test(r[4]!))).toBe(true);
      await Promise.all([
        page.waitForURL(new RegExp(`/dashboard/people/${director.id}/revoke$`)),
        page.click(`#table-people tr[data-person="${director.id}"] a[href$="/revoke"]`),
      ]);
      expect(await page.textContent('#revoke-heading')).toContain('Giám đốc / Chủ nhiệm');
      expect(await axeViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(/done=revoked/), page.click('#revoke-form button[type="submit"]')]);
      expect(await page.textContent('#people-done')).toContain('Đã thu hồi vai trò');
      expect(await db().person.findUniqueOrThrow({ where: { id: director.id } })).toMatchObject({ role: 'guest', cooperativeId: null });
      expect(await db().auditLog.count({ where: { action: 'person.role_revoked', subject: `person:${director.id}`, actorId: provinceOfficerId } })).toBe(1);
    },
    STEP_MS,
  );

  it(
    'refuses a commune officer another commune’s cooperative (403), its page and its forms alike',
    async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const p = await context.newPage();
        await p.goto(await signInLink(COMMUNE_OFFICER_USER));
        await p.goto(url('/dashboard/cooperatives'));
        expect((await tableRows(p, 'table-cooperatives')).map((r) => r[0])).toEqual(['HTX Nông nghiệp Hòa Phú']);
        const other = await coopId('6000100003');
        const refused = await p.goto(url(`/dashboard/cooperatives/${other}`));
        expect(refused?.status()).toBe(403);
        expect(await p.textContent('main')).toContain('chỉ xem và thay đổi được hợp tác xã và người dùng thuộc địa bàn mình phụ trách');
        // The forms with this session's own token: still 403, nothing changes.
        await p.goto(url('/dashboard/cooperatives'));
        const csrf = (await p.getAttribute('header form input[name="csrf"]', 'value')) ?? '';
        const edit = await context.request.post(url(`/dashboard/cooperatives/${other}/edit`), {
          form: { csrf, name: 'Đổi tên trái phép', registrationCode: '6000100003', commune: 'Xã Hòa Phú', sector: 'agriculture', kind: 'cooperative' },
          maxRedirects: 0,
        });
        expect(edit.status()).toBe(403);
        const status = await context.request.post(url(`/dashboard/cooperatives/${other}/status`), {
          form: { csrf, change: 'dissolve', reason: 'Trái phép' },
          maxRedirects: 0,
        });
        expect(status.status()).toBe(403);
        expect(await db().cooperative.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ name: 'HTX Cà phê Ea Kao', status: 'active' });
        // Their own commune's cooperative opens.
        expect((await p.goto(url(`/dashboard/cooperatives/${await coopId('6000100001')}`)))?.status()).toBe(200);
        void communeOfficerId;
      } finally {
        await context.close();
      }
    },
    STEP_MS,
  );

  it(
    'finds no serious or critical accessibility problem on the cooperatives and people pages, and no sideways scroll at 1280 px',
    async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      const pages = [
        '/dashboard/cooperatives',
        `/dashboard/cooperatives/${await coopId('6000100001')}`,
        `/dashboard/cooperatives/${await coopId('6000100002')}`,
        '/dashboard/people',
        '/dashboard/people?state=pending',
        '/dashboard/cooperatives?lang=en',
        '/dashboard/cooperatives?lang=vi',
      ];
      const problems: unknown[] = [];
      for (const p of pages) {
        const res = await page.goto(url(p));
        expect(res?.status(), p).toBe(200);
        const o = await overflow(page);
        if (o.page || o.tables.length) problems.push({ path: p, overflow: o });
        const violations = await axeViolations(page);
        if (violations.length) problems.push({ path: p, violations });
      }
      expect(problems).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    STEP_MS,
  );
});
