import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/adapters/http/http-server.js';
import { csrfToken } from '../../src/adapters/web/csrf.js';
import { dashboard } from '../../src/adapters/web/dashboard-routes.js';
import { maskPhone } from '../../src/adapters/web/directory-parts.js';
import { dashboardDeps } from '../../src/adapters/web/serve-dashboard.js';
import { createLoginLink } from '../../src/services/web-auth/create-login-link.js';
import { createCooperative, createDirector, createMember, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The dashboard's cooperatives and people pages over real HTTP (the browser test drives the same
 * pages in Chromium): search without diacritics, the jurisdiction (403 for another commune, GET and
 * POST alike), the edit form validated against the official units and kept on error, suspending
 * with a reason, revoking a role, the anti-forgery token, and the audit lines each change writes.
 */
const PROVINCE = 'Đắk Lắk';
let app: TestApp;
let server: HttpServer;
const db = () => app.db.prisma;
let hoaPhu: number;
let tanLap: number;
let provinceOfficer: number;
let communeOfficer: number;
let director: number;
let otherDirector: number;
let pendingMember: number;

beforeAll(async () => {
  app = await createTestApp();
  hoaPhu = (await createCooperative(db(), { name: 'HTX Nông nghiệp Hòa Phú', registrationCode: 'DL-0001', province: PROVINCE, commune: 'Xã Hòa Phú' })).id;
  tanLap = (
    await createCooperative(db(), {
      name: 'HTX Dịch vụ Tân Lập',
      registrationCode: 'DL-0002',
      province: PROVINCE,
      commune: 'Phường Tân Lập',
      sector: 'services',
    })
  ).id;
  await createCooperative(db(), { name: 'HTX Cà phê Ea Kao', registrationCode: 'DL-0003', province: PROVINCE, commune: 'Phường Ea Kao', status: 'suspended' });
  await createCooperative(db(), { name: 'HTX Tỉnh khác', registrationCode: 'XX-0001', province: 'Lâm Đồng', commune: 'Xã Xuân Thọ' });
  provinceOfficer = await createOfficer(db(), { name: 'Cán bộ tỉnh', province: PROVINCE });
  communeOfficer = await createOfficer(db(), { name: 'Cán bộ xã Hòa Phú', province: PROVINCE, commune: 'Xã Hòa Phú' });
  director = await createDirector(db(), {
    name: 'Nguyễn Văn Giám',
    cooperativeId: hoaPhu,
    phone: '0912345678',
    consent: true,
    province: PROVINCE,
    commune: 'Xã Hòa Phú',
    accounts: { channel: 'telegram', externalId: '7001', lastInboundAt: new Date('2026-12-01T03:00:00Z') },
  });
  otherDirector = await createDirector(db(), { name: 'Lê Thị Tân', cooperativeId: tanLap, accounts: 'dir-tanlap' });
  pendingMember = await createMember(db(), { name: 'Phạm Chờ', cooperativeId: hoaPhu, phone: '0987654321' });
  await db().invite.create({
    data: { code: 'H4A-PENDING-1', role: 'member', cooperativeId: hoaPhu, personId: pendingMember, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: app.logger,
    register: dashboard(dashboardDeps(app, { http: { host: '127.0.0.1', port: 0 } })),
  });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

/** A signed-in officer's browser: GET and form POST with their session cookie (and its token unless told). */
async function signIn(personId: number) {
  const { token } = await createLoginLink(db(), { personId });
  const res = await fetch(`${server.url}/dang-nhap?t=${token}`, { redirect: 'manual' });
  const set = res.headers.getSetCookie().find((c) => c.startsWith('htx_session='))!;
  const session = decodeURIComponent(set.split(';')[0]!.split('=')[1]!);
  const cookie = `htx_session=${session}`;
  return {
    get: async (path: string) => {
      const r = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });
      return { status: r.status, text: await r.text(), location: r.headers.get('location') };
    },
    post: async (path: string, fields: Record<string, string>, o: { token?: boolean } = {}) => {
      const body = new URLSearchParams({ ...fields, ...(o.token === false ? {} : { csrf: csrfToken(session) }) });
      const r = await fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      return { status: r.status, text: await r.text(), location: r.headers.get('location') };
    },
  };
}

/** The body rows of a table (as HTML). */
const rowsOf = (page: string, id: string) => ((page.split(`id="${id}"`)[1] ?? '').split('<tbody>')[1] ?? '').split('</tbody>')[0]!.split('<tr').slice(1);

describe('the cooperatives of an officer’s area', () => {
  it('lists them with a search typed without diacritics, filters and counts; a commune officer sees their commune only', async () => {
    const officer = await signIn(provinceOfficer);
    const all = await officer.get('/dashboard/cooperatives');
    expect(all.status).toBe(200);
    expect(all.text).toContain('3 hợp tác xã – Đắk Lắk');
    expect(all.text).not.toContain('HTX Tỉnh khác');
    expect(all.text).toContain('href="/dashboard/cooperatives"');
    const searched = await officer.get(`/dashboard/cooperatives?q=${encodeURIComponent('dich vu tan lap')}`);
    expect(rowsOf(searched.text, 'table-cooperatives')).toHaveLength(1);
    expect(searched.text).toContain('HTX Dịch vụ Tân Lập');
    expect(rowsOf((await officer.get('/dashboard/cooperatives?q=dl-0001')).text, 'table-cooperatives')[0]).toContain('Hòa Phú');
    const suspended = await officer.get('/dashboard/cooperatives?status=suspended');
    expect(rowsOf(suspended.text, 'table-cooperatives')).toHaveLength(1);
    expect(suspended.text).toContain('HTX Cà phê Ea Kao');
    expect((await officer.get(`/dashboard/cooperatives?q=${encodeURIComponent('không có')}`)).text).toContain('Không có hợp tác xã nào khớp');

    const commune = await signIn(communeOfficer);
    const mine = await commune.get('/dashboard/cooperatives');
    expect(rowsOf(mine.text, 'table-cooperatives')).toHaveLength(1);
    expect(mine.text).toContain('HTX Nông nghiệp Hòa Phú');
    // Asking for another commune is refused, never silently narrowed.
    expect((await commune.get(`/dashboard/cooperatives?province=${encodeURIComponent(PROVINCE)}&commune=${encodeURIComponent('Phường Tân Lập')}`)).status).toBe(
      403,
    );
  });

  it('shows a cooperative with its people (phones masked) and refuses another commune’s (403), also for its forms', async () => {
    const commune = await signIn(communeOfficer);
    const page = await commune.get(`/dashboard/cooperatives/${hoaPhu}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nguyễn Văn Giám');
    expect(page.text).toContain('Phạm Chờ');
    expect(page.text).toContain(maskPhone('0912345678'));
    expect(page.text).not.toContain('0912345678');
    expect(page.text).toContain('Telegram');

    expect((await commune.get(`/dashboard/cooperatives/${tanLap}`)).status).toBe(403);
    const edit = await commune.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      name: 'Đổi tên',
      registrationCode: '',
      commune: 'Xã Hòa Phú',
      sector: 'services',
      kind: 'cooperative',
    });
    expect(edit.status).toBe(403);
    const status = await commune.post(`/dashboard/cooperatives/${tanLap}/status`, { change: 'suspend', reason: 'Thử ngoài địa bàn' });
    expect(status.status).toBe(403);
    expect(await db().cooperative.findUniqueOrThrow({ where: { id: tanLap } })).toMatchObject({ name: 'HTX Dịch vụ Tân Lập', status: 'active' });
    expect((await commune.get('/dashboard/cooperatives/99999999')).status).toBe(404);
  });

  it('edits a cooperative: a commune typed without diacritics becomes the official name; an unknown one is refused and the form keeps what was typed', async () => {
    const officer = await signIn(provinceOfficer);
    const form = { name: 'HTX Nông nghiệp Hòa Phú mới', registrationCode: 'DL-0001', commune: 'Xã Hòa Phú', sector: 'agriculture', kind: 'cooperative' };

    const bad = await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      ...form,
      name: 'HTX Tân Lập sửa',
      registrationCode: 'DL-0002',
      commune: 'xa khong ton tai',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('«xa khong ton tai» không phải là xã, phường hay đặc khu của Đắk Lắk');
    expect(bad.text).toContain('value="HTX Tân Lập sửa"');
    expect(bad.text).toContain('value="xa khong ton tai"');
    expect(bad.text).toContain('aria-invalid="true"');
    const taken = await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      ...form,
      name: 'HTX Tân Lập sửa',
      registrationCode: 'DL-0001',
      commune: 'Phường Tân Lập',
    });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('đã thuộc về một hợp tác xã khác');
    expect(await db().cooperative.findUniqueOrThrow({ where: { id: tanLap } })).toMatchObject({ name: 'HTX Dịch vụ Tân Lập', registrationCode: 'DL-0002' });

    // A forged form (no token) changes nothing.
    expect(
      (await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, { ...form, registrationCode: 'DL-0002', commune: 'xa hoa phu' }, { token: false })).status,
    ).toBe(403);

    const ok = await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      ...form,
      name: 'HTX Dịch vụ Tân Lập',
      registrationCode: 'DL-0002',
      commune: 'xa hoa phu',
      kind: 'group',
      sector: 'services',
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/dashboard/cooperatives/${tanLap}?done=updated`);
    expect(await db().cooperative.findUniqueOrThrow({ where: { id: tanLap } })).toMatchObject({ commune: 'Xã Hòa Phú', kind: 'group' });
    // Its director's area follows.
    expect((await db().person.findUniqueOrThrow({ where: { id: otherDirector } })).commune).toBe('Xã Hòa Phú');
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'cooperative.updated', subject: `cooperative:${tanLap}` } });
    expect(audit.actorId).toBe(provinceOfficer);
    expect(audit.details).toMatchObject({ before: { commune: 'Phường Tân Lập', kind: 'cooperative' }, after: { commune: 'Xã Hòa Phú', kind: 'group' } });
    expect(Object.keys((audit.details as { before: object }).before).sort()).toEqual(['commune', 'kind']);
    const shown = await officer.get(`/dashboard/cooperatives/${tanLap}?done=updated`);
    expect(shown.text).toContain('Đã lưu thay đổi');
    expect(rowsOf(shown.text, 'table-coop-history')[0]).toContain('Phường Tân Lập → Xã Hòa Phú');
    // Saving the same again changes nothing and writes nothing.
    const same = await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      ...form,
      name: 'HTX Dịch vụ Tân Lập',
      registrationCode: 'DL-0002',
      commune: 'Xã Hòa Phú',
      kind: 'group',
      sector: 'services',
    });
    expect(same.location).toContain('done=unchanged');
    expect(await db().auditLog.count({ where: { action: 'cooperative.updated', subject: `cooperative:${tanLap}` } })).toBe(1);
    // Moved back, for the tests below.
    await officer.post(`/dashboard/cooperatives/${tanLap}/edit`, {
      ...form,
      name: 'HTX Dịch vụ Tân Lập',
      registrationCode: 'DL-0002',
      commune: 'phuong tan lap',
      kind: 'cooperative',
      sector: 'services',
    });
    expect((await db().cooperative.findUniqueOrThrow({ where: { id: tanLap } })).commune).toBe('Phường Tân Lập');
  });

  it('keeps a commune officer from moving a cooperative out of their commune', async () => {
    const commune = await signIn(communeOfficer);
    const res = await commune.post(`/dashboard/cooperatives/${hoaPhu}/edit`, {
      name: 'HTX Nông nghiệp Hòa Phú',
      registrationCode: 'DL-0001',
      commune: 'Phường Tân Lập',
      sector: 'agriculture',
      kind: 'cooperative',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('chỉ được chọn xã, phường thuộc địa bàn mình phụ trách');
    expect((await db().cooperative.findUniqueOrThrow({ where: { id: hoaPhu } })).commune).toBe('Xã Hòa Phú');
  });

  it('suspends with a reason (kept when refused), then reactivates; each change is in the history', async () => {
    const officer = await signIn(provinceOfficer);
    const noReason = await officer.post(`/dashboard/cooperatives/${hoaPhu}/status`, { change: 'suspend', reason: ' x ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Lý do cần dài từ 3 đến 500 ký tự');
    expect(noReason.text).toMatch(/value="suspend" checked/);
    const ok = await officer.post(`/dashboard/cooperatives/${hoaPhu}/status`, { change: 'suspend', reason: 'Ngừng sản xuất 6 tháng' });
    expect(ok.location).toBe(`/dashboard/cooperatives/${hoaPhu}?done=suspended`);
    expect((await db().cooperative.findUniqueOrThrow({ where: { id: hoaPhu } })).status).toBe('suspended');
    // Suspending again is not possible from «suspended».
    expect((await officer.post(`/dashboard/cooperatives/${hoaPhu}/status`, { change: 'suspend', reason: 'Lần nữa' })).status).toBe(400);
    await officer.post(`/dashboard/cooperatives/${hoaPhu}/status`, { change: 'reactivate', reason: 'Sản xuất lại' });
    expect((await db().cooperative.findUniqueOrThrow({ where: { id: hoaPhu } })).status).toBe('active');
    const audits = await db().auditLog.findMany({
      where: { subject: `cooperative:${hoaPhu}`, action: { in: ['cooperative.suspended', 'cooperative.reactivated'] } },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => [a.action, a.details])).toEqual([
      ['cooperative.suspended', expect.objectContaining({ before: { status: 'active' }, after: { status: 'suspended' }, reason: 'Ngừng sản xuất 6 tháng' })],
      ['cooperative.reactivated', expect.objectContaining({ before: { status: 'suspended' }, after: { status: 'active' }, reason: 'Sản xuất lại' })],
    ]);
    const history = rowsOf((await officer.get(`/dashboard/cooperatives/${hoaPhu}`)).text, 'table-coop-history');
    expect(history[0]).toContain('Hoạt động trở lại');
    expect(history[1]).toContain('Ngừng sản xuất 6 tháng');
  });
});

describe('the people of an officer’s area', () => {
  it('lists who has joined (channel, last active, masked phone) and who is pending; searches without diacritics', async () => {
    const officer = await signIn(provinceOfficer);
    const joined = await officer.get('/dashboard/people');
    expect(joined.status).toBe(200);
    const row = rowsOf(joined.text, 'table-people').find((r) => r.includes('Nguyễn Văn Giám'))!;
    expect(row).toContain('Telegram');
    expect(row).toContain('01/12/2026 10:00');
    expect(row).toContain('091••••678');
    expect(joined.text).not.toContain('0912345678');
    expect(joined.text).not.toContain('Phạm Chờ');
    const pending = await officer.get('/dashboard/people?state=pending');
    expect(rowsOf(pending.text, 'table-people').some((r) => r.includes('Phạm Chờ'))).toBe(true);
    const found = await officer.get(`/dashboard/people?q=${encodeURIComponent('nguyen van giam')}`);
    expect(rowsOf(found.text, 'table-people')).toHaveLength(1);
    expect(rowsOf((await officer.get('/dashboard/people?q=5678')).text, 'table-people')[0]).toContain('Nguyễn Văn Giám');
    // A commune officer sees their commune's people only.
    const commune = await signIn(communeOfficer);
    const theirs = await commune.get('/dashboard/people');
    expect(theirs.text).toContain('Nguyễn Văn Giám');
    expect(theirs.text).not.toContain('Lê Thị Tân');
  });

  it('revokes a role after a confirmation: the person becomes a guest, their open invites are revoked, the audit says who', async () => {
    const commune = await signIn(communeOfficer);
    // Another commune's director: 403 on the page and the form.
    expect((await commune.get(`/dashboard/people/${otherDirector}/revoke`)).status).toBe(403);
    expect((await commune.post(`/dashboard/people/${otherDirector}/revoke`, {})).status).toBe(403);
    // A fellow officer's role: only an admin.
    const officerPage = await commune.get(`/dashboard/people/${provinceOfficer}/revoke`);
    expect(officerPage.status).toBe(403);

    const confirm = await commune.get(`/dashboard/people/${pendingMember}/revoke`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Xác nhận thu hồi');
    expect((await commune.post(`/dashboard/people/${pendingMember}/revoke`, {}, { token: false })).status).toBe(403);
    const done = await commune.post(`/dashboard/people/${pendingMember}/revoke`, {});
    expect(done.status).toBe(303);
    expect(done.location).toBe('/dashboard/people?done=revoked&state=pending');
    expect(await db().person.findUniqueOrThrow({ where: { id: pendingMember } })).toMatchObject({ role: 'guest', cooperativeId: null });
    expect((await db().invite.findUniqueOrThrow({ where: { code: 'H4A-PENDING-1' } })).revokedAt).not.toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'person.role_revoked', subject: `person:${pendingMember}` } });
    expect(audit).toMatchObject({
      actorId: communeOfficer,
      details: expect.objectContaining({ before: { role: 'member', cooperativeId: hoaPhu }, invitesRevoked: 1 }),
    });
    expect(JSON.stringify(audit.details)).not.toContain('Phạm');
    expect(JSON.stringify(audit.details)).not.toContain('0987');
  });

  it('lets an admin revoke an officer, who loses the dashboard at once; an officer cannot', async () => {
    const province = await signIn(provinceOfficer);
    const refused = await province.get(`/dashboard/people/${communeOfficer}/revoke`);
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('Chỉ quản trị viên mới thu hồi được quyền của cán bộ');
    expect((await province.post(`/dashboard/people/${communeOfficer}/revoke`, {})).status).toBe(409);

    const victim = await signIn(communeOfficer);
    const admin = await signIn(await createPerson(db(), { role: 'admin', name: 'Quản trị' }));
    expect((await admin.post(`/dashboard/people/${communeOfficer}/revoke`, {})).status).toBe(303);
    expect((await db().person.findUniqueOrThrow({ where: { id: communeOfficer } })).role).toBe('guest');
    expect((await victim.get('/dashboard/cooperatives')).status).toBe(303);
    void director;
  });
});
