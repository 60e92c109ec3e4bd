import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';

/**
 * A real, migrated, private database for one test file: in-memory PGlite by default, or a fresh
 * database on the Postgres server when TEST_DATABASE=postgres (CI runs both). Never a mock.
 */
export async function createTestDatabase(): Promise<Database & { name: string }> {
  if (process.env.TEST_DATABASE !== 'postgres') {
    const db = await openDatabase({ kind: 'pglite-memory' });
    await db.migrate();
    return Object.assign(db, { name: 'pglite-memory' });
  }
  const admin = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `htx_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  await db.migrate();
  const close = db.close;
  return Object.assign(db, {
    name,
    async close() {
      await close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}
