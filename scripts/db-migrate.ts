// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or
// the embedded PGlite folder DATA_DIR). The bot also does this at start unless MIGRATE_ON_START=false.
import { openDatabase } from '../src/db/database.js';
import { loadConfigOrExit } from './load-config-or-exit.js';

const config = loadConfigOrExit();
const db = await openDatabase(config.database);
try {
  const applied = await db.migrate();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : `Database (${db.kind}) is up to date.`);
} finally {
  await db.close();
}
