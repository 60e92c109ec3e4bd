import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE, previousPeriod } from '../../src/services/reports/report-schedule.js';
import { annualReport } from '../support/annual-report-fixture.js';
import { consoleSession, type JsonlLine } from '../support/console-driver.js';
import { createCooperative, createPerson, type PersonSeed } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TB = 'Thái Bình';
const HN = 'Hà Nam';
const AN_BINH = 'Xã An Bình';
const BINH_MINH = 'Xã Bình Minh';
const YEAR = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
const exportsDir = mkdtempSync(path.join(tmpdir(), 'htx-chat-exports-'));
let app: TestApp;
const db = () => app.db.prisma;
const people: Record<string, number> = {};
let chat: ReturnType<typeof consoleSession>;

const as = (user: string) => (text: string) => chat.send({ user, text });
const press = (user: string, action: string) => chat.send({ user, action });
const shown = (line: JsonlLine) => line.replies.map((r) => r.text).join('\n---\n');
const buttons = (line: JsonlLine) => line.replies.flatMap((r) => r.buttons?.flat() ?? []);
const flowOf = async (user: string) =>
  (await db().conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: user } } }))?.flow ?? null;

/** The names in column B of the "Báo cáo" sheet (one row per cooperative, after the header). */
async function reportNames(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const names: string[] = [];
  wb.getWorksheet('Báo cáo')!.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)));
  return names;
}

beforeAll(async () => {
  app = await createTestApp({ exportsDir });
  chat = consoleSession(app.router, exportsDir);
  const coops: Record<string, number> = {};
  const coop = async (key: string, name: string, province: string, commune: string) => {
    coops[key] = (await createCooperative(db(), { name, province, commune })).id;
  };
  await coop('a1', 'HTX Nông nghiệp An Bình', TB, AN_BINH);
  await coop('a2', 'HTX Mây tre An Bình', TB, AN_BINH);
  await coop('b1', 'HTX Bình Minh', TB, BINH_MINH);
  await coop('b2', 'HTX Dịch vụ Bình Minh', TB, BINH_MINH);
  await coop('h1', 'HTX Kim Bảng', HN, 'Xã Kim Bảng');
  for (const key of ['a1', 'a2', 'b1', 'h1']) {
    await db().report.create({ data: annualReport(coops[key]!, { period: YEAR, submittedAt: new Date() }) });
  }
  // Named after their console account.
  const person = async (key: string, s: PersonSeed) => {
    people[key] = await createPerson(db(), { ...s, name: key, accounts: key });
  };
  await person('officer-tb', { role: 'officer', province: TB });
  await person('officer-bm', { role: 'officer', province: TB, commune: BINH_MINH });
  await person('director', { role: 'director', cooperativeId: coops.a1, province: TB, commune: AN_BINH });
  await person('director-en', { role: 'director', cooperativeId: coops.a2, province: TB, commune: AN_BINH, locale: 'en' });
});
afterAll(async () => {
  await chat?.end();
  await app?.close();
  rmSync(exportsDir, { recursive: true, force: true });
});

