import type { Database, Db } from '../../db/database.js';

/**
 * PGlite runs Postgres without its background workers, so autovacuum never runs: dead rows (the
 * outbox rewrites each row as it is claimed and sent) are never reclaimed and the planner never
 * gets fresh statistics. The housekeeping does it instead, once an hour. A Postgres server's own
 * autovacuum does this there, so nothing is done. Returns whether it ran.
 */
export async function vacuumEmbedded(db: Db, o: { kind: Database['kind'] }): Promise<boolean> {
  if (o.kind !== 'pglite') return false;
  await db.$executeRawUnsafe('VACUUM (ANALYZE)');
  return true;
}
