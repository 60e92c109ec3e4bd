import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates an empty database on a Postgres server (for tests and benchmarks, never the bot):
 * `adminUrl` names any database the user may connect to. Returns its URL and a `drop` that
 * removes it even while connections remain.
 */
export async function createFreshPostgresDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
