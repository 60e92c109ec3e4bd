import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZaloOaClient } from '../../src/adapters/zalo/oa-api-client.js';
import { refreshOaTokenIfAging } from '../../src/jobs/refresh-oa-token.js';
import { createLogger } from '../../src/lib/logger.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Issue 16, part 4: the daily job that rotates the OA's tokens before the (single-use, ~3 months)
// refresh token ages out, run once at a given time.

const DAY = 86_400_000;
const NAME = 'zalo_oa_job_test';
const logger = createLogger({ level: 'silent' });
let app: TestApp;
let fake: FakeZaloOaServer;
const now = new Date('2026-12-05T02:00:00Z');

async function store(o: { updatedAt: Date; accessToken?: string | null; expiresAt?: Date | null; refreshToken?: string }) {
  await app.db.prisma.platformToken.upsert({
    where: { name: NAME },
    create: {
      name: NAME,
      refreshToken: o.refreshToken ?? 'r-stored',
      accessToken: o.accessToken ?? null,
      expiresAt: o.expiresAt ?? null,
      updatedAt: o.updatedAt,
    },
    update: { refreshToken: o.refreshToken ?? 'r-stored', accessToken: o.accessToken ?? null, expiresAt: o.expiresAt ?? null, updatedAt: o.updatedAt },
  });
}

function run(maxAgeDays?: number) {
  let refreshes = 0;
  const deps = { services: app.services, tokenName: NAME, maxAgeDays, logger, refresh: async () => void refreshes++ };
  return refreshOaTokenIfAging(deps, now).then((result) => ({ result, refreshes }));
}

beforeAll(async () => {
  app = await createTestApp();
  fake = await startFakeZaloOa({ refreshToken: 'r-job-initial' });
});
afterAll(async () => {
  await fake?.close();
  await app?.close();
});
beforeEach(async () => {
  await app.db.prisma.platformToken.deleteMany({ where: { name: { startsWith: NAME } } });
});

describe('refreshOaTokenIfAging', () => {
  const valid = { accessToken: 'a', expiresAt: new Date(now.getTime() + 20 * 3600_000) };

  it('does nothing without a stored token', async () => {
    expect(await run()).toEqual({ result: 'no_token', refreshes: 0 });
  });

  it('leaves a refresh token younger than 30 days with a valid access token', async () => {
    await store({ updatedAt: new Date(now.getTime() - 29 * DAY), ...valid });
    expect(await run()).toEqual({ result: 'fresh', refreshes: 0 });
  });

  it('refreshes a refresh token 30 days old or more', async () => {
    await store({ updatedAt: new Date(now.getTime() - 30 * DAY), ...valid });
    expect(await run()).toEqual({ result: 'refreshed', refreshes: 1 });
  });

  it('uses the configured age (ZALO_OA_TOKEN_REFRESH_DAYS)', async () => {
    await store({ updatedAt: new Date(now.getTime() - 8 * DAY), ...valid });
    expect(await run(7)).toEqual({ result: 'refreshed', refreshes: 1 });
    expect(await run(9)).toEqual({ result: 'fresh', refreshes: 0 });
  });

  it('refreshes an expired or missing access token, however young the refresh token', async () => {
    await store({ updatedAt: new Date(now.getTime() - DAY), accessToken: 'a', expiresAt: new Date(now.getTime() - 1) });
    expect(await run()).toEqual({ result: 'refreshed', refreshes: 1 });
    await store({ updatedAt: new Date(now.getTime() - DAY), accessToken: null });
    expect(await run()).toEqual({ result: 'refreshed', refreshes: 1 });
  });

  it('with the real client: spends the stored refresh token once, stores the new pair and its date', async () => {
    await store({ updatedAt: new Date(Date.now() - 40 * DAY), refreshToken: 'r-job-initial', ...valid, expiresAt: new Date(Date.now() + 3600_000) });
    const tokens = {
      load: () => app.services.loadPlatformToken(NAME),
      rotate: (seen: string | null, exchange: (rt: string) => Promise<import('../../src/services/platform-tokens/platform-token.js').TokenPair>) =>
        app.services.rotatePlatformToken(NAME, seen, exchange),
    };
    const client = createZaloOaClient({ appId: fake.appId, appSecret: fake.appSecret, apiRoot: fake.url, oauthRoot: fake.url, tokens });
    const deps = { services: app.services, tokenName: NAME, logger, refresh: client.refreshNow };
    const at = new Date();
    expect(await refreshOaTokenIfAging(deps, at)).toBe('refreshed');
    expect(fake.refreshCount).toBe(1);
    const state = (await app.services.platformTokenState(NAME))!;
    expect(state.refreshToken).toBe(fake.currentRefreshToken());
    expect(state.updatedAt.getTime()).toBeGreaterThanOrEqual(at.getTime() - 1000);
    // The next day's run finds it young.
    expect(await refreshOaTokenIfAging(deps, new Date(at.getTime() + DAY))).toBe('fresh');
    expect(fake.refreshCount).toBe(1);
  });
});
