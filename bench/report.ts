import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { createLogger } from '../src/lib/logger.js';
import { annualForm } from '../src/services/reports/forms/annual-form.js';
import { currentPeriod, DEFAULT_SCHEDULE } from '../src/services/reports/report-schedule.js';
import { percentile, scratchDatabase } from './scratch-database.js';

/** A director's whole annual report, typed the way people type (with two answers refused and re-typed). */
const ANSWERS = [
  '/baocao',
  '1',
  'khoảng 55 người',
  '3 tv',
  '30 ho',
  '30',
  '10 to chuc',
  '12 nguoi',
  '8',
  '1,5 ty',
  '2 tỷ 300 triệu',
  '3,2 ti dong',
  '1 ty 2',
  'lo 50 trieu',
  '60 trieu',
  'kha',
  'co',
  'Công ty TNHH Nông sản Xanh',
  'ko',
  'có',
  '2 san pham',
  '4 sao',
  '5',
  '3',
  'bo qua',
  '15/3/2026',
  '2 lan',
  '2, 4',
  '1, 3',
  'Thiếu vốn lưu động',
  'gui',
];

/**
 * `npm run bench -- report [--directors 200] [--concurrency 8]`: directors file the annual report
 * at the same time through the real router and database, one answer at a time as people do.
 * Prints the latency of an answer and checks every stored report.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { directors: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } } });
  const directors = Number(values.directors);
  const concurrency = Number(values.concurrency);
  const scratch = await scratchDatabase();
  const app = await createApp(
    {
      database: { kind: 'pglite', dataDir: 'unused' },
      migrateOnStart: false,
      defaultLocale: 'vi',
      rateLimit: { messages: 1_000_000, windowMs: 1000 },
      conversationTtlMs: 72 * 3600_000,
    },
    createLogger({ level: 'warn' }),
    scratch.db,
  );
  const db = app.db.prisma;
  for (let i = 0; i < directors; i++) {
    const coop = await db.cooperative.create({ data: { name: `HTX Bench ${i}`, province: 'Tỉnh Bench', commune: `Xã ${i % 20}`, sector: 'agriculture' } });
    await db.person.create({ data: { role: 'director', cooperativeId: coop.id, accounts: { create: { channel: 'console', externalId: `dir-${i}` } } } });
  }

  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < directors) {
      const id = `dir-${next++}`;
      for (const text of ANSWERS) {
        const t0 = performance.now();
        const replies = await app.router.handle({ channel: 'console', chatId: id, userId: id, text, receivedAt: new Date() });
        latencies.push(performance.now() - t0);
        if (replies.some((r) => r.text.startsWith('Xin lỗi, đã có lỗi'))) errors++;
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;

  const period = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
  const stored = await db.report.findMany({ where: { form: 'annual', period, status: 'submitted' }, select: { answers: true } });
  const exact = stored.filter((r) => {
    const a = r.answers as Record<string, unknown>;
    return (
      a.members === 55 &&
      a.member_entities === 10 &&
      a.revenue === 3_200_000_000 &&
      a.profit === -50_000_000 &&
      a.ocop_stars === 4 &&
      JSON.stringify(a.support_needed) === '["land","tax"]'
    );
  }).length;
  await app.close();
  await scratch.drop();

  const result = {
    bench: 'report',
    db: scratch.label,
    directors,
    concurrency,
    answers: latencies.length,
    submitted: stored.length,
    stored_exactly: exact,
    errors,
    answers_per_s: Math.round(latencies.length / seconds),
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
  };
  console.log(
    `${directors} annual reports (${concurrency} directors at a time) on ${result.db}: ${result.answers} answers, ${result.answers_per_s}/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; ${result.submitted} submitted, ${exact} stored exactly, ${errors} errors`,
  );
  console.log(JSON.stringify(result));
}
