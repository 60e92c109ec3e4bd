import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../../src/services/reports/report-schedule.js';
import { chatProcess } from '../support/chat-process.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'htx-report-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Chat = ReturnType<typeof chatProcess>;
/** The annual period open today (the test must not depend on the date it runs). */
const year = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
const env = { DATA_DIR: dataDir, RATE_LIMIT_MESSAGES: '1000' };
const text = (line: Awaited<ReturnType<Chat['send']>>) => line.replies.map((r) => r.text).join('\n---\n');

/** Sends each input and checks that the reply contains the expected words. */
async function script(chat: Chat, steps: [string, string | RegExp][]) {
  for (const [input, expected] of steps) {
    const line = await chat.send(input);
    const shown = text(line);
    if (typeof expected === 'string') expect(shown, `after «${input}»`).toContain(expected);
    else expect(shown, `after «${input}»`).toMatch(expected);
  }
}

describe('an annual report through npm run chat -- --jsonl --as director', () => {
  it('completes with messy inputs, survives a restart mid-way, and stores exactly the values meant', async () => {
    const first = chatProcess(['--as', 'director'], env);
    await script(first, [
      ['/baocao', `Báo cáo năm ${year}: chưa làm`],
      ['1', 'Câu 1/28'],
      ['khoảng 55 người', 'Đã ghi Thành viên chính thức: 55 thành viên'],
      ['3 tv', 'Câu 3/28'],
      ['30 ho', 'Câu 4/28'],
      // 30 households + 30 organisations > 55 members: refused, asked again, nothing lost.
      ['30', /không thể nhiều hơn số thành viên chính thức \(55\)/],
      ['10 to chuc', 'Câu 5/28'],
      ['12 nguoi', 'Câu 6/28'],
      ['8', 'Vốn điều lệ'],
      ['1,5 ty', '1.500.000.000 đ (1,5 tỷ đồng)'],
      ['2 tỷ 300 triệu', '2.300.000.000 đ'],
      ['3 ty', 'Câu 10/28'],
      ['quay lai', 'Đang ghi: 3.000.000.000 đ'],
      ['3,2 ti dong', 'Câu 10/28'],
    ]);
    // The process dies between two questions; the next one picks up at the same step.
    first.child.kill('SIGKILL');
    await first.exited;

    const second = chatProcess(['--as', 'director'], env);
    await script(second, [
      ['1 ty 2', '1.200.000.000 đ'],
      ['2', 'thiếu đơn vị'],
      ['lo 50 trieu', '-50.000.000 đ'],
      // A monthly figure by mistake: kept, with a warning.
      ['5 trieu', 'thu nhập một tháng'],
      ['kha', 'Đã ghi Xếp loại HTX (tự đánh giá): Khá'],
      ['co', 'doanh nghiệp'],
      ['Công ty TNHH Nông sản Xanh', 'Câu 16/28'],
      ['ko', 'Câu 17/27'],
      ['có', 'OCOP'],
      ['2 san pham', 'mấy sao'],
      ['4 sao', 'Câu 20/27'],
      ['5', 'Câu 21/27'],
      ['7', /không thể nhiều hơn tổng số cán bộ quản lý \(5\)/],
      ['3', 'Câu 22/27'],
      ['bo qua', 'Đã bỏ qua'],
      ['15/3/2026', 'Câu 24/27'],
      ['2 lan', 'Câu 25/27'],
      ['2, 4', 'Câu 26/27'],
      ['1', 'Đã chọn: Đất đai'],
      ['3', 'Đã chọn: Đất đai, Thuế'],
      ['xong', 'Câu 27/27'],
      ['Thiếu vốn lưu động, giá vật tư tăng', 'Gửi báo cáo'],
      ['sửa 12', 'Thu nhập bình quân'],
      ['60 triệu', '12. Thu nhập bình quân (đồng/người/năm): 60.000.000 đ'],
      ['gui', `Đã gửi Báo cáo năm ${year}`],
    ]);
    const last = await second.send('/baocao');
    expect(text(last)).toContain('đã gửi, chờ cán bộ xem');
    second.child.stdin.end();
    expect(await second.exited).toBe(0);

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const report = await db.prisma.report.findFirstOrThrow({ where: { form: 'annual', period: year }, include: { revisions: true } });
      expect(report.status).toBe('submitted');
      expect(report.draft).toBeNull();
      expect(report.revision).toBe(1);
      expect(report.answers).toEqual({
        members: 55,
        associate_members: 3,
        member_households: 30,
        member_entities: 10,
        workers: 12,
        workers_members: 8,
        charter_capital: 1_500_000_000,
        total_assets: 2_300_000_000,
        revenue: 3_200_000_000,
        revenue_members: 1_200_000_000,
        profit: -50_000_000,
        avg_income: 60_000_000,
        rating: 'fair',
        value_chain: true,
        value_chain_partner: 'Công ty TNHH Nông sản Xanh',
        high_tech: false,
        digital_tools: true,
        ocop_products: 2,
        ocop_stars: 4,
        managers: 5,
        managers_trained: 3,
        member_service_share: null,
        general_meeting_date: '2026-03-15',
        trade_fairs: 2,
        support_received: ['credit', 'training'],
        support_needed: ['land', 'tax'],
        difficulties: 'Thiếu vốn lưu động, giá vật tư tăng',
      });
      expect(report.revisions.map((r) => r.revision)).toEqual([1]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
