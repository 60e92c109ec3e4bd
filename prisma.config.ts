import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only: migrations run through our own scripts (src/db/migrate.ts),
// because the CLI's native schema engine cannot be downloaded on every machine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
