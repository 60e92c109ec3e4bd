import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database, type Db } from '../src/db/database.js';
import { createFreshPostgresDatabase } from '../tools/fresh-postgres-database.js';
import { renderAnnouncement } from '../src/handlers/announcements/announcement-text.js';
import { createI18n } from '../src/i18n/i18n.js';
import { DEMO } from '../src/services/cooperatives/bind-demo-role.js';
import { seedDemo } from '../tools/demo/seed-demo.js';
import { EXPORT_FORMATS, writeReportExport, type ExportFormat } from '../src/services/exports/report-export.js';
import { annualForm } from '../src/services/reports/forms/annual-form.js';
import { childEnv, projectRoot } from '../test/support/chat-process.js';

/** What the export process reports back (one JSON line on stdout). */
interface ChildResult {
  rows: number;
  notSubmitted: number;
  bytes: number;
  seconds: number;
  openSeconds: number;
  /** Peak resident memory of the whole export process (start, database, export), from the kernel. */
  maxRssMb: number;
  /** Resident memory just before the export (runtime and open database). */
  beforeRssMb: number;
  /** Peak resident memory sampled every 20 ms while the export ran. */
  exportRssMb: number;
  /** CPU time of the process (every thread: the database's too) during the export. */
  cpuSeconds: number;
}

/** The database the bench seeds and the export process then opens: a PGlite folder, or a fresh database on DATABASE_URL's server. */
async function benchDatabase(): Promise<{ label: 'pglite' | 'postgres'; env: Record<string, string>; open(): Promise<Database>; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), 'htx-bench-export-'));
    return {
      label: 'pglite',
      env: { DATA_DIR: dir },
      open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await createFreshPostgresDatabase(url, 'htx_bench');
  return { label: 'postgres', env: { DATABASE_URL: fresh.url }, open: () => openDatabase({ kind: 'postgres', url: fresh.url }), drop: fresh.drop };
}

/**
 * Adds cooperatives (in the demo's communes) with a submitted annual report for `period`, each a
 * copy of a seeded report's answers, until the period has exactly `target` submitted reports.
 */
async function topUp(db: Db, period: string, target: number): Promise<number> {
  const where = { form: annualForm.id, period, revision: { gt: 0 } };
  const missing = target - (await db.report.count({ where }));
  if (missing <= 0) return 0;
  const samples = await db.report.findMany({
    where,
    take: 500,
    orderBy: { id: 'asc' },
    select: { answers: true, status: true, submittedAt: true, cooperative: { select: { commune: true, sector: true } } },
  });
  for (let start = 0; start < missing; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, missing - start) }, (_, k) => start + k);
    const coops = await db.cooperative.createManyAndReturn({
      data: batch.map((i) => ({
        name: `HTX Thêm ${i + 1}`,
        province: DEMO.province,
        commune: samples[i % samples.length]!.cooperative.commune,
        sector: samples[i % samples.length]!.cooperative.sector,
      })),
      select: { id: true },
    });
    await db.report.createMany({
      data: coops.map((c, k) => {
        const s = samples[batch[k]! % samples.length]!;
        return {
          cooperativeId: c.id,
          form: annualForm.id,
          period,
          status: s.status,
          revision: 1,
          formVersion: annualForm.version,
          submittedAt: s.submittedAt,
          answers: s.answers ?? {},
        };
      }),
    });
  }
  return missing;
}

/** The export itself, in its own process so that its memory is its own: prints one JSON line. */
async function child(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { child: { type: 'boolean' }, period: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' } },
  });
  const t0 = performance.now();
  const db = process.env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: process.env.DATA_DIR! });
  const t = (await createI18n()).translator('vi');
  const openSeconds = (performance.now() - t0) / 1000;
  const before = process.memoryUsage().rss;
  let peak = before;
  const cpu = process.cpuUsage();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const started = performance.now();
    const result = await writeReportExport(
      db.prisma,
      { form: annualForm, period: values.period!, scope: { province: DEMO.province }, format: values.format as ExportFormat, locale: 'vi', t },
      { file: values.out! },
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage().rss);
    clearInterval(sampler);
    const out: ChildResult = {
      rows: result.rows,
      notSubmitted: result.notSubmitted,
      bytes: result.bytes,
      seconds,
      openSeconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      beforeRssMb: before / 1024 / 1024,
      exportRssMb: peak / 1024 / 1024,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
    console.log(JSON.stringify(out));
  } finally {
    clearInterval(sampler);
    await db.close();
  }
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'export', '--child', ...args], {
    cwd: projectRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  return new Promise((resolve, reject) =>
    proc.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`The export process failed (exit ${code}): ${stdout}`));
      else resolve(JSON.parse(line) as ChildResult);
    }),
  );
}

