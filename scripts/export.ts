// `npm run export -- --form annual --period 2026 [--format csv|xlsx|json] [--csv-locale vi|raw] [--out file]
//   [--province P [--commune C]] [--sector S] [--status submitted,accepted,returned] [--lang vi|en]`:
// the submitted reports of one form and period, for officers' spreadsheets (XLSX with a summary and
// the cooperatives that have not submitted; CSV, for Excel in Vietnamese by default, or `--csv-locale
// raw` for scripts) or other systems (JSON, raw stored values). Uses the configured database
// (DATABASE_URL, or the PGlite folder DATA_DIR) and the plan targets (PLAN_TARGETS_FILE). Default
// output: exports/<form>-<period>.<format>. A progress bar on stderr when it is a terminal; each
// export is written to the audit log.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { createI18n, LOCALES, type Locale } from '../src/i18n/i18n.js';
import { createProgress } from '../src/lib/progress-bar.js';
import { describeAreaProblem, resolveArea } from '../src/services/areas/resolve-area.js';
import { writeAudit } from '../src/services/audit/write-audit.js';
import { CSV_LOCALES, EXPORT_FORMATS, writeReportExport } from '../src/services/exports/report-export.js';
import { EXPORT_STATUSES, type ExportStatus } from '../src/services/exports/report-table.js';
import { FORMS, findForm } from '../src/services/reports/forms/forms.js';
import { targetSetForPeriod, targetSetsFor } from '../src/services/targets/plan-targets.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

const USAGE =
  'usage: npm run export -- --form <form> --period <YYYY|YYYY-Qn> [--format csv|xlsx|json] [--csv-locale vi|raw] [--out file] [--province P [--commune C]] [--sector S] [--status submitted,accepted,returned] [--lang vi|en]';

/** --province or --commune names no known area: a usage error (exit 2). */
class AreaArgumentError extends Error {
  override name = 'AreaArgumentError';
}

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
      'csv-locale': { type: 'string' },
      out: { type: 'string' },
      province: { type: 'string' },
      commune: { type: 'string' },
      sector: { type: 'string' },
      status: { type: 'string' },
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
if (!periodPattern.test(period))
  fail(`--period for the ${form.id} form is ${form.periodKind === 'year' ? 'a year, YYYY (e.g. 2026)' : 'a quarter, YYYY-Qn (e.g. 2026-Q3)'}; got "${period}"`);
const format = EXPORT_FORMATS.find((f) => f === args.format) ?? fail(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
const askedCsvLocale = args['csv-locale'];
if (askedCsvLocale !== undefined && format !== 'csv') fail('--csv-locale applies to --format csv only');
const csvLocale =
  askedCsvLocale === undefined ? 'vi' : (CSV_LOCALES.find((l) => l === askedCsvLocale) ?? fail(`--csv-locale must be one of ${CSV_LOCALES.join(', ')}`));
if (args.lang !== undefined && !(LOCALES as readonly string[]).includes(args.lang)) fail(`--lang must be one of ${LOCALES.join(', ')}`);
let province = args.province?.trim() || undefined;
let commune = args.commune?.trim() || undefined;
if (commune && !province) fail('--commune needs --province');
if (args.sector !== undefined && !args.sector.trim()) fail('--sector needs a sector, e.g. agriculture');
const sector = args.sector?.trim() || undefined;
let status: ExportStatus[] | undefined;
if (args.status !== undefined) {
  const asked = args.status
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((s) => !(EXPORT_STATUSES as readonly string[]).includes(s));
  if (!asked.length || unknown.length)
    fail(`--status takes one or more of ${EXPORT_STATUSES.join(', ')}, separated by commas${unknown.length ? `; got "${unknown.join(', ')}"` : ''}`);
  status = EXPORT_STATUSES.filter((s) => asked.includes(s));
}
if (args.out !== undefined && !args.out.trim()) fail('--out needs a file name');
const out = args.out ?? path.join('exports', `${form.id}-${period}.${format}`);

const config = loadConfigOrExit();
const locale = (args.lang as Locale | undefined) ?? config.defaultLocale;

const db = await openDatabase(config.database);
try {
  await db.migrate();
  const t = (await createI18n()).translator(locale);
  if (province) {
    // The official units since 1 July 2025 ("dak lak" → "Đắk Lắk"), or the names the records use.
    const area = await resolveArea(db.prisma, { province, commune }, { spelling: 'records' });
    if (!area.ok) throw new AreaArgumentError(describeAreaProblem(t, area));
    ({ province, commune } = area);
  }
  const scope = { ...(province ? { province } : {}), ...(commune ? { commune } : {}) };
  const targetSet = targetSetForPeriod(targetSetsFor(config.planTargets, province ?? null), period);
  const progress = createProgress(process.stderr, `Exporting ${form.id} ${period}`);
  const result = await writeReportExport(
    db.prisma,
    { form, period, scope, sector, status, format, csvLocale, locale, t, targetSet },
    { file: out, onProgress: (done, total) => progress.update(done, total) },
  );
  progress.end();
  await writeAudit(db.prisma, {
    actorId: null,
    action: 'export.cli',
    subject: `reports:${form.id}:${period}`,
    details: {
      format,
      ...(format === 'csv' ? { csvLocale } : {}),
      rows: result.rows,
      province: province ?? null,
      commune: commune ?? null,
      ...(sector ? { sector } : {}),
      ...(status ? { status } : {}),
    },
  });
  console.error(`Exported ${result.rows} reports (${result.notSubmitted} cooperatives have not submitted) to ${out}`);
} catch (e) {
  if (e instanceof AreaArgumentError) {
    console.error(`${e.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`Export failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