describe('/xuatbaocao in the chat', () => {
  it('takes a province officer through form, period, area and format to an XLSX of their area', async () => {
    const say = as('officer-tb');
    const start = await say('/xuatbaocao');
    expect(shown(start)).toContain('Bước 1/4');
    expect(buttons(start).map((b) => b.label)).toEqual(['Báo cáo năm', 'Báo cáo quý', '✖️ Hủy']);

    const period = await say('1');
    expect(shown(period)).toContain('Kỳ báo cáo nào?');
    expect(
      buttons(period)
        .map((b) => b.label)
        .slice(0, 2),
    ).toEqual([`🗓 Báo cáo năm ${YEAR} (kỳ hiện tại)`, `🗓 Báo cáo năm ${previousPeriod(YEAR)} (kỳ trước)`]);

    const scope = await say('1');
    expect(shown(scope)).toContain('Xuất cho địa bàn nào?');
    expect(
      buttons(scope)
        .map((b) => b.label)
        .slice(0, 3),
    ).toEqual([`🗺 Toàn ${TB}`, AN_BINH, BINH_MINH]);
    expect(buttons(scope).map((b) => b.label)).not.toContain('Xã Kim Bảng');

    const format = await say(`Toàn ${TB}`);
    expect(shown(format)).toContain('Xuất ra định dạng nào?');

    const done = await say('Excel');
    expect(done.replies).toHaveLength(1);
    const reply = done.replies[0]!;
    expect(reply.text).toBe('3 báo cáo, 1 HTX chưa nộp');
    expect(reply.document).toBeDefined();
    expect(path.dirname(reply.document!)).toBe(exportsDir);
    expect(path.basename(reply.document!)).toMatch(new RegExp(`^bao-cao-annual-${YEAR}-thai-binh-\\d{8}-\\d{6}-[0-9a-f]{6}\\.xlsx$`));
    expect(await reportNames(reply.document!)).toEqual(['HTX Mây tre An Bình', 'HTX Nông nghiệp An Bình', 'HTX Bình Minh']);
    expect(await flowOf('officer-tb')).toBeNull();

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'export.chat', actorId: people['officer-tb'] } });
    expect(audit).toMatchObject({
      subject: `reports:annual:${YEAR}`,
      details: { format: 'xlsx', rows: 3, notSubmitted: 1, scope: { province: TB, commune: null }, channel: 'console', file: reply.document },
    });
  });

  it('reads typed periods and commune names, survives a restart, and writes CSV', async () => {
    const say = as('officer-tb');
    await say('/xuatbaocao');
    // A period typed at the first step chooses the form too.
    const scope = await say('quý 2/2026');
    expect(shown(scope)).toContain('Xuất cho địa bàn nào?');
    expect(shown(await say('quay lại'))).toContain('Kỳ báo cáo nào?');
    expect(shown(await say('Q2 2026'))).toContain('Xuất cho địa bàn nào?');

    // The process restarts: a new router on the same database continues at the same step.
    const restarted = await createApp(
      {
        database: { kind: 'pglite', dataDir: 'unused' },
        migrateOnStart: false,
        defaultLocale: 'vi',
        rateLimit: { messages: 1000, windowMs: 1000 },
        conversationTtlMs: 3_600_000,
        exportsDir,
      },
      app.logger,
      app.db,
    );
    const again = consoleSession(restarted.router, exportsDir);
    try {
      const notFound = await again.send({ user: 'officer-tb', text: 'Xã Kim Bảng' });
      expect(shown(notFound)).toContain('Không có «Xã Kim Bảng» trong địa bàn của anh/chị');
      const format = await again.send({ user: 'officer-tb', text: 'an binh' });
      expect(shown(format)).toContain('Xuất ra định dạng nào?');
      const done = await again.send({ user: 'officer-tb', text: 'csv' });
      const reply = done.replies[0]!;
      expect(reply.text).toBe('0 báo cáo, 2 HTX chưa nộp');
      expect(path.basename(reply.document!)).toMatch(/^bao-cao-quarterly-2026-q2-xa-an-binh-.*\.csv$/);
      const csv = readFileSync(reply.document!, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
    } finally {
      await again.end();
    }

    // A typed year at the period step, a quarter switching the form back, a period not yet open.
    await say('/xuatbaocao');
    await say('Báo cáo quý');
    const switched = await say(String(previousPeriod(YEAR)));
    expect(shown(switched)).toContain(`Đã chuyển sang Báo cáo năm ${previousPeriod(YEAR)}`);
    await say('/xuatbaocao');
    await say('1');
    expect(shown(await say(String(Number(YEAR) + 2)))).toContain('chưa đến kỳ báo cáo');
    expect(shown(await say('hôm qua'))).toContain('Báo cáo năm cần một năm');
    // /huy leaves the flow.
    expect(await flowOf('officer-tb')).toBe('xbc');
    await say('/huy');
    expect(await flowOf('officer-tb')).toBeNull();
  });

  it('never lets a commune officer export another commune', async () => {
    const say = as('officer-bm');
    const start = await say('/xuatbaocao');
    expect(shown(start)).toContain('Bước 1/3');
    await say('1');
    const format = await say('1');
    // No area question: their commune is their whole area.
    expect(shown(format)).toContain('Xuất ra định dạng nào?');
    expect(buttons(format).map((b) => b.label)).not.toContain(AN_BINH);
    // A button of the area step (stale or forged) does not answer this step.
    const forged = await press('officer-bm', 'xbc:scope:pick:0');
    expect(shown(forged)).toContain('Nút đó thuộc bước trước');

    // Even a tampered conversation (another commune offered, or chosen) is refused, never exported.
    const tamper = (step: string, data: Record<string, unknown>) =>
      db().conversationState.update({
        where: { channel_chatId: { channel: 'console', chatId: 'officer-bm' } },
        data: { step, data: { form: 'annual', period: YEAR, ...data } },
      });
    await tamper('scope', { level: 'commune', options: [AN_BINH] });
    expect(shown(await press('officer-bm', 'xbc:scope:pick:0'))).toContain(`chỉ được xuất báo cáo trong địa bàn mình phụ trách (${BINH_MINH}, ${TB})`);
    await tamper('scope', { level: 'commune', options: [AN_BINH] });
    expect(shown(await say('an binh'))).toContain('Không có «an binh»');
    await tamper('format', { area: { province: TB, commune: AN_BINH } });
    const refused = await say('excel');
    expect(refused.replies.some((r) => r.document)).toBe(false);
    expect(shown(refused)).toContain('chỉ được xuất báo cáo trong địa bàn mình phụ trách');

    const done = await say('excel');
    expect(done.replies[0]!.text).toBe('1 báo cáo, 1 HTX chưa nộp');
    expect(await reportNames(done.replies[0]!.document!)).toEqual(['HTX Bình Minh']);
    const audits = await db().auditLog.findMany({ where: { action: 'export.chat', actorId: people['officer-bm'] } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ scope: { province: TB, commune: BINH_MINH }, rows: 1 });
  });

  it('refuses a director politely, in their language', async () => {
    const vi = await as('director')('/xuatbaocao');
    expect(shown(vi)).toContain('chức năng xuất báo cáo chỉ dành cho cán bộ quản lý HTX');
    expect(vi.replies.some((r) => r.document)).toBe(false);
    expect(shown(await press('director', 'xbc:format:pick:xlsx'))).toContain('chỉ dành cho cán bộ');
    expect(await flowOf('director')).toBeNull();
    expect(shown(await as('director-en')('/xuatbaocao'))).toContain('exporting reports is only for verified cooperative officers');
    expect(await db().auditLog.count({ where: { action: 'export.chat', actorId: { in: [people.director!, people['director-en']!] } } })).toBe(0);
  });

  it('offers the export in the officer menu only', async () => {
    const menu = await as('officer-tb')('/menu');
    expect(buttons(menu).map((b) => b.label)).toContain('📥 Xuất báo cáo (Excel)');
    const directorMenu = await as('director')('/menu');
    expect(buttons(directorMenu).map((b) => b.label)).not.toContain('📥 Xuất báo cáo (Excel)');
  });
});
