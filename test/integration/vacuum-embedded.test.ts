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
    await database.prisma.cooperative.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ name: `HTX ${i}`, province: 'Tỉnh A', sector: 'agriculture' })) });
    await database.prisma.cooperative.deleteMany({ where: { name: { startsWith: 'HTX 1' } } });
    const ran = await vacuumEmbedded(database);
    expect(ran).toBe(database.kind === 'pglite');
    if (!ran) return;
    const [row] = await database.prisma.$queryRaw<{ analyzed: boolean; dead: bigint }[]>`
      select last_analyze is not null as analyzed, n_dead_tup as dead from pg_stat_user_tables where relname = 'Cooperative'`;
    expect(row).toEqual({ analyzed: true, dead: 0n });
  });
});
