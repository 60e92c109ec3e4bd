import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/adapters/http/http-server.js';
import { dashboard } from '../../src/adapters/web/dashboard-routes.js';
import { dashboardDeps } from '../../src/adapters/web/serve-dashboard.js';
import { createLoginLink, NotStaffError } from '../../src/services/web-auth/create-login-link.js';
import { findWebSession } from '../../src/services/web-auth/find-web-session.js';
import { redeemLoginLink } from '../../src/services/web-auth/redeem-login-link.js';
import { revokeWebSession } from '../../src/services/web-auth/revoke-web-session.js';
import { hashWebSecret, LOGIN_LINK_TTL_MS, SESSION_TTL_MS } from '../../src/services/web-auth/web-secret.js';
import { createCooperative, createDirector, createOfficer } from '../support/factories.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
let https: HttpServer;
let plain: HttpServer;
const db = () => app.db.prisma;
let officer: number;
let director: number;
const MIN = 60_000;

beforeAll(async () => {
  app = await createTestApp();
  const coop = await createCooperative(db(), { name: 'HTX An Bình', province: 'Thái Bình', commune: 'Xã An Bình' });
  officer = await createOfficer(db(), { name: 'Cán bộ tỉnh', province: 'Thái Bình' });
  director = await createDirector(db(), { name: 'Chủ nhiệm', cooperativeId: coop.id });
  const serve = (publicUrl?: string) =>
    startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: app.logger,
      register: dashboard(dashboardDeps(app, { http: { host: '127.0.0.1', port: 0, publicUrl } })),
    });
  https = await serve('https://htx.example.org');
  plain = await serve();
});
afterAll(async () => {
  await https?.close();
  await plain?.close();
  await app?.close();
});

const get = (server: HttpServer, path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', headers });
const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const cookieValue = (setCookie: string | undefined) => decodeURIComponent(setCookie!.split(';')[0]!.split('=')[1]!);

describe('web sign-in links', () => {
  it('are random, stored only as their SHA-256, valid 15 minutes, for officers only', async () => {
    const now = new Date('2026-03-01T02:00:00Z');
    const { token, expiresAt } = await createLoginLink(db(), { personId: officer, now });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - now.getTime()).toBe(LOGIN_LINK_TTL_MS);
    const row = await db().webLoginLink.findUniqueOrThrow({ where: { hash: hashWebSecret(token) } });
    expect(row).toMatchObject({ personId: officer, usedAt: null });
    expect(JSON.stringify(await db().webLoginLink.findMany())).not.toContain(token);
    expect((await createLoginLink(db(), { personId: officer })).token).not.toBe(token);
    await expect(createLoginLink(db(), { personId: director })).rejects.toBeInstanceOf(NotStaffError);
    await expect(createLoginLink(db(), { personId: 999_999 })).rejects.toBeInstanceOf(NotStaffError);
  });

  it('are spent once: a second use, even racing the first, gets no session', async () => {
    const { token } = await createLoginLink(db(), { personId: officer });
    const results = await Promise.all([redeemLoginLink(db(), { token }), redeemLoginLink(db(), { token }), redeemLoginLink(db(), { token })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['used', 'used']);
    expect(await redeemLoginLink(db(), { token })).toEqual({ ok: false, reason: 'used' });
    const audits = await db().auditLog.findMany({ where: { action: 'web.sign_in', actorId: officer } });
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(audits)).not.toContain(token);
  });

  it('expire after 15 minutes; unknown and malformed tokens get nothing', async () => {
    const now = new Date();
    const { token } = await createLoginLink(db(), { personId: officer, now });
    expect(await redeemLoginLink(db(), { token, now: new Date(now.getTime() + LOGIN_LINK_TTL_MS + 1) })).toEqual({ ok: false, reason: 'expired' });
    expect(await redeemLoginLink(db(), { token: 'A'.repeat(43) })).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemLoginLink(db(), { token: "x' OR 1=1 --" })).toEqual({ ok: false, reason: 'unknown' });
    // Just before the end it still works.
    const fresh = await createLoginLink(db(), { personId: officer, now });
    expect((await redeemLoginLink(db(), { token: fresh.token, now: new Date(now.getTime() + LOGIN_LINK_TTL_MS - 1000) })).ok).toBe(true);
  });
});

