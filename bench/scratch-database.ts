import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/database.js';
import { createFreshPostgresDatabase } from '../tools/fresh-postgres-database.js';

/**
 * A throw-away database for a benchmark: a fresh PGlite folder, or — when DATABASE_URL is set — a
 * new database on that server (the URL's own database is never written to). Migrated.
 */
export async function scratchDatabase(): Promise<{ db: Database; label: 'pglite' | 'postgres'; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), 'htx-bench-'));
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.migrate();
    return { db, label: 'pglite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const fresh = await createFreshPostgresDatabase(url, 'htx_bench');
  const db = await openDatabase({ kind: 'postgres', url: fresh.url });
  await db.migrate();
  return { db, label: 'postgres', drop: fresh.drop };
}

/** The p-th percentile (0–100) of unsorted numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
