import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { vacuumEmbedded } from '../../src/services/maintenance/vacuum-embedded.js';
import { createTestDatabase } from '../support/test-db.js';

describe('vacuumEmbedded', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('vacuums and analyzes PGlite, which has no autovacuum, and leaves a Postgres server to its own', async () => {
    await database.prisma.cooperative.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ name: `HTX ${i}`, province: 'Tỉnh A', sector: 'agriculture' })),
    });
    await database.prisma.cooperative.deleteMany({ where: { name: { startsWith: 'HTX 1' } } });
    const ran = await vacuumEmbedded(database.prisma, { kind: database.kind });
    expect(ran).toBe(database.kind === 'pglite');
    if (!ran) return;
    // The table's last (manual) vacuum and analyze, as the statistics record them; its dead-row count
    // is reported lazily, so it is not a reliable sign of the vacuum.
    const [row] = await database.prisma.$queryRaw<{ vacuumed: boolean; analyzed: boolean }[]>`
      select last_vacuum is not null as vacuumed, last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'Cooperative'`;
    expect(row).toEqual({ vacuumed: true, analyzed: true });
  });
});
