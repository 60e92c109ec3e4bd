// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql for the
// changes in prisma/schema.prisma. Works offline: the migrations so far are replayed into a
// scratch in-memory PGlite, which the WebAssembly schema engine then diffs against the schema.
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createMigration } from '../src/db/migrations.js';

const name = process.argv.slice(2).join('_').trim();
if (!name) {
  console.error('usage: npm run db:migration -- <name>   (e.g. npm run db:migration -- add_reports)');
  process.exit(2);
}
const scratch = await PGlite.create();
try {
  const folder = await createMigration(new PrismaPGlite(scratch) as unknown as SqlMigrationAwareDriverAdapterFactory, name);
  console.log(folder ? `Created prisma/migrations/${folder}/migration.sql — review it, then run npm run generate.` : 'No schema changes: nothing to create.');
} finally {
  await scratch.close();
}
