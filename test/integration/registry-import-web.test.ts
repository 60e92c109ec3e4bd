import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/adapters/http/http-server.js';
import { dashboard } from '../../src/adapters/web/dashboard-routes.js';
import { dashboardDeps } from '../../src/adapters/web/serve-dashboard.js';
import { planCooperativeImport } from '../../src/services/registry/plan-cooperative-import.js';
import { createLoginLink } from '../../src/services/web-auth/create-login-link.js';
import { createOfficer } from '../support/factories.js';
import { buildRegister, REGISTER_PROVINCE, writeRegisterXlsx } from '../support/register-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
let server: HttpServer;
const db = () => app.db.prisma;
const dir = mkdtempSync(path.join(tmpdir(), 'htx-import-web-'));
const register = buildRegister();
let xlsx: Buffer;
let english: Buffer;

beforeAll(async () => {
  app = await createTestApp();
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: app.logger,
    register: dashboard(dashboardDeps(app, { http: { host: '127.0.0.1', port: 0 } })),
  });
  await writeRegisterXlsx(path.join(dir, 'r.xlsx'), register, { titleRows: ['DANH SÁCH HTX'] });
  await writeRegisterXlsx(path.join(dir, 'en.xlsx'), register, {
    english: true,
    order: ['sector', 'registration_code', 'district', 'director', 'kind', 'province', 'name', 'commune', 'phone'],
  });
  xlsx = readFileSync(path.join(dir, 'r.xlsx'));
  english = readFileSync(path.join(dir, 'en.xlsx'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Signs an officer in; returns their cookie header and their forms' token. */
async function signIn(area: { province?: string; commune?: string }) {
  const personId = await createOfficer(db(), { name: 'Cán bộ', ...area });
  const { token } = await createLoginLink(db(), { personId });
  const res = await fetch(`${server.url}/dang-nhap?t=${token}`, { redirect: 'manual' });
  const set = res.headers.getSetCookie().find((c) => c.startsWith('htx_session='))!;
  const cookie = set.split(';')[0]!;
  const page = await (await fetch(`${server.url}/dashboard/import`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  return { personId, cookie, csrf, page };
}

/** A multipart POST, its parts in this order (the token first, as the page's forms send it). */
function post(pathname: string, cookie: string, parts: [string, string | { name: string; bytes: Buffer }][]) {
  const form = new FormData();
  for (const [k, v] of parts) typeof v === 'string' ? form.append(k, v) : form.append(k, new Blob([v.bytes]), v.name);
  return fetch(`${server.url}${pathname}`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
}

/** The hidden fields of the preview's confirm form, in order. */
function confirmFields(page: string): [string, string][] {
  const form = /<form[^>]*id="import-confirm"[\s\S]*?<\/form>/.exec(page)![0];
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    m[1]!,
    m[2]!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  ]);
}

describe('the dashboard page «Nhập danh sách HTX»', () => {
  it('uploads a register, previews the bad rows and the suggested units, then imports exactly that file', { timeout: 120_000 }, async () => {
    const officer = await signIn({ province: REGISTER_PROVINCE });
    expect(officer.page).toContain('<input type="file" id="import-file" name="file"');
    expect(officer.page).toContain('>Xem trước</button>');
    expect(officer.page).toContain('href="/dashboard/import"'); // in the navigation

    const preview = await post('/dashboard/import/preview', officer.cookie, [
      ['csrf', officer.csrf],
      ['file', { name: 'danh-sach.xlsx', bytes: xlsx }],
    ]);
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toMatch(/id="import-counts" data-rows="600" data-created="575" data-updated="0" data-unchanged="0" data-rejected="25"/);
    expect(
      [...page.matchAll(/<tr data-row="(\d+)"><td class="num">\d+<\/td><td>[^<]*<\/td><td>[^<]*(?:thiếu|không|trùng|đơn vị|lĩnh vực|loại hình|số điện)/g)]
        .length,
    ).toBeGreaterThanOrEqual(25);
    for (const to of register.suggested.values()) expect(page).toContain(`<td>${to}</td>`);
    expect(page).toContain('id="accept-suggestions"');
    expect(page).toContain('>Xác nhận nhập</button>');
    expect(await db().cooperative.count()).toBe(0);

    // A changed file (or a forged signature) is refused: the signature binds the previewed bytes.
    const fields = confirmFields(page);
    const tampered = fields.map(([k, v]): [string, string] => [k, k === 'upload' ? Buffer.from('Tên HTX\nHTX giả').toString('base64') : v]);
    const refused = await post('/dashboard/import/confirm', officer.cookie, tampered);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Bản xem trước đã hết hạn');

    const confirm = await post('/dashboard/import/confirm', officer.cookie, [...fields, ['accept_suggestions', '1']]);
    expect(confirm.status).toBe(303);
    const location = confirm.headers.get('location')!;
    expect(location).toBe('/dashboard/import?done=1&rows=600&created=579&updated=0&unchanged=0&rejected=21');
    expect(await db().cooperative.count({ where: { province: REGISTER_PROVINCE } })).toBe(579);
    expect(await db().auditLog.count({ where: { action: 'cooperative.created', actorId: officer.personId } })).toBe(579);
    // The old units were imported into the suggested new ones.
    const old = [...register.suggested.entries()].map(([i, to]) => ({ name: register.records[i]!.name, to }));
    for (const o of old) expect((await db().cooperative.findFirst({ where: { name: o.name } }))?.commune).toBe(o.to);
    const result = await (await fetch(`${server.url}${location}`, { headers: { cookie: officer.cookie } })).text();
    expect(result).toContain('Đã nhập: 579 HTX mới, 0 cập nhật, 0 không đổi, 21 dòng bị bỏ qua.');

    // The same register with English headers in another order now reads as unchanged.
    const again = await planCooperativeImport(db(), { file: english, province: 'dak lak', acceptSuggestions: true });
    expect(again.counts).toEqual({ rows: 600, created: 0, updated: 0, unchanged: 579, rejected: 21 });
  });

  it('refuses a form without the token before reading the file, and another province (403)', { timeout: 60_000 }, async () => {
    const officer = await signIn({ province: REGISTER_PROVINCE });
    const noToken = await post('/dashboard/import/preview', officer.cookie, [['file', { name: 'r.xlsx', bytes: xlsx }]]);
    expect(noToken.status).toBe(403);
    const fileFirst = await post('/dashboard/import/preview', officer.cookie, [
      ['file', { name: 'r.xlsx', bytes: xlsx }],
      ['csrf', officer.csrf],
    ]);
    expect(fileFirst.status).toBe(403);
    const other = await post('/dashboard/import/preview', officer.cookie, [
      ['csrf', officer.csrf],
      ['province', 'Thành phố Hà Nội'],
      ['file', { name: 'r.xlsx', bytes: xlsx }],
    ]);
    expect(other.status).toBe(403);
    // No file chosen: the form again, with the problem.
    const empty = await post('/dashboard/import/preview', officer.cookie, [
      ['csrf', officer.csrf],
      ['file', { name: '', bytes: Buffer.alloc(0) }],
    ]);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Chưa chọn tệp.');
    // Not a spreadsheet.
    const junk = await post('/dashboard/import/preview', officer.cookie, [
      ['csrf', officer.csrf],
      ['file', { name: 'x.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) }],
    ]);
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain('Hãy lưu bảng tính thành .xlsx hoặc .csv');
    // Not signed in: to the sign-in page, nothing read.
    const anonymous = await post('/dashboard/import/preview', 'htx_session=' + 'A'.repeat(43), [['csrf', officer.csrf]]);
    expect(anonymous.status).toBe(303);
  });

  it("lets a commune officer import only their commune's rows; a national officer chooses the province", { timeout: 60_000 }, async () => {
    const commune = (await db().cooperative.findFirstOrThrow({ where: { province: REGISTER_PROVINCE }, select: { commune: true } })).commune!;
    const inCommune = register.records.filter((r, i) => !register.bad.has(i) && (r.commune === commune || r.commune.toLowerCase() === commune.toLowerCase()));
    const officer = await signIn({ province: REGISTER_PROVINCE, commune });
    expect(officer.page).toContain('id="import-commune-only"');
    const preview = await (
      await post('/dashboard/import/preview', officer.cookie, [
        ['csrf', officer.csrf],
        ['file', { name: 'r.xlsx', bytes: xlsx }],
      ])
    ).text();
    const m = /data-rows="600" data-created="0" data-updated="0" data-unchanged="(\d+)" data-rejected="(\d+)"/.exec(preview)!;
    expect(Number(m[1])).toBeGreaterThanOrEqual(inCommune.length);
    expect(Number(m[1]) + Number(m[2])).toBe(600);
    expect(preview).toContain('nằm ngoài địa bàn của anh/chị');

    const national = await signIn({});
    expect(national.page).toContain('<select id="import-province" name="province" required>');
    const noProvince = await post('/dashboard/import/preview', national.cookie, [
      ['csrf', national.csrf],
      ['province', ''],
      ['file', { name: 'r.xlsx', bytes: xlsx }],
    ]);
    expect(noProvince.status).toBe(400);
    expect(await noProvince.text()).toContain('Mời anh/chị chọn tỉnh, thành phố.');
  });

  it('offers the template: the Vietnamese headers and one example row', async () => {
    const officer = await signIn({ province: REGISTER_PROVINCE });
    const res = await fetch(`${server.url}/dashboard/import/mau-danh-sach-htx.xlsx`, { headers: { cookie: officer.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('mau-danh-sach-htx.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Tên HTX',
      'Mã số HTX',
      'Xã/Phường',
      'Lĩnh vực',
      'Loại hình',
      'Giám đốc',
      'Điện thoại',
      'Huyện',
      'Tỉnh',
    ]);
    expect(ws.rowCount).toBe(2);
  });
});
