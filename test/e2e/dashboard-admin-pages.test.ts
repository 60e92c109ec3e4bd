import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import { startHttpServer, type HttpServer } from '../../src/adapters/http/http-server.js';
import { dashboard } from '../../src/adapters/web/dashboard-routes.js';
import { dashboardDeps } from '../../src/adapters/web/serve-dashboard.js';
import { createLoginLink } from '../../src/services/web-auth/create-login-link.js';
import { createCooperative, createDirector, createOfficer } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The invites, handoff-queue and knowledge-draft pages in a real headless Chromium: a province
 * officer makes an invite and revokes it through the confirmation, answers a question with the
 * form (the asker gets it in the chat), keeps it as a draft and marks the draft reviewed; axe-core
 * finds no serious or critical accessibility problem on any of these pages.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI && process.env.CI !== 'false';
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const PROVINCE = 'Đắk Lắk';

let app: TestApp;
let server: HttpServer;
let browser: Browser;
let page: Page;
let notices: ConsoleNotices;
const db = () => app.db.prisma;
const pageErrors: string[] = [];

async function seriousViolations(p: Page): Promise<{ id: string; nodes: string[] }[]> {
  await p.evaluate(AXE_SOURCE);
  const found = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };
    const w = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> }; document: unknown };
    const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(({ id, nodes }) => ({ id, nodes }));
}

describe.skipIf(!haveChromium && !inCi)('invites, questions and drafts in a browser', () => {
  beforeAll(async () => {
    app = await createTestApp();
    notices = createConsoleNotices(app.services);
    app.setNotifier(notices.notify);
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: app.logger,
      register: dashboard(dashboardDeps(app, { http: { host: '127.0.0.1', port: 0 } })),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  it('makes and revokes an invite, answers a question, keeps and reviews a draft; no serious axe violation', { timeout: 180_000 }, async () => {
    const coop = await createCooperative(db(), { name: 'HTX Cà phê Ea Kar', province: PROVINCE, commune: 'Xã Ea Kar' });
    await createDirector(db(), { name: 'Chủ nhiệm chưa tham gia', cooperativeId: coop.id });
    const asker = await createDirector(db(), { name: 'Người hỏi', cooperativeId: coop.id, accounts: 'asker-web' });
    const officer = await createOfficer(db(), { name: 'Cán bộ tỉnh', province: PROVINCE });
    const question = await db().question.create({
      data: { askerId: asker, text: 'HTX có được hỗ trợ đào tạo không?', province: PROVINCE, commune: 'Xã Ea Kar', cooperativeId: coop.id },
    });
    const { token } = await createLoginLink(db(), { personId: officer });
    await page.goto(`${server.url}/dang-nhap?t=${token}`);
    const violations: Record<string, unknown> = {};
    const check = async (name: string) => {
      const v = await seriousViolations(page);
      if (v.length) violations[name] = v;
    };

    // Invites: make one for the cooperative, then revoke it through the confirmation.
    await page.goto(`${server.url}/dashboard/invites`);
    await check('invites');
    await page.selectOption('#invite-role', 'director');
    await page.selectOption('#invite-cooperative', String(coop.id));
    await page.getByRole('button', { name: 'Tạo mã mời' }).click();
    await page.waitForSelector('#invite-done');
    const invite = await db().invite.findFirstOrThrow({ where: { cooperativeId: coop.id }, orderBy: { id: 'desc' } });
    expect(await page.textContent('#invite-done')).toContain(invite.code);
    await check('invites after create');
    await page
      .locator(`tr[data-code="${invite.code}"]`)
      .getByRole('button', { name: `Thu hồi mã mời ${invite.code}` })
      .click();
    await page.waitForSelector('#revoke-form');
    await check('revoke confirmation');
    await page.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
    await page.waitForSelector('#invite-done');
    expect(await page.locator(`tr[data-code="${invite.code}"] [data-state]`).getAttribute('data-state')).toBe('revoked');
    expect((await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).revokedAt).not.toBeNull();

    // The handoff queue: answer from the web; the asker gets it in the chat.
    await page.goto(`${server.url}/dashboard/questions`);
    await page.getByRole('link', { name: `Trả lời câu hỏi #${question.id}` }).click();
    await page.waitForSelector('#answer-form');
    await check('question');
    notices.drain();
    await page.fill('#answer-text', 'Có, anh/chị đăng ký với xã.');
    await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await page.waitForSelector('#question-done');
    expect(notices.drain().map((n) => n.user)).toEqual(['asker-web']);
    await check('question answered');
    await page.locator('#draft-form button').click();
    await page.waitForSelector('#question-done');
    const draft = await db().knowledgeDraft.findFirstOrThrow({ where: { questionId: question.id } });

    // The draft to review: its skeleton, then marked reviewed.
    await page.goto(`${server.url}/dashboard/knowledge/drafts`);
    await check('drafts');
    await page.getByRole('link', { name: `Xem bản nháp #${draft.id}` }).click();
    await page.waitForSelector('#draft-skeleton');
    expect(await page.textContent('#draft-skeleton')).toContain('## vi\nCó, anh/chị đăng ký với xã.');
    await check('draft');
    await page.getByRole('button', { name: 'Đánh dấu đã rà soát' }).click();
    await page.waitForSelector('#draft-done');
    expect((await db().knowledgeDraft.findUniqueOrThrow({ where: { id: draft.id } })).reviewedAt).not.toBeNull();

    expect(violations).toEqual({});
    expect(pageErrors).toEqual([]);
  });
});
