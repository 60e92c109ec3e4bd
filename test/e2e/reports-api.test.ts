import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { ANNUAL_ANSWERS } from '../support/annual-report-fixture.js';
import { createCooperative, createPerson } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TB = 'Thái Bình';
const HN = 'Hà Nam';
const AN_BINH = 'Xã An Bình';
const BINH_MINH = 'Xã Bình Minh';
/** The annual period open today: the API's default. */
const YEAR = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);

let app: TestApp;
let channels: Channels;
const db = () => app.db.prisma;
const people: Record<string, number> = {};
const tokens: Record<string, string> = {};
const coops: Record<string, number> = {};
const reports: Record<string, number> = {};

async function get(pathAndQuery: string, token?: string) {
  const res = await fetch(`${channels.http.url}${pathAndQuery}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    body,
    json: type.startsWith('application/json') ? (JSON.parse(body.toString('utf8')) as Record<string, any>) : undefined,
  };
}

/** The first audit line of a call that was answered (200) for this officer. */
const firstAnswered = (action: string, actorId: number | undefined) =>
  db().auditLog.findFirstOrThrow({ where: { action, actorId, details: { path: ['status'], equals: 200 } }, orderBy: { id: 'asc' } });

const apiTempDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('htx-api-export-'));

beforeAll(async () => {
  app = await createTestApp({
    planTargets: {
      sets: [
        { id: 'tb-2030', name: 'Kế hoạch Thái Bình 2030', province: TB, year: 2030, targets: { good_fair_share: 60, cooperatives_count: 10 } },
        { id: 'tb-2025', name: 'Kế hoạch Thái Bình 2025', province: TB, year: 2025, targets: { good_fair_share: 50 } },
      ],
    },
  });
  channels = await startChannels(app, { http: { host: '127.0.0.1', port: 0 } });
  const coop = async (key: string, name: string, province: string, commune: string, sector = 'agriculture') => {
    coops[key] = (await createCooperative(db(), { name, province, commune, sector })).id;
  };
  await coop('a1', 'HTX Nông nghiệp An Bình', TB, AN_BINH);
  await coop('a2', 'HTX Mây tre An Bình', TB, AN_BINH, 'handicraft');
  await coop('b1', 'HTX Bình Minh', TB, BINH_MINH);
  await coop('b2', 'HTX Dịch vụ Bình Minh', TB, BINH_MINH);
  await coop('h1', 'HTX Kim Bảng', HN, 'Xã Kim Bảng');
  const report = async (key: string, status: 'submitted' | 'accepted' | 'returned' | 'draft', answers: Prisma.InputJsonObject = ANNUAL_ANSWERS) => {
    const submitted = status !== 'draft';
    reports[key] = (
      await db().report.create({
        data: {
          cooperativeId: coops[key]!,
          form: 'annual',
          period: YEAR,
          status,
          revision: submitted ? 1 : 0,
          formVersion: submitted ? annualForm.version : null,
          submittedAt: submitted ? new Date() : null,
          ...(submitted ? { answers } : { draft: answers, draftVersion: 1 }),
        },
      })
    ).id;
  };
  await report('a1', 'submitted');
  await report('a2', 'accepted', { ...ANNUAL_ANSWERS, members: 12, rating: 'weak' });
  await report('b1', 'returned', { ...ANNUAL_ANSWERS, members: 30 });
  await report('b2', 'draft');
  await report('h1', 'submitted');
  const person = async (key: string, role: 'officer' | 'director', province?: string, commune?: string) => {
    people[key] = await createPerson(db(), { role, name: key, province, commune, cooperativeId: role === 'director' ? coops.a1 : undefined });
  };
  await person('officer-tb', 'officer', TB);
  await person('officer-bm', 'officer', TB, BINH_MINH);
  await person('officer-hn', 'officer', HN);
  await person('officer-all', 'officer');
  for (const key of ['officer-tb', 'officer-bm', 'officer-hn', 'officer-all'])
    tokens[key] = (await createApiToken(db(), { personId: people[key]!, name: `Hệ thống ${key}` })).token;
});
afterAll(async () => {
  await channels?.close();
  await app?.close();
});

describe('the reports API', () => {
  it('refuses every call without a valid officer token (401), but serves the OpenAPI description to anyone', async () => {
    for (const path of ['/api/v1/reports', '/api/v1/reports.csv', '/api/v1/reports.xlsx', '/api/v1/summary']) {
      for (const token of [undefined, 'htx_wrong', `htx_${'x'.repeat(43)}`]) {
        const r = await get(path, token);
        expect(r.status, `${path} ${token}`).toBe(401);
        expect(r.json).toMatchObject({ error: 'unauthorized' });
        expect(r.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect((await get('/api/v1/openapi.json')).status).toBe(200);
    expect(await db().auditLog.count({ where: { action: { startsWith: 'api.reports' } } })).toBe(0);
  });

  it('refuses to cross the jurisdiction (403) for every format', async () => {
    const crossings: [string, string][] = [
      ['officer-bm', `commune=${encodeURIComponent(AN_BINH)}`],
      ['officer-bm', `province=${encodeURIComponent(HN)}`],
      ['officer-tb', `province=${encodeURIComponent(HN)}`],
      ['officer-tb', `province=${encodeURIComponent(HN)}&commune=${encodeURIComponent('Xã Kim Bảng')}`],
      ['officer-hn', `province=${encodeURIComponent(TB)}`],
    ];
    for (const [who, query] of crossings) {
      for (const path of ['/api/v1/reports', '/api/v1/reports.csv', '/api/v1/reports.xlsx', '/api/v1/summary']) {
        const r = await get(`${path}?${query}`, tokens[who]);
        expect(r.status, `${who} ${path}?${query}`).toBe(403);
        expect(r.json).toMatchObject({ error: 'outside_jurisdiction' });
        expect(r.json!.message).toEqual(expect.any(String));
      }
    }
    const refused = await db().auditLog.findMany({ where: { actorId: people['officer-bm'], details: { path: ['error'], equals: 'outside_jurisdiction' } } });
    expect(refused).toHaveLength(8);
    expect(refused[0]!.details).toMatchObject({ status: 403, tokenId: expect.any(Number) });
    // Their own area, named, is fine.
    expect((await get(`/api/v1/reports?province=${encodeURIComponent(TB)}&commune=${encodeURIComponent(BINH_MINH)}`, tokens['officer-bm'])).status).toBe(200);
  });

  it('answers 400 naming each bad parameter', async () => {
    const token = tokens['officer-tb'];
    const issues = async (query: string) => {
      const r = await get(`/api/v1/reports?${query}`, token);
      expect(r.status, query).toBe(400);
      expect(r.json!.error).toBe('invalid_query');
      return Object.fromEntries((r.json!.issues as { at: string; message: string }[]).map((i) => [i.at, i.message]));
    };
    expect(await issues('form=monthly')).toMatchObject({ form: 'must be one of annual, quarterly' });
    expect(await issues('period=2026-Q1')).toMatchObject({ period: 'for the annual form must be a year, e.g. 2026' });
    expect(await issues('form=quarterly&period=2026')).toMatchObject({ period: expect.stringContaining('2026-Q3') });
    expect(await issues('status=draft,submitted&limit=0&after=x')).toMatchObject({
      status: expect.stringContaining('submitted, accepted, returned'),
      limit: expect.any(String),
      after: expect.any(String),
    });
    expect(await issues('provnce=H%C3%A0%20Nam')).toMatchObject({ provnce: expect.stringContaining('is not a parameter') });
    expect(await issues('limit=5&limit=6')).toMatchObject({ limit: 'is given more than once' });
    const national = await get(`/api/v1/reports?commune=${encodeURIComponent(AN_BINH)}`, tokens['officer-all']);
    expect(national.status).toBe(400);
    expect(national.json!.issues).toEqual([{ at: 'commune', message: 'needs province' }]);
  });

  it('pages the submitted reports of the area as JSON, with the cooperative and raw answers', async () => {
    const first = await get('/api/v1/reports?limit=2', tokens['officer-tb']);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ form: 'annual', formVersion: annualForm.version, period: YEAR, scope: { province: TB, commune: null }, total: 3 });
    expect(first.json!.rows.map((r: any) => r.reportId)).toEqual([reports.a1, reports.a2]);
    expect(first.json!.next).toBe(reports.a2);
    const row = first.json!.rows[0];
    expect(row).toMatchObject({
      reportId: reports.a1,
      cooperative: {
        id: coops.a1,
        name: 'HTX Nông nghiệp An Bình',
        registrationCode: null,
        province: TB,
        commune: AN_BINH,
        sector: 'agriculture',
        kind: 'cooperative',
      },
      status: 'submitted',
      revision: 1,
      formVersion: annualForm.version,
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(row.answers).toEqual(ANNUAL_ANSWERS);
    // Raw values, in the form's field order.
    expect(Object.keys(row.answers)).toEqual(annualForm.fields.map((f) => f.key).filter((k) => k in ANNUAL_ANSWERS));

    const second = await get(`/api/v1/reports?limit=2&after=${first.json!.next}`, tokens['officer-tb']);
    expect(second.json!.rows.map((r: any) => [r.reportId, r.status, r.answers.members])).toEqual([[reports.b1, 'returned', 30]]);
    expect(second.json!.next).toBeNull();

    const commune = await get('/api/v1/reports', tokens['officer-bm']);
    expect(commune.json).toMatchObject({ scope: { province: TB, commune: BINH_MINH }, total: 1, next: null });
    expect(commune.json!.rows.map((r: any) => r.reportId)).toEqual([reports.b1]);

    const narrowed = async (query: string) => (await get(`/api/v1/reports?${query}`, tokens['officer-tb'])).json!.rows.map((r: any) => r.reportId);
    expect(await narrowed(`commune=${encodeURIComponent(BINH_MINH)}`)).toEqual([reports.b1]);
    expect(await narrowed('sector=handicraft')).toEqual([reports.a2]);
    expect(await narrowed('status=accepted,returned')).toEqual([reports.a2, reports.b1]);
    expect(await narrowed('period=2020')).toEqual([]);
    expect((await get('/api/v1/reports', tokens['officer-all'])).json!.total).toBe(4);

    const audit = await firstAnswered('api.reports.read', people['officer-tb']);
    expect(audit.subject).toBe(`reports:annual:${YEAR}`);
    expect(audit.details).toMatchObject({
      status: 200,
      format: 'json',
      rows: 2,
      limit: 2,
      after: 0,
      scope: { province: TB, commune: null },
      tokenId: expect.any(Number),
    });
  });

  it('sends CSV with a byte order mark as a download, and removes its temporary file', async () => {
    const before = apiTempDirs();
    const r = await get('/api/v1/reports.csv', tokens['officer-tb']);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bao-cao-annual-${YEAR}-thai-binh.csv"`);
    expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The default is the CSV for Excel in Vietnamese: semicolons, labels, Việt Nam time.
    const lines = r.body.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(['HTX Mây tre An Bình', 'HTX Nông nghiệp An Bình', 'HTX Bình Minh']);
    expect(lines[0]!.split(';').slice(5, 8)).toEqual(['Lĩnh vực', 'Loại hình', 'Quy mô']);
    expect(lines[1]!.split(';')[10]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(r.headers.get('x-report-rows')).toBe('3');
    expect(r.headers.get('x-not-submitted')).toBe('1');
    // `csv_locale=raw`: the machine format for scripts (commas, codes, ISO times).
    const raw = await get('/api/v1/reports.csv?csv_locale=raw', tokens['officer-tb']);
    const rawLines = raw.body.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(rawLines.slice(1).map((l) => l.split(',')[1])).toEqual(['HTX Mây tre An Bình', 'HTX Nông nghiệp An Bình', 'HTX Bình Minh']);
    expect(rawLines[1]!.split(',')[8]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const bad = await get('/api/v1/reports.csv?csv_locale=en', tokens['officer-tb']);
    expect(bad.status).toBe(400);
    expect(bad.json!.issues).toEqual([{ at: 'csv_locale', message: 'must be one of vi, raw' }]);

    const en = await get(`/api/v1/reports.csv?lang=en&commune=${encodeURIComponent(AN_BINH)}&sector=handicraft`, tokens['officer-tb']);
    expect(en.headers.get('content-disposition')).toContain(`bao-cao-annual-${YEAR}-xa-an-binh-handicraft.csv`);
    expect(en.body.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(apiTempDirs()).toEqual(before);

    const audit = await firstAnswered('api.reports.export', people['officer-tb']);
    expect(audit.details).toMatchObject({ status: 200, format: 'csv', csvLocale: 'vi', rows: 3, notSubmitted: 1, scope: { province: TB, commune: null } });
  });

  it('sends an XLSX workbook that opens with the reports, the summary and those not submitted', async () => {
    const before = apiTempDirs();
    const r = await get('/api/v1/reports.xlsx', tokens['officer-bm']);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="bao-cao-annual-${YEAR}-xa-binh-minh.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Tổng hợp', 'Chưa nộp', 'Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
    const sheet = wb.getWorksheet('Báo cáo')!;
    const names: string[] = [];
    sheet.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)));
    expect(names).toEqual(['HTX Bình Minh']);
    const missing: string[] = [];
    wb.getWorksheet('Chưa nộp')!.eachRow((row) => row.eachCell((c) => missing.push(String(c.value))));
    expect(missing).toContain('HTX Dịch vụ Bình Minh');
    expect(missing).not.toContain('HTX Nông nghiệp An Bình');
    expect(apiTempDirs()).toEqual(before);

    const audit = await firstAnswered('api.reports.export', people['officer-bm']);
    expect(audit.details).toMatchObject({
      status: 200,
      format: 'xlsx',
      rows: 1,
      notSubmitted: 1,
      scope: { province: TB, commune: BINH_MINH },
      targetSet: 'tb-2030',
    });
  });

  it('summarises the area against the plan targets as JSON', async () => {
    const r = await get('/api/v1/summary', tokens['officer-tb']);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      form: 'annual',
      period: YEAR,
      scope: { province: TB },
      cooperatives: { active: 4, submitted: 3, groups: 0, unions: 0 },
      targetSet: { id: Number(YEAR) <= 2025 ? 'tb-2025' : 'tb-2030' },
    });
    expect(r.json!.byCommune).toEqual([
      { commune: AN_BINH, active: 2, submitted: 2 },
      { commune: BINH_MINH, active: 2, submitted: 1 },
    ]);
    const goodFair = r.json!.indicators.find((i: any) => i.key === 'good_fair_share');
    expect(goodFair).toMatchObject({ unit: 'percent', numerator: 2, denominator: 3, actual: 66.67 });
    expect(r.json!.indicators).toHaveLength(8);

    const chosen = await get('/api/v1/summary?target=tb-2030', tokens['officer-tb']);
    expect(chosen.json!.targetSet.id).toBe('tb-2030');
    expect(chosen.json!.indicators.find((i: any) => i.key === 'good_fair_share')).toMatchObject({ target: 60, met: true });
    const unknown = await get('/api/v1/summary?target=hn-2030', tokens['officer-tb']);
    expect(unknown.status).toBe(400);
    expect(unknown.json!.issues[0]).toMatchObject({ at: 'target', message: expect.stringContaining('tb-2025, tb-2030') });
    expect((await get('/api/v1/summary?form=annual', tokens['officer-tb'])).status).toBe(400);

    const commune = await get('/api/v1/summary', tokens['officer-bm']);
    expect(commune.json).toMatchObject({ scope: { province: TB, commune: BINH_MINH }, cooperatives: { active: 2, submitted: 1 } });
    const hn = await get('/api/v1/summary', tokens['officer-hn']);
    expect(hn.json).toMatchObject({ scope: { province: HN }, cooperatives: { active: 1, submitted: 1 }, targetSet: null });

    const audit = await firstAnswered('api.reports.summary', people['officer-tb']);
    expect(audit).toMatchObject({
      subject: `reports:annual:${YEAR}`,
      details: { status: 200, format: 'summary', rows: 3, scope: { province: TB, commune: null } },
    });
  });
});

