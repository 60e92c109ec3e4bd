// `npm run seed:demo [-- --cooperatives N] [--seed N]`: fills the demo province ("Tỉnh Demo", the one
// `npm run chat -- --as officer` works in) with generated cooperatives, people, reports and an
// announcement history, so that officers' tools have something to show. Uses the configured
// database (DATABASE_URL, or the PGlite folder DATA_DIR). Running it again replaces the earlier
// demo data (cooperatives DEMO-…, accounts demo-…) instead of adding to it. For trial databases
// only: the generated accounts have fake platform ids.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { renderAnnouncement } from '../src/handlers/announcements/announcement-text.js';
import { createI18n } from '../src/i18n/i18n.js';
import { DEMO_OFFICER_USERS } from '../tools/demo/plan-demo-area.js';
import { DEMO_DEFAULT_COOPERATIVES, DEMO_MAX_COOPERATIVES, seedDemo } from '../tools/demo/seed-demo.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

const USAGE = `usage: npm run seed:demo [-- --cooperatives N (1–${DEMO_MAX_COOPERATIVES}, default ${DEMO_DEFAULT_COOPERATIVES})] [--seed N (default 1)]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { cooperatives?: string; seed?: string; help?: boolean };
try {
  values = parseArgs({
    allowPositionals: false,
    strict: true,
    options: { cooperatives: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const whole = (raw: string | undefined, what: string, min: number, max: number, fallback: number) => {
  if (raw === undefined) return fallback;
  const n = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= min && n <= max)) fail(`${what} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
};
const cooperatives = whole(values.cooperatives, '--cooperatives', 1, DEMO_MAX_COOPERATIVES, DEMO_DEFAULT_COOPERATIVES);
const seed = whole(values.seed, '--seed', 0, 999_999_999, 1);

const config = loadConfigOrExit();

let db: Awaited<ReturnType<typeof openDatabase>>;
try {
  db = await openDatabase(config.database);
} catch (e) {
  console.error(`Could not open the database: ${(e as Error).message}`);
  process.exit(1);
}
try {
  await db.migrate();
  const started = Date.now();
  let shown = -1;
  const result = await seedDemo(db.prisma, {
    render: renderAnnouncement((await createI18n()).translator),
    cooperatives,
    seed,
    onProgress: (done, total) => {
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth === shown) return;
      shown = tenth;
      process.stderr.write(`  … ${tenth * 10}% (${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows)\n`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const [annualBefore, annualNow] = result.periods.annual;
  console.log(
    [
      `${result.replaced ? 'Replaced the earlier demo data of' : 'Created demo data in'} "${result.province}" (seed ${seed}, ${seconds} s):`,
      `  ${result.cooperatives} cooperatives in ${result.communes.length} communes (${result.communes.join(', ')})`,
      `  ${result.people} people: directors and members with Telegram/Zalo/console accounts (ids demo-…),`,
      `    a province officer (#${result.provinceOfficerId}) and an officer of one commune (#${result.communeOfficerId})`,
      `  ${result.reports} reports: annual ${annualBefore} and ${annualNow}, quarterly ${result.periods.quarterly.join(' and ')}`,
      `  ${result.announcements} finished announcements with their deliveries and RSVPs`,
      '',
      'Next steps:',
      '  npm run chat -- --as officer            # an officer of the whole demo province',
      '    /xuatbaocao   export the reports (Excel, CSV, JSON)',
      '    /chitieu      the plan indicators against their targets',
      '    /dangnhap     a sign-in link to the web dashboard',
      `  npm run chat -- --user ${DEMO_OFFICER_USERS.commune}   # the officer of one commune`,
      `  npm run chat -- --as director           # file the demo cooperative's annual report ${annualNow} with /baocao`,
    ].join('\n'),
  );
} catch (e) {
  console.error(`Seeding the demo data failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
