import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { createI18n } from '../../src/i18n/i18n.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { seedDemo, type DemoSeedResult } from '../../tools/demo/seed-demo.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { chatProcess } from '../support/chat-process.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-export-chat-'));
const dataDir = path.join(root, 'data');
const exportsDir = path.join(root, 'exports');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = (line: { replies: { text: string }[] }) => line.replies.map((r) => r.text).join('\n---\n');

describe('the issue\'s "done when": seedDemo, then npm run chat -- --as officer → /xuatbaocao', () => {
  it('produces an XLSX of the demo province that opens, with one row per submitted report', async () => {
    // A fresh database, filled with the demo data (closed before the chat process opens the folder).
    let seeded: DemoSeedResult;
    let submitted: number;
    const year = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
    {
      const db = await openDatabase({ kind: 'pglite', dataDir });
      try {
        await db.migrate();
        seeded = await seedDemo(db.prisma, { render: renderAnnouncement((await createI18n()).translator) });
        submitted = await db.prisma.report.count({ where: { form: 'annual', period: year, revision: { gt: 0 }, cooperative: { province: DEMO.province } } });
      } finally {
        await db.close();
      }
    }
    expect(seeded.province).toBe(DEMO.province);
    expect(seeded.periods.annual[1]).toBe(year);
    expect(submitted).toBeGreaterThan(50);

    const chat = chatProcess(['--as', 'officer'], { DATA_DIR: dataDir, EXPORTS_DIR: exportsDir, RATE_LIMIT_MESSAGES: '1000' });
    try {
      expect(text(await chat.send('/xuatbaocao'))).toContain('Bước 1/4');
      const period = await chat.send('1');
      expect(period.replies.flatMap((r) => r.buttons?.flat() ?? []).map((b) => b.label)[0]).toBe(`🗓 Báo cáo năm ${year} (kỳ hiện tại)`);
      const scope = await chat.send('1');
      expect(text(scope)).toContain('Xuất cho địa bàn nào?');
      const communes = scope.replies.flatMap((r) => r.buttons?.flat() ?? []).map((b) => b.label);
      expect(communes[0]).toBe(`🗺 Toàn ${DEMO.province}`);
      expect(communes).toEqual(expect.arrayContaining(seeded.communes));
      expect(text(await chat.send('1'))).toContain('Xuất ra định dạng nào?');
      const done = await chat.send('Excel');
      const reply = done.replies[0] as { text: string; document?: string };
      const m = /^(\d+) báo cáo, (\d+) HTX chưa nộp$/.exec(reply.text);
      expect(m, reply.text).not.toBeNull();
      expect(Number(m![1])).toBe(submitted);
      expect(reply.document).toBeDefined();
      expect(path.dirname(path.resolve(reply.document!))).toBe(exportsDir);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(reply.document!);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo', 'Tổng hợp', 'Chưa nộp', 'Hỗ trợ đủ điều kiện', 'Đủ ĐK, chưa nhận']);
      const sheet = wb.getWorksheet('Báo cáo')!;
      const headers = (sheet.getRow(1).values as unknown[]).map(String);
      const provinceColumn = headers.indexOf('Tỉnh/Thành phố');
      expect(provinceColumn).toBeGreaterThan(0);
      let rows = 0;
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        rows++;
        expect(row.getCell(provinceColumn).value).toBe(DEMO.province);
      });
      expect(rows).toBe(submitted);
    } finally {
      chat.child.stdin.end();
      expect(await chat.exited).toBe(0);
    }
  }, 240_000);
});