describe('the OpenAPI description', () => {
  it('is an OpenAPI 3.1 document with bearer security and responses for every operation', async () => {
    const r = await get('/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json!;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        expect(methods, `${method} ${path}`).toContain(method);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} has responses`).toBeGreaterThan(0);
        for (const [code, res] of Object.entries(op.responses as Record<string, any>)) {
          expect(code, `${method} ${path}`).toMatch(/^[1-5]\d\d$/);
          expect(res.description, `${method} ${path} ${code}`).toEqual(expect.any(String));
        }
        // Every path parameter is declared.
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(
            op.parameters?.some((p: any) => p.in === 'path' && `{${p.name}}` === name),
            `${method} ${path} declares ${name}`,
          ).toBe(true);
        }
      }
    }
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref
        .slice(8, -1)
        .split('/')
        .slice(1)
        .reduce<any>((o, k) => o?.[k], doc);
      expect(target, ref).toBeDefined();
    }
    // The announcement body is the validating schema's own shape.
    expect(doc.components.schemas.AnnouncementInput).toMatchObject({
      type: 'object',
      required: ['kind', 'title', 'body', 'audience'],
      additionalProperties: false,
    });
  });

  it('describes every route registered under /api/v1, and the server serves each described operation', async () => {
    const doc = (await get('/api/v1/openapi.json')).json!;
    const described = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const registered = channels.http.routes.filter((key) => key.split(' ')[1]!.startsWith('/api/v1/')).map((key) => key.replace(/:(\w+)/g, '{$1}'));
    expect(registered.length).toBeGreaterThanOrEqual(8);
    for (const key of registered) expect(described, key).toContain(key);
    expect([...described].sort()).toEqual([...registered].sort());
    // What is described is what the running server answers (401 without a token, not 404 or 405).
    for (const key of described) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await fetch(`${channels.http.url}${path.replace('{id}', '1')}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      await res.arrayBuffer();
      expect(res.status, key).toBe(path.endsWith('openapi.json') ? 200 : 401);
    }
  });
});
