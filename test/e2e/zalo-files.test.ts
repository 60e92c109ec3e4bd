import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pruneExpired } from '../../src/services/maintenance/prune-expired.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { PATHS, startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { annualReport } from '../support/annual-report-fixture.js';
import { freePort, zaloOaUser } from '../support/channel-drivers.js';
import { createCooperative, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Files on the Zalo channels: the OA carries PDF, DOC and DOCX up to 5 MB as file messages (its fake
 * refuses anything else, as the real one is reported to); anything else, and every file on the Zalo
 * Bot API, goes as a one-time download link served by the bot's own HTTP server.
 */
const BOT_TOKEN = '1234567890:zalo-files-secret-abcdef';
const TB = 'Thái Bình';
const YEAR = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
const LINK = /(https?:\/\/\S+\/d\/([A-Za-z0-9_-]{43}))/;

const exportsDir = mkdtempSync(path.join(tmpdir(), 'htx-zalo-files-'));
let oa: FakeZaloOaServer;
let zb: FakeZaloBotServer;
let app: TestApp;
let channels: Channels;
let publicUrl: string;
const db = () => app.db.prisma;

/** The link in a message's text, and its token. */
function linkIn(text: string | undefined): { url: string; token: string } {
  const m = LINK.exec(text ?? '');
  if (!m) throw new Error(`no download link in ${JSON.stringify(text)}`);
  return { url: m[1]!, token: m[2]! };
}

beforeAll(async () => {
  [oa, zb] = await Promise.all([startFakeZaloOa(), startFakeZaloBot({ token: BOT_TOKEN })]);
  app = await createTestApp({ exportsDir, secrets: [oa.appSecret, oa.oaSecretKey, BOT_TOKEN] });
  // PUBLIC_URL must be known before the server starts: the links point at it.
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  channels = await startChannels(app, {
    zaloOa: {
      appId: oa.appId,
      appSecret: oa.appSecret,
      oaSecretKey: oa.oaSecretKey,
      refreshToken: oa.currentRefreshToken(),
      apiRoot: oa.url,
      oauthRoot: oa.url,
    },
    zaloBot: { token: BOT_TOKEN, mode: 'polling', apiRoot: zb.apiRoot },
    http: { host: '127.0.0.1', port, publicUrl },
  });
  oa.setWebhook(`${channels.http.url}/zalo/oa/webhook`);
  const coop = await createCooperative(db(), { name: 'HTX Nông nghiệp An Bình', province: TB, commune: 'Xã An Bình' });
  await db().report.create({ data: annualReport(coop.id, { period: YEAR, submittedAt: new Date() }) });
});
afterAll(async () => {
  await channels?.close();
  await Promise.all([oa?.close(), zb?.close()]);
  await app?.close();
  rmSync(exportsDir, { recursive: true, force: true });
});

describe('files on the Zalo OA', () => {
  it("sends an officer's XLSX export as a one-time link that downloads the same workbook once, audited", async () => {
    const officerId = await createOfficer(db(), { name: 'Cán bộ Tỉnh', province: TB, accounts: { channel: 'zalo_oa', externalId: 'oa-officer' } });
    const user = zaloOaUser(oa, channels, 'oa-officer');
    const uploadsBefore = oa.callsOf(PATHS.uploadFile).length;
    await user.say('/xuatbaocao');
    await user.choose('Báo cáo năm');
    await user.choose(`🗓 Báo cáo năm ${YEAR} (kỳ hiện tại)`);
    await user.choose(`🗺 Toàn ${TB}`);
    const done = await user.choose('📗 Excel (.xlsx)');
    expect(done[0]!.text).toBe('1 báo cáo, 0 HTX chưa nộp');
    // No upload was tried: the OA would refuse an XLSX.
    expect(oa.callsOf(PATHS.uploadFile).length).toBe(uploadsBefore);
    const note = done[1]!.text;
    expect(note).toMatch(/^📎 Tệp «bao-cao-annual-.+\.xlsx» \(\d+(,\d)? kB\) không gửi thẳng được qua Zalo/);
    expect(note).toContain('dùng được một lần và hết hạn sau 15 phút (lúc ');
    const { url, token } = linkIn(note);
    expect(url.startsWith(`${publicUrl}/d/`)).toBe(true);

    // Bound to the account it was issued to; only the token's hash is stored.
    const row = await db().downloadLink.findFirstOrThrow({ where: { externalId: 'oa-officer' } });
    expect(row).toMatchObject({ personId: officerId, channel: 'zalo_oa', usedAt: null });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hash).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(15 * 60_000);

    // A chat app's link preview and a HEAD do not spend it.
    const preview = await fetch(url, { headers: { 'user-agent': 'TelegramBot (like TwitterBot)' } });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toContain('text/html');
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bao-cao-annual-.+\.xlsx"; filename\*=UTF-8''bao-cao-annual-.+\.xlsx$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.getWorksheet('Báo cáo')!.eachRow((r, n) => n > 1 && names.push(String(r.getCell(2).value)));
    expect(names).toEqual(['HTX Nông nghiệp An Bình']);

    // Once only: the second use is refused with a polite page, no details.
    const again = await fetch(url);
    expect(again.status).toBe(410);
    const page = await again.text();
    expect(page).toContain('Liên kết này đã được dùng để tải tệp');
    expect(page).not.toMatch(/error|stack|prisma/i);

    const audit = await db().auditLog.findMany({ where: { subject: `download_link:${row.id}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['download_link.issued', officerId],
      ['download_link.used', officerId],
      ['download_link.refused', officerId],
    ]);
    expect(audit[0]!.details).toMatchObject({ channel: 'zalo_oa', mimeType: res.headers.get('content-type'), size: row.size });
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(app.logs)).not.toContain(token);
  });

  it('refuses an expired link (410) and an unknown one (404) with a Vietnamese page', async () => {
    await channels.zaloOa!.send('oa-csv', {
      text: 'Danh sách đăng ký',
      document: { filename: 'Danh sách tham dự.csv', content: new TextEncoder().encode('Họ tên\nNguyễn Văn A\n'), mimeType: 'text/csv' },
    });
    const { url, token } = linkIn(oa.sentTo('oa-csv').at(-1)!.text);
    // No account: the link is still bound to the chat it went to.
    expect(await db().downloadLink.findFirstOrThrow({ where: { externalId: 'oa-csv' } })).toMatchObject({ personId: null, channel: 'zalo_oa' });
    await db().downloadLink.updateMany({ where: { externalId: 'oa-csv' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('cache-control')).toBe('no-store');
    expect(await expired.text()).toContain('Liên kết này đã hết hạn');

    const unknown = await fetch(`${publicUrl}/d/${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Không tìm thấy liên kết này');
    for (const bad of ['x', `${token}x`, '%00', '..%2F..%2Fetc']) expect((await fetch(`${publicUrl}/d/${bad}`)).status).toBe(404);
    // Fastify's own refusals (a malformed escape, a path parameter over 100 characters: 414), never a 5xx.
    for (const odd of ['%E0%A4%A', '%ZZ', `${token}/more`, 'a'.repeat(5000)]) expect((await fetch(`${publicUrl}/d/${odd}`)).status).toBeLessThan(500);
  });

  it('gives a link to one of two racing downloads, with the Vietnamese name in RFC 5987 form', async () => {
    await channels.zaloOa!.send('oa-race', { text: '', document: { filename: 'Báo cáo (quý 3).json', content: new TextEncoder().encode('{"a":1}') } });
    const { url } = linkIn(oa.sentTo('oa-race').at(-1)!.text);
    const [a, b] = await Promise.all([fetch(url), fetch(url)]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const ok = a.status === 200 ? a : b;
    expect(ok.headers.get('content-disposition')).toBe(
      `attachment; filename="Bao cao (quy 3).json"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%28qu%C3%BD%203%29.json`,
    );
    expect(await ok.text()).toBe('{"a":1}');
  });

  it('still uploads a PDF under 5 MB as a file; a larger one goes as a link', async () => {
    const small = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    await channels.zaloOa!.send('oa-pdf', { text: 'Hướng dẫn', document: { filename: 'huong-dan.pdf', content: small, mimeType: 'application/pdf' } });
    const sent = oa.sentTo('oa-pdf');
    expect(sent.map((m) => m.text ?? null)).toEqual(['Hướng dẫn', null]);
    expect(sent[1]!.file).toMatchObject({ filename: 'huong-dan.pdf', size: small.length });
    expect(sent[1]!.file!.content.equals(small)).toBe(true);

    const large = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5 * 1024 * 1024)]);
    await channels.zaloOa!.send('oa-pdf-big', { text: '', document: { filename: 'tai-lieu.pdf', content: large, mimeType: 'application/pdf' } });
    const note = oa.sentTo('oa-pdf-big').at(-1)!.text;
    expect(note).toContain('(5 MB)');
    const res = await fetch(linkIn(note).url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(large)).toBe(true);
  });

  it('the housekeeping deletes used and expired links (with their files) and keeps the audit', async () => {
    const send = (userId: string) =>
      channels.zaloOa!.send(userId, { text: '', document: { filename: `${userId}.csv`, content: new TextEncoder().encode('x\n') } });
    await Promise.all([send('oa-hk-used'), send('oa-hk-expired'), send('oa-hk-keep')]);
    expect((await fetch(linkIn(oa.sentTo('oa-hk-used').at(-1)!.text).url)).status).toBe(200);
    await db().downloadLink.updateMany({ where: { externalId: 'oa-hk-expired' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const auditBefore = await db().auditLog.count({ where: { action: { startsWith: 'download_link.' } } });
    const pruned = await pruneExpired(db(), new Date());
    expect(pruned.downloadLinks).toBeGreaterThanOrEqual(2);
    const left = (await db().downloadLink.findMany({ select: { externalId: true } })).map((l) => l.externalId);
    expect(left).toContain('oa-hk-keep');
    expect(left).not.toContain('oa-hk-used');
    expect(left).not.toContain('oa-hk-expired');
    expect(await db().auditLog.count({ where: { action: { startsWith: 'download_link.' } } })).toBe(auditBefore);
  });
});

describe('files on the Zalo Bot API', () => {
  it('sends a link instead of "use another app", in the reader\'s language', async () => {
    const personId = await createPerson(db(), { role: 'officer', locale: 'en', accounts: { channel: 'zalo_bot', externalId: 'zb-files' } });
    const csv = new TextEncoder().encode('\uFEFFHọ tên,Điện thoại\n');
    await channels.zaloBot!.send('zb-files', {
      text: 'Attendees of the training',
      document: { filename: 'nguoi-tham-du.csv', content: csv, mimeType: 'text/csv' },
      locale: 'en',
    });
    await vi.waitFor(() => expect(zb.sentTo('zb-files')).toHaveLength(2));
    const [text, note] = zb.sentTo('zb-files').map((m) => m.text ?? '');
    expect(text).toBe('Attendees of the training');
    expect(note).toMatch(/^📎 The file "nguoi-tham-du\.csv" \(\d+ B\) cannot be sent directly on Zalo/);
    expect(note).not.toContain('Telegram');
    expect(note).toContain('expires in 15 minutes');
    const { url } = linkIn(note);
    expect(await db().downloadLink.findFirstOrThrow({ where: { externalId: 'zb-files' } })).toMatchObject({ personId, channel: 'zalo_bot' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(csv))).toBe(true);
    expect((await fetch(url)).status).toBe(410);
  });
});

describe('without PUBLIC_URL', () => {
  let oa2: FakeZaloOaServer;
  let zb2: FakeZaloBotServer;
  let app2: TestApp;
  let channels2: Channels;
  beforeAll(async () => {
    [oa2, zb2] = await Promise.all([startFakeZaloOa(), startFakeZaloBot({ token: BOT_TOKEN })]);
    app2 = await createTestApp();
    channels2 = await startChannels(app2, {
      zaloOa: {
        appId: oa2.appId,
        appSecret: oa2.appSecret,
        oaSecretKey: oa2.oaSecretKey,
        refreshToken: oa2.currentRefreshToken(),
        apiRoot: oa2.url,
        oauthRoot: oa2.url,
      },
      zaloBot: { token: BOT_TOKEN, mode: 'polling', apiRoot: zb2.apiRoot },
      http: { host: '127.0.0.1', port: 0 },
    });
  });
  afterAll(async () => {
    await channels2?.close();
    await Promise.all([oa2?.close(), zb2?.close()]);
    await app2?.close();
  });

  it('says politely that the file cannot come this way, and stores nothing', async () => {
    const document = { filename: 'bao-cao.xlsx', content: new Uint8Array([0x50, 0x4b, 3, 4]) };
    await channels2.zaloOa!.send('oa-nolink', { text: 'Báo cáo', document });
    expect(oa2.sentTo('oa-nolink').map((m) => m.text)).toEqual([
      'Báo cáo',
      '📎 Tệp «bao-cao.xlsx» không gửi được qua Zalo OA: Zalo chỉ nhận tệp PDF, DOC, DOCX đến 5 MB. Anh/chị vui lòng mở Trợ lý HTX trên Telegram để nhận tệp.',
    ]);
    expect(oa2.callsOf(PATHS.uploadFile)).toHaveLength(0);
    await channels2.zaloBot!.send('zb-nolink', { text: 'Báo cáo', document });
    await vi.waitFor(() => expect(zb2.sentTo('zb-nolink')).toHaveLength(1));
    expect(zb2.sentTo('zb-nolink')[0]!.text).toContain('không gửi được qua kênh này');
    expect(await app2.db.prisma.downloadLink.count()).toBe(0);
  });
});