const mb = (x: number) => Math.round(x * 10) / 10;

/**
 * `npm run bench -- export [--reports 10000] [--format xlsx|csv|json]`: seeds the demo province
 * (seedDemo) on a fresh database (PGlite; a fresh database on DATABASE_URL's server when set),
 * tops the last full year up to exactly `reports` submitted annual reports, then times
 * writeReportExport of that year for the province in a separate process (as `npm run export` runs)
 * and reports its peak memory. Target for 10,000 reports to XLSX: < 3 s, < 300 MB.
 */
export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--child')) return child(argv);
  const { values } = parseArgs({ args: argv, options: { reports: { type: 'string', default: '10000' }, format: { type: 'string', default: 'xlsx' } } });
  const reports = Number(values.reports);
  if (!Number.isInteger(reports) || reports < 1 || reports > 100_000) throw new Error('--reports must be a whole number from 1 to 100000');
  const format = EXPORT_FORMATS.find((f) => f === values.format);
  if (!format) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);

  const database = await benchDatabase();
  const outDir = mkdtempSync(path.join(tmpdir(), 'htx-bench-export-out-'));
  try {
    const seedStarted = performance.now();
    let period: string;
    let added: number;
    const db = await database.open();
    try {
      await db.migrate();
      let shown = -1;
      const seeded = await seedDemo(db.prisma, {
        render: renderAnnouncement((await createI18n()).translator),
        cooperatives: reports,
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 10) * 10;
          if (pct !== shown) process.stderr.write(`seeding the demo province: ${(shown = pct)}%\n`);
        },
      });
      // The previous year: the one most cooperatives have submitted (the current one is still open).
      period = seeded.periods.annual[0];
      added = await topUp(db.prisma, period, reports);
      // Planner statistics, as Postgres's autovacuum gathers after a bulk load (PGlite runs no autovacuum).
      await db.prisma.$executeRawUnsafe('analyze');
    } finally {
      await db.close(); // PGlite: one process per data folder, and the export process is next
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    process.stderr.write(`seeded in ${seedSeconds.toFixed(1)} s (${added} cooperatives added so that ${period} has ${reports} submitted reports)\n`);

    const r = await runChild(['--period', period, '--format', format, '--out', path.join(outDir, `export.${format}`)], database.env);
    const result = {
      bench: 'export',
      db: database.label,
      format,
      rows: r.rows,
      not_submitted: r.notSubmitted,
      bytes: r.bytes,
      seconds: Number(r.seconds.toFixed(2)),
      cpu_seconds: Number(r.cpuSeconds.toFixed(2)),
      peak_rss_mb: mb(r.maxRssMb),
      rss_before_export_mb: mb(r.beforeRssMb),
      export_rss_growth_mb: mb(r.exportRssMb - r.beforeRssMb),
      open_seconds: Number(r.openSeconds.toFixed(2)),
    };
    console.log(
      `${result.rows} ${period} annual reports (+ ${result.not_submitted} not submitted) to ${format} on ${result.db}: ${result.seconds} s (${result.cpu_seconds} s CPU, all threads), ` +
        `${(result.bytes / 1024 / 1024).toFixed(1)} MB file; peak RSS of the export process ${result.peak_rss_mb} MB, of which ${result.rss_before_export_mb} MB before the export ` +
        `(Node, tsx, Prisma, the open database) and ${result.export_rss_growth_mb} MB added by the export`,
    );
    console.log(JSON.stringify(result));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    await database.drop();
  }
}