describe('web sessions', () => {
  it('last 12 hours, record when they were last seen at most once a minute, and end on sign-out (audited)', async () => {
    const t0 = new Date('2026-03-02T01:00:00Z');
    const { token } = await createLoginLink(db(), { personId: officer, now: t0 });
    const r = await redeemLoginLink(db(), { token, now: t0 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.expiresAt.getTime() - t0.getTime()).toBe(SESSION_TTL_MS);
    const session = await findWebSession(db(), r.sessionToken, new Date(t0.getTime() + 30_000));
    expect(session).toMatchObject({ personId: officer, role: 'officer', province: 'Thái Bình', commune: null });
    const row = () => db().webSession.findUniqueOrThrow({ where: { id: session!.sessionId } });
    expect((await row()).lastSeenAt).toEqual(t0);
    await findWebSession(db(), r.sessionToken, new Date(t0.getTime() + 2 * MIN));
    expect((await row()).lastSeenAt).toEqual(new Date(t0.getTime() + 2 * MIN));
    expect(await findWebSession(db(), r.sessionToken, new Date(t0.getTime() + SESSION_TTL_MS))).toBeNull();
    expect(await findWebSession(db(), r.sessionToken, new Date(t0.getTime() + 3 * MIN))).not.toBeNull();
    expect(await revokeWebSession(db(), { cookieValue: r.sessionToken })).toBe(true);
    expect(await findWebSession(db(), r.sessionToken, new Date(t0.getTime() + 4 * MIN))).toBeNull();
    expect(await revokeWebSession(db(), { cookieValue: r.sessionToken })).toBe(false);
    expect(await db().auditLog.count({ where: { action: 'web.sign_out', subject: `web_session:${session!.sessionId}` } })).toBe(1);
  });

  it('stop working at the next request once the person is no longer an officer', async () => {
    const p = await db().person.create({ data: { role: 'officer', name: 'Cán bộ sắp nghỉ', province: 'Thái Bình' } });
    const { token } = await createLoginLink(db(), { personId: p.id });
    const signIn = await get(plain, `/dang-nhap?t=${token}`);
    const cookie = cookieValue(cookieOf(signIn, 'htx_session'));
    expect((await get(plain, '/dashboard/questions', { cookie: `htx_session=${cookie}` })).status).toBe(200);
    await db().person.update({ where: { id: p.id }, data: { role: 'member' } });
    const after = await get(plain, '/dashboard/questions', { cookie: `htx_session=${cookie}` });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/dang-nhap');
    expect(await findWebSession(db(), cookie)).toBeNull();
    // A link made before the change cannot be spent after it either.
    await db().person.update({ where: { id: p.id }, data: { role: 'officer' } });
    const pending = await createLoginLink(db(), { personId: p.id });
    await db().person.update({ where: { id: p.id }, data: { role: 'guest' } });
    expect(await redeemLoginLink(db(), { token: pending.token })).toEqual({ ok: false, reason: 'not_staff' });
  });
});

describe('sign-in over HTTP', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie (Secure behind https) and sends the officer to /dashboard', async () => {
    const { token } = await createLoginLink(db(), { personId: officer });
    const res = await get(https, `/dang-nhap?t=${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = cookieOf(res, 'htx_session')!;
    expect(cookie).toMatch(/^htx_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(cookie).toContain('Secure');
    // Over plain http (no https PUBLIC_URL) the cookie cannot be Secure, or the browser would drop it.
    const local = await get(plain, `/dang-nhap?t=${(await createLoginLink(db(), { personId: officer })).token}`);
    expect(cookieOf(local, 'htx_session')).not.toContain('Secure');
  });

  it('explains a used or expired link in Vietnamese: ask the bot with /dangnhap', async () => {
    const { token } = await createLoginLink(db(), { personId: officer });
    await get(plain, `/dang-nhap?t=${token}`);
    const again = await get(plain, `/dang-nhap?t=${token}`);
    expect(again.status).toBe(410);
    expect(again.headers.get('content-type')).toContain('text/html');
    expect(cookieOf(again, 'htx_session')).toBeUndefined();
    const page = await again.text();
    expect(page).toContain('đã được dùng');
    expect(page).toContain('/dangnhap');
    const expired = await createLoginLink(db(), { personId: officer, now: new Date(Date.now() - LOGIN_LINK_TTL_MS - 1000) });
    const late = await get(plain, `/dang-nhap?t=${expired.token}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('đã hết hạn');
  });

  it('does not spend a link when a chat app fetches it for a preview', async () => {
    const { token } = await createLoginLink(db(), { personId: officer });
    const preview = await get(plain, `/dang-nhap?t=${token}`, { 'user-agent': 'TelegramBot (like TwitterBot)' });
    expect(preview.status).toBe(200);
    expect(cookieOf(preview, 'htx_session')).toBeUndefined();
    expect((await get(plain, `/dang-nhap?t=${token}`)).status).toBe(303);
  });

  it('sends anyone without a session to a page that says to send /dangnhap; HEAD works too', async () => {
    const res = await get(plain, '/dashboard');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dang-nhap');
    const page = await get(plain, '/dang-nhap');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/dangnhap');
    expect((await get(plain, '/dashboard', { cookie: 'htx_session=' + 'B'.repeat(43) })).status).toBe(303);
    const head = await fetch(`${plain.url}/dang-nhap`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('signs out with POST /dang-xuat: the cookie is cleared and the session ends', async () => {
    const { token } = await createLoginLink(db(), { personId: officer });
    const cookie = cookieValue(cookieOf(await get(plain, `/dang-nhap?t=${token}`), 'htx_session'));
    const out = await fetch(`${plain.url}/dang-xuat`, { method: 'POST', redirect: 'manual', headers: { cookie: `htx_session=${cookie}` } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dang-nhap?out=1');
    expect(cookieOf(out, 'htx_session')).toMatch(/^htx_session=; .*Max-Age=0/);
    expect((await get(plain, '/dashboard', { cookie: `htx_session=${cookie}` })).status).toBe(303);
  });
});

describe('/dangnhap in the chat', () => {
  it('gives an officer a link to the dashboard, and refuses anyone else politely', async () => {
    const officerAccount = await db().channelAccount.create({
      data: { channel: 'console', externalId: 'web-officer', person: { create: { role: 'officer', province: 'Thái Bình', privacyConsentAt: new Date() } } },
    });
    const reply = texts(await say(app, officerAccount.externalId, '/dangnhap'));
    const m = /(http:\/\/127\.0\.0\.1:3000\/dang-nhap\?t=)([A-Za-z0-9_-]{43})/.exec(reply);
    expect(m, reply).not.toBeNull();
    expect(reply).toContain('15 phút');
    expect(await db().webLoginLink.count({ where: { hash: hashWebSecret(m![2]!) } })).toBe(1);
    const guest = texts(await say(app, 'web-guest', '/dangnhap'));
    expect(guest).toContain('chỉ dành cho cán bộ');
    expect(guest).not.toContain('/dang-nhap?t=');
  });
});
