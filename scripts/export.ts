// `npm run export -- --form annual --period 2026 --format csv|json [--out file] [--province P] [--commune C] [--lang vi|en]`:
// the submitted reports of one form and period, for officers' spreadsheets (CSV, opens in Excel) or
// other systems (JSON, raw stored values). Uses the configured database (DATABASE_URL, or the PGlite
// folder DATA_DIR). Default output: exports/<form>-<period>.<csv|json>.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { openDatabase } from '../src/db/database.js';
import { createI18n, LOCALES, type Locale } from '../src/i18n/i18n.js';
import { writeAudit } from '../src/services/audit/write-audit.js';
import { buildReportTable, listNotSubmitted, loadSubmittedReports, type ExportScope } from '../src/services/exports/report-table.js';
import { toCsv } from '../src/services/exports/write-csv.js';
import { FORMS, findForm } from '../src/services/reports/forms/forms.js';

const USAGE =
  'usage: npm run export -- --form <form> --period <YYYY|YYYY-Qn> [--format csv|json] [--out file] [--province P [--commune C]] [--lang vi|en]';
const FORMATS = ['csv', 'json'] as const;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: false,
    strict: true,
    options: {
      form: { type: 'string' },
      period: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      province: { type: 'string' },
      commune: { type: 'string' },
      lang: { type: 'string' },
    },
  }).values;
}
try {
  args = parse();
} catch (e) {
  fail((e as Error).message);
}

const form = args.form ? findForm(args.form) : undefined;
if (!form) fail(`${args.form ? `Unknown form "${args.form}"` : 'Missing --form'}: one of ${FORMS.map((f) => f.id).join(', ')}`);
const period = args.period ?? fail('Missing --period');
const periodPattern = form.periodKind === 'year' ? /^\d{4}$/ : /^\d{4}-Q[1-4]$/;
if (!periodPattern.test(period)) fail(`--period for the ${form.id} form is ${form.periodKind === 'year' ? 'a year, YYYY (e.g. 2026)' : 'a quarter, YYYY-Qn (e.g. 2026-Q3)'}; got "${period}"`);
const format = FORMATS.find((f) => f === args.format) ?? fail(`--format must be one of ${FORMATS.join(', ')}`);
if (args.lang !== undefined && !(LOCALES as readonly string[]).includes(args.lang)) fail(`--lang must be one of ${LOCALES.join(', ')}`);
const province = args.province?.trim() || undefined;
const commune = args.commune?.trim() || undefined;
if (commune && !province) fail('--commune needs --province');
if (args.out !== undefined && !args.out.trim()) fail('--out needs a file name');
const out = args.out ?? path.join('exports', `${form.id}-${period}.${format}`);

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(2);
}
const locale = (args.lang as Locale | undefined) ?? config.defaultLocale;

const db = await openDatabase(config.database);
try {
  await db.migrate();
  const prisma = db.prisma;
  const scope: ExportScope = { form, period, province, commune };
  let rows: number;
  let missing: number;
  if (format === 'csv') {
    const t = (await createI18n()).translator(locale);
    const table = await buildReportTable(prisma, { ...scope, t, locale });
    rows = table.rows.length;
    missing = table.notSubmitted.length;
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, toCsv(table.headers, table.rows));
  } else {
    const reports = await loadSubmittedReports(prisma, scope);
    const notSubmitted = await listNotSubmitted(prisma, scope);
    rows = reports.length;
    missing = notSubmitted.length;
    const data = {
      form: form.id,
      formVersion: form.version,
      period,
      generatedAt: new Date().toISOString(),
      rows: reports.map((r) => ({
        cooperative: r.cooperative,
        status: r.status,
        revision: r.revision,
        submittedAt: r.submittedAt?.toISOString() ?? null,
        formVersion: r.formVersion,
        // Raw stored values, in the form's field order.
        answers: Object.fromEntries(form.fields.filter((f) => f.key in r.answers).map((f) => [f.key, r.answers[f.key]])),
      })),
      notSubmitted,
    };
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  }
  await writeAudit(prisma, {
    actorId: null,
    action: 'export.cli',
    subject: `reports:${form.id}:${period}`,
    details: { format, rows, province: province ?? null, commune: commune ?? null },
  });
  console.error(`Exported ${rows} reports (${missing} cooperatives have not submitted) to ${out}`);
} catch (e) {
  console.error(`Export failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
