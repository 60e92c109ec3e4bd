import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { renderPolicyNotice } from '../../src/handlers/eligibility-officer/policy-alert-text.js';
import type { InboundMessage } from '../../src/lib/messages.js';
import { CreateAnnouncementError } from '../../src/services/announcements/create-announcement.js';
import { AnnouncementInput } from '../../src/services/announcements/announcement-input.js';
import { gatherCooperativeFacts } from '../../src/services/eligibility/gather-cooperative-facts.js';
import { gatherAreaFacts } from '../../src/services/eligibility/gather-area-facts.js';
import { rulesDir } from '../../src/services/eligibility/load-rules.js';
import { confirmPolicyAlert, previewPolicyAlert } from '../../src/services/eligibility/policy-alert.js';
import { rulesInForce } from '../../src/services/eligibility/rules-in-force.js';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { createLoginLink } from '../../src/services/web-auth/create-login-link.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { redeemLoginLink } from '../../src/services/web-auth/redeem-login-link.js';
import { createCooperative, createDirector, createMember, createOfficer, createReport } from '../support/factories.js';
import { actions, createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

/**
 * Issue 19, parts 3 and 4: the supports over an officer's area (counts, those who qualify but have
 * not received it), as an XLSX file, a dashboard page and an announcement audience; and the
 * policy-change alerts (a rule's date changed: exactly the affected directors queued, once).
 */
let app: TestApp;
let channels: Channels;
const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const out = mkdtempSync(path.join(tmpdir(), 'htx-eligibility-'));

const P = 'Tỉnh Hỗ Trợ';
const DONG = 'Xã Đông';
const TAY = 'Xã Tây';
const TRAINING = 'training-support';

/** An annual report's answers: members, revenue, and the supports received that year. */
const annual = (members: number, received: string[]) => ({
  members,
  revenue: 1_500_000_000,
  revenue_members: 900_000_000,
  support_received: received,
});

const c: Record<string, { id: number; name: string }> = {};
const p: Record<string, number> = {};

beforeAll(async () => {
  app = await createTestApp();
  channels = await startChannels(app, { http: { host: '127.0.0.1', port: 0 } });
  // Training support needs the general criteria of Law 17/2023 Art. 18: not sanctioned, and members
  // growing (two annual reports) — or trained members.
  const seed = async (
    key: string,
    o: { commune: string; facts?: object; reports?: [number, number, string[]]; province?: string; kind?: 'cooperative' | 'group' },
  ) => {
    c[key] = await createCooperative(db(), { name: `HTX ${key}`, province: o.province ?? P, commune: o.commune, facts: o.facts ?? {}, kind: o.kind });
    if (o.reports) {
      const [before, now, received] = o.reports;
      await createReport(db(), { cooperativeId: c[key].id, form: 'annual', period: '2024', answers: annual(before, ['none']), status: 'accepted' });
      await createReport(db(), { cooperativeId: c[key].id, form: 'annual', period: '2025', answers: annual(now, received) });
    }
    p[key] = await createDirector(db(), { name: `Giám đốc ${key}`, cooperativeId: c[key].id, accounts: `dir-${key}` });
  };
  await seed('A', { commune: DONG, facts: { sanctioned: false }, reports: [10, 14, ['credit']] }); // qualifies, not received
  await seed('B', { commune: DONG, facts: { sanctioned: false }, reports: [10, 12, ['training', 'tax']] }); // qualifies, received
  await seed('C', { commune: TAY, reports: [10, 14, ['none']] }); // might: "sanctioned?" unknown
  await seed('D', { commune: TAY, facts: { sanctioned: true }, reports: [10, 14, ['none']] }); // does not
  await seed('E', { commune: TAY, facts: { sanctioned: false, trainedMembers: true } }); // qualifies, no report: receipt unknown
  await seed('F', { commune: DONG, facts: { sanctioned: false }, reports: [10, 14, ['none']], province: 'Tỉnh Khác' }); // another province
  await createCooperative(db(), { name: 'HTX giải thể', province: P, commune: DONG, status: 'dissolved', facts: { sanctioned: false } });
  p.member = await createMember(db(), { cooperativeId: c.A!.id, accounts: 'mem-A' });
  p.officer = await createOfficer(db(), { name: 'Cán bộ tỉnh', province: P, accounts: 'off-p' });
  p.communeOfficer = await createOfficer(db(), { name: 'Cán bộ xã Tây', province: P, commune: TAY, accounts: 'off-tay' });
}, 60_000);

afterAll(async () => {
  await channels?.close();
  await app?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the supports over an area', () => {
  it('reads every cooperative in a few queries, with the same facts as the one-cooperative reading', async () => {
    const queries: string[] = [];
    const area = await gatherAreaFacts(
      new Proxy(db(), {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (prop !== 'cooperative' && prop !== 'report') return v;
          return new Proxy(v as object, {
            get:
              (m, op) =>
              (...a: unknown[]) => (queries.push(`${String(prop)}.${String(op)}`), (Reflect.get(m, op) as (...x: unknown[]) => unknown).apply(m, a)),
          });
        },
      }),
      { status: 'active', province: P },
    );
    expect(queries).toEqual(['cooperative.findMany', 'report.findMany']);
    expect(area.map((e) => e.cooperative.name).sort()).toEqual(['HTX A', 'HTX B', 'HTX C', 'HTX D', 'HTX E']);
    for (const e of area) expect(e.facts).toEqual(await gatherCooperativeFacts(db(), e.cooperative.id));
  });

  it("counts per support who qualifies, might, does not; and lists who qualifies but has not received it (the province officer's area only)", async () => {
    const area = await app.services.evaluateArea({ scope: { province: P }, now: new Date() });
    expect(area.cooperatives).toBe(5);
    expect(area.withReport).toBe(4);
    const training = area.supports.find((s) => s.ruleId === TRAINING)!;
    expect(training).toMatchObject({ supportKind: 'training', applies: 3, maybe: 1, notApplicable: 1, unknown: 0, received: 1, receivedUnknown: 1 });
    expect(training.notReceived.map((x) => x.name)).toEqual(['HTX A']);
    expect(training.notReceived[0]!.report).toMatchObject({ period: '2025' });
    expect(training.qualifying.map((x) => x.name)).toEqual(['HTX A', 'HTX B', 'HTX E']);
    // A support the report form has no option for: nobody is listed as "not received".
    const criteria = area.supports.find((s) => s.ruleId === 'state-support-criteria')!;
    expect(criteria.supportKind).toBeNull();
    expect(criteria.notReceived).toEqual([]);
    expect(criteria.receivedUnknown).toBe(criteria.applies);
    // Only rules of kind "support".
    const { rules } = rulesInForce(new Date());
    expect(area.supports.map((s) => s.ruleId)).toEqual(rules.filter((r) => r.kind === 'support').map((r) => r.id));

    const tay = await app.services.evaluateArea({ scope: { province: P, commune: TAY }, now: new Date() });
    expect(tay.cooperatives).toBe(3);
    expect(tay.supports.find((s) => s.ruleId === TRAINING)).toMatchObject({ applies: 1, maybe: 1, notApplicable: 1, notReceived: [] });
  });

  it('writes the XLSX sheets "Hỗ trợ đủ điều kiện" and "Đủ ĐK, chưa nhận", and adds them to the annual report export', async () => {
    const vi = app.translator('vi');
    const file = path.join(out, 'eligibility.xlsx');
    const r = await app.services.writeEligibilityExport({ scope: { province: P }, now: new Date(), t: vi, locale: 'vi', file });
    expect(r).toMatchObject({ filename: 'ho-tro-du-dieu-kien-tinh-ho-tro.xlsx', cooperatives: 5 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
    // Every row (an empty one as []), each from its first column.
    const rows = (ws: ExcelJS.Worksheet) => Array.from(ws.getSheetValues().slice(1), (row) => (Array.isArray(row) ? row.slice(1) : []));
    const sheet = rows(wb.getWorksheet('Hỗ trợ đủ điều kiện')!);
    expect(sheet).toContainEqual(['Số HTX đang hoạt động đã tính', 5]);
    const header = sheet.findIndex((x) => x[0] === 'Hỗ trợ');
    expect(sheet[header]!.slice(0, 8)).toEqual([
      'Hỗ trợ',
      'Đủ điều kiện',
      'Có thể (thiếu thông tin)',
      'Không đủ điều kiện',
      'Chưa xác định',
      'Đủ ĐK, đã nhận',
      'Đủ ĐK, chưa nhận',
      'Đủ ĐK, chưa rõ đã nhận',
    ]);
    const trainingTitle = rulesInForce(new Date()).rules.find((x) => x.id === TRAINING)!.title.vi;
    const row = sheet.find((x) => x[0] === trainingTitle)!;
    expect(row.slice(1, 9)).toEqual([3, 1, 1, 0, 1, 1, 1, 'Đào tạo – tập huấn']);
    const criteria = sheet.find((x) => x[0] === rulesInForce(new Date()).rules.find((r) => r.id === 'state-support-criteria')!.title.vi)!;
    expect(criteria[8]).toBe('Mẫu báo cáo không có lựa chọn tương ứng: không biết HTX đã nhận hay chưa');
    const list = rows(wb.getWorksheet('Đủ ĐK, chưa nhận')!);
    expect(list[0]).toEqual(['Hỗ trợ', 'ID', 'Tên HTX', 'Mã số HTX', 'Xã/Phường', 'Lĩnh vực', 'Báo cáo năm']);
    expect(list.filter((x) => x[0] === trainingTitle)).toEqual([[trainingTitle, c.A!.id, 'HTX A', undefined, DONG, 'Nông nghiệp', '2025']]);
    expect(list.some((x) => x[2] === 'HTX F')).toBe(false);

    const { formById } = await import('../../src/services/reports/forms/forms.js');
    const report = await app.services.writeReportExport(
      { form: formById('annual'), period: '2025', scope: { province: P }, format: 'xlsx', locale: 'vi', t: vi },
      { file: path.join(out, 'annual.xlsx') },
    );
    const full = new ExcelJS.Workbook();
    await full.xlsx.readFile(report.file);
    expect(full.worksheets.map((w) => w.name).slice(-2)).toEqual(['Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
  });
});

describe('the dashboard page', () => {
  const signIn = async (personId: number) => {
    const { token } = await createLoginLink(db(), { personId });
    const r = await redeemLoginLink(db(), { token });
    if (!r.ok) throw new Error(r.reason);
    return `htx_session=${encodeURIComponent(r.sessionToken)}`;
  };
  const get = (url: string, cookie: string) => fetch(`${channels.http!.url}${url}`, { headers: { cookie }, redirect: 'manual' });

  it('shows a province officer the counts per support and who qualifies but has not received it, linked to the cooperative and its report', async () => {
    const cookie = await signIn(p.officer!);
    const res = await get('/dashboard/eligibility', cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Hỗ trợ HTX đủ điều kiện');
    expect(page).toContain('Tính cho 5 HTX đang hoạt động ở Tỉnh Hỗ Trợ (4 HTX có báo cáo năm đã nộp)');
    const row = new RegExp(`<tr data-support="${TRAINING}">.*?</tr>`, 's').exec(page)![0];
    expect([...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['3', '1', '1', '0', '1', '1', '1']);
    expect(page).toContain('HTX đủ điều kiện nhưng chưa nhận');
    const reportA = await db().report.findFirstOrThrow({ where: { cooperativeId: c.A!.id, period: '2025' } });
    expect(page).toContain(`<a href="/dashboard/cooperatives/${c.A!.id}">HTX A</a>`);
    expect(page).toContain(`<a href="/dashboard/reports/${reportA.id}">Báo cáo năm 2025</a>`);
    expect(page).not.toContain('HTX F');
    expect(page).toContain('data-unmapped');
    expect(page).toContain('href="/dashboard/eligibility"');

    const xlsx = await get('/dashboard/eligibility.xlsx', cookie);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('ho-tro-du-dieu-kien-tinh-ho-tro.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
    expect(await db().auditLog.count({ where: { action: 'web.eligibility.export', actorId: p.officer! } })).toBe(1);
  });

  it('refuses another area (403) and shows a commune officer their commune only', async () => {
    const province = await signIn(p.officer!);
    expect((await get(`/dashboard/eligibility?province=${encodeURIComponent('Tỉnh Khác')}`, province)).status).toBe(403);
    expect((await get(`/dashboard/eligibility.xlsx?province=${encodeURIComponent('Tỉnh Khác')}`, province)).status).toBe(403);
    const commune = await signIn(p.communeOfficer!);
    expect((await get(`/dashboard/eligibility?province=${encodeURIComponent(P)}&commune=${encodeURIComponent(DONG)}`, commune)).status).toBe(403);
    const own = await (await get('/dashboard/eligibility', commune)).text();
    expect(own).toContain('Tính cho 3 HTX');
    expect(own).not.toContain('HTX A</a>');
    expect((await get('/dashboard/eligibility', '')).status).toBe(303);
  });
});

describe('the audience "the cooperatives that qualify for a support"', () => {
  const officer = () => ({ personId: p.officer!, role: 'officer' as const, province: P, commune: null });
  const input = (extra: object) =>
    AnnouncementInput.parse({
      kind: 'other',
      title: 'Mở lớp tập huấn',
      body: 'Lớp tập huấn cho HTX đủ điều kiện hỗ trợ đào tạo.',
      audience: 'directors',
      ...extra,
    });

  it('goes through the API input to the directors of the qualifying cooperatives only', async () => {
    const { announcement, reach } = await app.services.createAnnouncement({ input: input({ eligibleFor: TRAINING }), officer: officer(), now: new Date() });
    expect([...announcement.cooperativeIds].sort()).toEqual([c.A!.id, c.B!.id, c.E!.id].sort());
    expect(reach.total).toBe(3);
    await app.services.queueAnnouncement({ announcementId: announcement.id, render: renderAnnouncement(app.translator), now: new Date() });
    const to = await db().outboxMessage.findMany({ where: { announcementId: announcement.id }, select: { personId: true } });
    expect(to.map((x) => x.personId).sort()).toEqual([p.A!, p.B!, p.E!].sort());
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'announcements.create', subject: `announcement:${announcement.id}` } });
    expect(audit.details).toMatchObject({ eligibleFor: TRAINING });

    await expect(
      app.services.createAnnouncement({ input: input({ eligibleFor: 'no-such-support' }), officer: officer(), now: new Date() }),
    ).rejects.toMatchObject({ code: 'invalid' });
    await expect(
      app.services.createAnnouncement({ input: input({ eligibleFor: TRAINING, communes: [TAY], sectors: ['fishery'] }), officer: officer(), now: new Date() }),
    ).rejects.toBeInstanceOf(CreateAnnouncementError);
    expect(
      AnnouncementInput.safeParse({
        kind: 'other',
        title: 'Mở lớp tập huấn',
        body: 'Lớp tập huấn cho HTX.',
        audience: 'directors',
        eligibleFor: TRAINING,
        cooperativeIds: [1],
      }).success,
    ).toBe(false);
  });

  it('is taken by POST /api/v1/announcements as `eligibleFor`', async () => {
    const { token } = await createApiToken(db(), { personId: p.officer!, name: 'test' });
    const post = (body: object) =>
      fetch(`${channels.http!.url}/api/v1/announcements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'other', title: 'Hỗ trợ xúc tiến', body: 'Thông báo cho các HTX đủ điều kiện.', audience: 'directors', ...body }),
      });
    const created = await post({ eligibleFor: TRAINING, communes: [DONG] });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const a = await db().announcement.findUniqueOrThrow({ where: { id } });
    expect([...a.cooperativeIds].sort()).toEqual([c.A!.id, c.B!.id].sort());
    const unknown = await post({ eligibleFor: 'no-such-support' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain(TRAINING);
  });

  it('is offered by the chat composer, answered with typed numbers', async () => {
    await con('off-p', '/thongbao');
    await con('off-p', '3'); // other notice
    await con('off-p', 'Thông báo hỗ trợ đào tạo');
    await con('off-p', 'Mời các HTX đủ điều kiện đăng ký lớp đào tạo.');
    await con('off-p', '1'); // directors
    await con('off-p', '1'); // the whole province
    const filter = await con('off-p', '4');
    expect(texts(filter)).toContain('Gửi cho các HTX đủ điều kiện hưởng hỗ trợ nào?');
    const supports = rulesInForce(new Date()).rules.filter((r) => r.kind === 'support');
    const n = supports.findIndex((r) => r.id === TRAINING) + 1;
    expect(filter.flatMap((m) => m.buttons?.flat() ?? []).map((b) => b.label)).toContain(supports[n - 1]!.title.vi);
    await con('off-p', String(n));
    const preview = await con('off-p', '1'); // send now
    expect(texts(preview)).toContain(`🏷 HTX: 3 HTX đủ điều kiện hưởng «${supports[n - 1]!.title.vi}»`);
    expect(texts(preview)).toContain('Sẽ gửi đến 3 người');
    expect(actions(preview)).toContain('ann:preview:send');
    const sent = await con('off-p', { action: 'ann:preview:send' });
    expect(texts(sent)).toContain('3');
    const a = await db().announcement.findFirstOrThrow({ where: { title: 'Thông báo hỗ trợ đào tạo' } });
    expect([...a.cooperativeIds].sort()).toEqual([c.A!.id, c.B!.id, c.E!.id].sort());
    const to = await db().outboxMessage.findMany({ where: { announcementId: a.id }, select: { personId: true } });
    expect(to.map((x) => x.personId).sort()).toEqual([p.A!, p.B!, p.E!].sort());
  });

  it('takes the same typed numbers on Zalo', async () => {
    await createOfficer(db(), { province: P, commune: DONG, accounts: { channel: 'zalo_bot', externalId: 'zb-off', lastInboundAt: new Date() } });
    const zalo = (text: string) => sayOn(app, 'zalo_bot', 'zb-off', text);
    for (const answer of ['/thongbao', '3', 'Thông báo qua Zalo', 'Mời các HTX đủ điều kiện đăng ký.', '1']) await zalo(answer);
    const supports = rulesInForce(new Date()).rules.filter((r) => r.kind === 'support');
    const n = supports.findIndex((r) => r.id === TRAINING) + 1;
    expect(texts(await zalo('4'))).toContain('Gửi cho các HTX đủ điều kiện hưởng hỗ trợ nào?');
    await zalo(String(n));
    const preview = texts(await zalo('1'));
    // A commune officer: their commune only (A and B qualify there).
    expect(preview).toContain(`🏷 HTX: 2 HTX đủ điều kiện hưởng «${supports[n - 1]!.title.vi}»`);
  });
});

describe('policy-change alerts', () => {
  const Q = 'Tỉnh Cảnh Báo';
  const q: Record<string, number> = {};
  let dir: string;

  beforeAll(async () => {
    // Land-rent exemption for facilities: applies (facility land), might (not known), does not (none; a group).
    const coop = async (key: string, o: { facts?: object; kind?: 'group'; province?: string }) => {
      q[key] = (await createCooperative(db(), { name: `HTX ${key}`, province: o.province ?? Q, commune: 'Xã Một', facts: o.facts ?? {}, kind: o.kind })).id;
    };
    await coop('land', { facts: { facilityLand: true } });
    await coop('noland', { facts: { facilityLand: false } });
    await coop('group', { kind: 'group' });
    await coop('unknown', {});
    await coop('elsewhere', { facts: { facilityLand: true }, province: 'Tỉnh Xa' });
    for (const key of Object.keys(q)) q[`dir-${key}`] = await createDirector(db(), { cooperativeId: q[key]!, accounts: `pd-${key}` });
    q['dir2-land'] = await createDirector(db(), { cooperativeId: q.land!, accounts: 'pd2-land' });
    q['mem-land'] = await createMember(db(), { cooperativeId: q.land!, accounts: 'pm-land' });
    // The rules as they would be after a change: the land-rent exemption takes effect only in 2099.
    dir = mkdtempSync(path.join(tmpdir(), 'htx-rules-'));
    cpSync(rulesDir, dir, { recursive: true });
    const file = path.join(dir, 'land-rent-facilities.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^effective_from: .+$/m);
    writeFileSync(file, text.replace(/^effective_from: .+$/m, 'effective_from: "2099-01-01"'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const jurisdiction = { province: Q, commune: null };
  const render = renderPolicyNotice((l) => app.translator(l));

  it('stores the first evaluation without alerting, then queues exactly the affected directors once a rule changes, and nothing more when confirmed twice', async () => {
    const now = new Date();
    const first = await previewPolicyAlert(db(), { jurisdiction, now });
    expect(first).toMatchObject({ evaluated: 4, baselined: 4, changed: [], directors: 0 });
    expect(await db().eligibilitySnapshot.count({ where: { cooperativeId: { in: [q.land!, q.noland!, q.group!, q.unknown!] } } })).toBe(4);
    expect(await previewPolicyAlert(db(), { jurisdiction, now })).toMatchObject({ baselined: 0, changed: [] });

    const changed = rulesInForce(now, { dir }).rules;
    expect(changed.some((r) => r.id === 'land-rent-facilities')).toBe(false);
    const preview = await previewPolicyAlert(db(), { jurisdiction, now, rules: changed });
    expect(preview.changed.map((x) => x.cooperative.id).sort()).toEqual([q.land!, q.unknown!].sort());
    expect(preview.directors).toBe(3);
    expect(preview.changed.find((x) => x.cooperative.id === q.land)!.changes).toEqual([
      expect.objectContaining({ ruleId: 'land-rent-facilities', before: 'applies', after: null }),
    ]);
    // Nothing is queued by a preview.
    expect(await db().outboxMessage.count({ where: { topic: { startsWith: 'policy:' } } })).toBe(0);

    const done = await confirmPolicyAlert(db(), { officer: { personId: null, ...jurisdiction }, now, rules: changed, render, via: 'cli' });
    expect(done).toMatchObject({ ok: true, cooperatives: 2, directors: 3, queued: 3 });
    const rows = await db().outboxMessage.findMany({ where: { topic: { startsWith: 'policy:' } }, orderBy: { personId: 'asc' } });
    expect(rows.map((r) => r.personId).sort()).toEqual([q['dir-land']!, q['dir2-land']!, q['dir-unknown']!].sort());
    const msg = rows[0]!.message as { text: string; buttons: { action: string }[][] };
    expect(msg.text).toContain('🔔 Chính sách thay đổi');
    expect(msg.text).toContain('Miễn tiền thuê đất');
    expect(msg.buttons[0]![0]!.action).toBe('hotro');

    const again = await confirmPolicyAlert(db(), { officer: { personId: null, ...jurisdiction }, now, rules: changed, render, via: 'cli' });
    expect(again).toMatchObject({ ok: true, cooperatives: 0, queued: 0 });
    expect(await db().outboxMessage.count({ where: { topic: { startsWith: 'policy:' } } })).toBe(3);
    expect(await db().auditLog.count({ where: { action: 'eligibility.policy_alert' } })).toBe(2);
    // Back to today's rules: the exemption applies again, so those two are told again (once).
    expect((await previewPolicyAlert(db(), { jurisdiction, now })).changed.map((x) => x.cooperative.id).sort()).toEqual([q.land!, q.unknown!].sort());
  });

  it('works from the chat: /canhbaochinhsach previews, a typed "1" sends, pressing again sends nothing', async () => {
    const R = 'Tỉnh Chat';
    const coop = await createCooperative(db(), { name: 'HTX Chat', province: R, commune: 'Xã Hai', facts: { facilityLand: true } });
    const director = await createDirector(db(), { cooperativeId: coop.id, accounts: 'pd-chat' });
    await createOfficer(db(), { province: R, accounts: 'off-chat' });
    const first = texts(await con('off-chat', '/canhbaochinhsach'));
    expect(first).toContain('1 HTX được tính lần đầu');
    expect(first).toContain('Không có HTX nào có kết quả khác');
    // The director says the cooperative has no such land after all.
    await db().cooperative.update({ where: { id: coop.id }, data: { facts: { facilityLand: false } } });
    const preview = await con('off-chat', '/canhbaochinhsach');
    expect(texts(preview)).toContain('1 HTX có kết quả khác với lần đã báo cho giám đốc');
    expect(texts(preview)).toContain('HTX Chat (Xã Hai): Miễn tiền thuê đất');
    expect(texts(preview)).toContain('Xem trước tin nhắn gửi giám đốc HTX Chat');
    expect(actions(preview)[0]).toMatch(/^pca:send:/);
    const sent = texts(await con('off-chat', '1'));
    expect(sent).toContain('Đã xếp hàng 1 tin cho giám đốc của 1 HTX');
    expect(await db().outboxMessage.count({ where: { personId: director, topic: { startsWith: `policy:${coop.id}:` } } })).toBe(1);
    expect(texts(await con('off-chat', { action: actions(preview)[0]! }))).toContain('Không còn gì để gửi');
    expect(await db().outboxMessage.count({ where: { personId: director } })).toBe(1);
    // Not for directors.
    expect(texts(await con('pd-chat', '/canhbaochinhsach'))).toContain('dành cho cán bộ');
  });

  it('works from the dashboard: the preview page, a form that needs the anti-forgery token, sent once', async () => {
    const W = 'Tỉnh Web';
    const coop = await createCooperative(db(), { name: 'HTX Web', province: W, commune: 'Xã Ba', facts: { facilityLand: true } });
    const director = await createDirector(db(), { cooperativeId: coop.id, accounts: 'pd-web' });
    const officer = await createOfficer(db(), { province: W });
    const { token } = await createLoginLink(db(), { personId: officer });
    const session = await redeemLoginLink(db(), { token });
    if (!session.ok) throw new Error(session.reason);
    const cookie = `htx_session=${encodeURIComponent(session.sessionToken)}`;
    const url = `${channels.http!.url}/dashboard/eligibility/alerts`;
    const page = async () => (await fetch(url, { headers: { cookie } })).text();
    const post = (form: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
    expect(await page()).toContain('Không có HTX nào có kết quả khác');
    await db().cooperative.update({ where: { id: coop.id }, data: { facts: { facilityLand: false } } });
    const preview = await page();
    expect(preview).toContain('1 HTX có kết quả khác');
    expect(preview).toContain('id="alert-sample"');
    const key = /name="key" value="([^"]+)"/.exec(preview)![1]!;
    expect((await post({ key })).status).toBe(403);
    const csrf = /name="csrf" value="([^"]+)"/.exec(preview)![1]!;
    const sent = await post({ key, csrf });
    expect(sent.status).toBe(303);
    expect(await (await fetch(`${channels.http!.url}${sent.headers.get('location')}`, { headers: { cookie } })).text()).toContain('Đã xếp hàng 1 tin');
    expect(await db().outboxMessage.count({ where: { personId: director, topic: { startsWith: 'policy:' } } })).toBe(1);
    await post({ key, csrf });
    expect(await db().outboxMessage.count({ where: { personId: director } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: 'eligibility.policy_alert', actorId: officer } })).toBe(2);
  });
});
