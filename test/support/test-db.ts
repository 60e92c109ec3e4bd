import { openDatabase, type Database } from '../../src/db/database.js';
import { createFreshPostgresDatabase } from '../../tools/fresh-postgres-database.js';

export const testPostgresUrl = () => process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A real, migrated, private database for one test file: in-memory PGlite by default, or a fresh
 * database on the Postgres server when TEST_DATABASE=postgres (CI runs both). Never a mock.
 */
export async function createTestDatabase(): Promise<Database> {
  if (process.env.TEST_DATABASE !== 'postgres') {
    const db = await openDatabase({ kind: 'pglite-memory' });
    await db.migrate();
    return db;
  }
  const fresh = await createFreshPostgresDatabase(testPostgresUrl(), 'htx_test');
  const db = await openDatabase({ kind: 'postgres', url: fresh.url });
  await db.migrate();
  return {
    ...db,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}
