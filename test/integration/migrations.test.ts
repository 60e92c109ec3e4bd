import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createFreshPostgresDatabase } from '../../tools/fresh-postgres-database.js';
import { testPostgresUrl } from '../support/test-db.js';
import { allMigrationsApplied, applyMigrations, createMigration, readMigrationList } from '../../src/db/migrations.js';

const onPostgres = process.env.TEST_DATABASE === 'postgres';

describe('migrations (WebAssembly schema engine, no native binary)', () => {
  it('apply to an empty database once, recorded in _prisma_migrations, then are a no-op', async () => {
    const client = await PGlite.create();
    const factory = new PrismaPGlite(client) as unknown as SqlMigrationAwareDriverAdapterFactory;
    const all = (await readMigrationList()).migrationDirectories.map((d) => d.path);
    expect(await allMigrationsApplied((sql) => client.query(sql))).toBe(false);
    expect(await applyMigrations(factory)).toEqual(all);
    expect(await applyMigrations(factory)).toEqual([]);
    expect(await allMigrationsApplied((sql) => client.query(sql))).toBe(true);
    const rows = await client.query<{ migration_name: string; checksum: string }>('select migration_name, checksum from _prisma_migrations');
    expect(rows.rows.map((r) => r.migration_name)).toEqual(all);
    expect(rows.rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    await client.close();
  });

  it('find no difference between the migrations folder and schema.prisma (npm run db:migration is clean)', async () => {
    const scratch = await PGlite.create();
    expect(await createMigration(new PrismaPGlite(scratch) as unknown as SqlMigrationAwareDriverAdapterFactory, 'check')).toBeNull();
    await scratch.close();
  });

  it.runIf(onPostgres)('serialise two processes starting together on one Postgres database', async () => {
    const fresh = await createFreshPostgresDatabase(testPostgresUrl(), 'htx_mig');
    const url = fresh.url;
    const [a, b] = await Promise.all([openDatabase({ kind: 'postgres', url }), openDatabase({ kind: 'postgres', url })]);
    const results = await Promise.all([a.migrate(), b.migrate()]);
    expect(results.map((r) => r.length).sort()).toEqual([0, (await readMigrationList()).migrationDirectories.length]);
    expect(await a.prisma.person.count()).toBe(0);
    await Promise.all([a.close(), b.close()]);
    await fresh.drop();
  });
});
