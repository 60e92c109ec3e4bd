import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { withSchemaEngine } from './schema-engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(root, 'prisma', 'schema.prisma');
export const migrationsDir = path.join(root, 'prisma', 'migrations');
const noFilters = { externalTables: [], externalEnums: [] };

/** Reads `prisma/migrations` in the shape the schema engine expects. */
export async function readMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const content = existsSync(file) ? { tag: 'ok' as const, value: await readFile(file, 'utf8') } : { tag: 'error' as const, value: `missing ${file}` };
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: lockPath, content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Runs one SQL query and returns its rows (PGlite's `query` and pg's `query` both fit). */
export type QueryRows = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * True when every migration folder is recorded as finished in `_prisma_migrations`, so that a
 * normal start skips loading the schema engine (about a second of WebAssembly compilation).
 */
export async function allMigrationsApplied(query: QueryRows, list?: MigrationList): Promise<boolean> {
  const names = (list ?? (await readMigrationList())).migrationDirectories.map((d) => d.path);
  const exists = await query(`select to_regclass('public._prisma_migrations') is not null as present`);
  if (!exists.rows[0]?.present) return names.length === 0;
  const done = await query('select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null');
  const applied = new Set(done.rows.map((r) => String(r.migration_name)));
  return names.every((n) => applied.has(n));
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied.
 * With `query`, first checks cheaply whether there is anything to do.
 */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, query?: QueryRows): Promise<string[]> {
  const migrationsList = await readMigrationList();
  if (query && (await allMigrationsApplied(query, migrationsList))) return [];
  const result = await withSchemaEngine(factory, undefined, (engine) => engine.applyMigrations({ migrationsList, filters: noFilters }));
  return result.appliedMigrationNames;
}

/**
 * Writes a new migration for the difference between the migrations folder and `schema.prisma`.
 * `scratch` must be an empty database (an in-memory PGlite does): the existing migrations are
 * applied to it, then the engine diffs that database against the schema — no shadow database and
 * no native engine needed. Returns the new folder's name, or null when nothing changed.
 */
export async function createMigration(scratch: SqlMigrationAwareDriverAdapterFactory, name: string, now = new Date()): Promise<string | null> {
  await applyMigrations(scratch);
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const diff = await withSchemaEngine(scratch, schema, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: root },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    }),
  );
  const sql = (diff.stdout ?? '').trim();
  if (!sql || sql === '-- This is an empty migration.') return null;
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'migration';
  const folder = `${stamp}_${slug}`;
  await mkdir(path.join(migrationsDir, folder), { recursive: true });
  await writeFile(path.join(migrationsDir, folder, 'migration.sql'), `${sql}\n`);
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockPath)) {
    await writeFile(lockPath, '# Written by npm run db:migration; do not edit.\nprovider = "postgresql"\n');
  }
  return folder;
}
