// Runs `prisma generate` offline. Prisma 7's CLI wants a schema engine binary even though
// generating the client does not use it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// file skips that download (migrations use @prisma/schema-engine-wasm, see src/db/migrations.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
