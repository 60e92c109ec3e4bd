// `npm run admin -- import cooperatives|members …`: a register (XLSX or CSV) into the database.
//
//   npm run admin -- import cooperatives --file register.xlsx --province "Đắk Lắk" [--dry-run] [--skip-invalid] [--accept-suggestions] [--lang vi|en]
//   npm run admin -- import members --file members.csv --coop <registration code or id> [--dry-run] [--skip-invalid] [--lang vi|en]
//
// Prints each rejected row with its reasons, then as its LAST line the counts as JSON:
//   {"dry_run":false,"rows":600,"created":575,"updated":0,"unchanged":0,"rejected":25}
// Exit code 1 when rows are rejected and --skip-invalid is not given (nothing is imported; a dry
// run says what would happen), 2 for a usage error, an unreadable file or an unknown province.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createI18n, LOCALES, type T } from '../../src/i18n/i18n.js';
import type { ImportCounts, RejectedRow } from '../../src/services/registry/import-problems.js';
import { importCooperatives } from '../../src/services/registry/import-cooperatives.js';
import { findImportCooperative, importMembers } from '../../src/services/registry/import-members.js';
import { describeImportError, describeRejectedRow } from '../../src/services/registry/describe-rejection.js';
import type { AdminCommand } from '../admin.js';

function report(t: T, dryRun: boolean, rejected: RejectedRow[], counts: ImportCounts, skipInvalid: boolean): number {
  for (const r of rejected) console.log(describeRejectedRow(t, r));
  if (rejected.some((r) => r.suggestion)) console.error(t('registry.cli.suggestions_hint'));
  if (rejected.length && !skipInvalid && !dryRun) console.error(t('registry.cli.stopped', { count: rejected.length }));
  console.log(JSON.stringify({ dry_run: dryRun, ...counts }));
  return rejected.length && !skipInvalid ? 1 : 0;
}

export const run: AdminCommand = async (db, args) => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      province: { type: 'string' },
      coop: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'accept-suggestions': { type: 'boolean', default: false },
      lang: { type: 'string', default: 'vi' },
    },
  });
  const { translator } = await createI18n();
  const t = translator(LOCALES.find((l) => l === values.lang) ?? 'vi');
  const what = positionals[1];
  const usage = () => {
    console.error(t('registry.cli.usage'));
    return 2;
  };
  if (!values.file || (what !== 'cooperatives' && what !== 'members')) return usage();
  if (what === 'cooperatives' && !values.province) return usage();
  if (what === 'members' && !values.coop) return usage();

  const file = await readFile(values.file).catch(() => undefined);
  if (!file) {
    console.error(t('registry.cli.no_file', { file: values.file }));
    return 2;
  }
  const dryRun = values['dry-run']!;
  const skipInvalid = values['skip-invalid']!;
  try {
    if (what === 'cooperatives') {
      const r = await importCooperatives(db.prisma, {
        file,
        province: values.province!,
        dryRun,
        skipInvalid,
        acceptSuggestions: values['accept-suggestions'],
        actorId: null,
        via: 'admin-cli',
      });
      return report(t, dryRun, r.plan.rejected, r.counts, skipInvalid);
    }
    const coop = await findImportCooperative(db.prisma, values.coop!);
    if (!coop) {
      console.error(t('registry.cli.no_coop', { coop: values.coop }));
      return 2;
    }
    const r = await importMembers(db.prisma, { file, cooperativeId: coop.id, dryRun, skipInvalid, actorId: null, via: 'admin-cli' });
    return report(t, dryRun, r.plan.rejected, r.counts, skipInvalid);
  } catch (e) {
    const message = describeImportError(t, e);
    if (!message) throw e;
    console.error(message);
    return 2;
  }
};
