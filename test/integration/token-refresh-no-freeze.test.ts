import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlatformToken, rotatePlatformToken, type TokenPair } from '../../src/services/platform-tokens/platform-token.js';
import { startChannels, ZALO_OA_TOKEN, type Channels } from '../../src/start-channels.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

// Issue 15: a token refresh held a transaction across the OA token endpoint, so a slow endpoint
// froze every other chat on PGlite (one connection). The exchange now runs outside any transaction.

let fake: FakeZaloOaServer;
let app: TestApp;
let channels: Channels;

beforeAll(async () => {
  fake = await startFakeZaloOa({ refreshToken: 'refresh-slow-first' });
  app = await createTestApp({ secrets: [fake.appSecret, fake.oaSecretKey, 'refresh-slow-first'] });
  channels = await startChannels(app, {
    zaloOa: {
      appId: fake.appId,
      appSecret: fake.appSecret,
      oaSecretKey: fake.oaSecretKey,
      refreshToken: 'refresh-slow-first',
      apiRoot: fake.url,
      oauthRoot: fake.url,
    },
    http: { host: '127.0.0.1', port: 0 },
  });
});
afterAll(async () => {
  await channels?.close();
  await fake?.close();
  await app?.close();
});

describe('a slow Zalo OA token endpoint', () => {
  it('leaves other chats answered in under 500 ms while a 20 s refresh is in flight', { timeout: 60_000 }, async () => {
    // The users have chatted before (their accounts exist): the timed answers are ordinary ones.
    for (let i = 0; i < 4; i++) await say(app, `slow-token-user-${i}`, '/start');
    fake.setRefreshLatency(20_000);
    fake.expireAccessTokens();
    const before = fake.refreshCount;
    const started = Date.now();
    const slowSend = channels.zaloOa!.send('oa-slow-1', { text: 'Thông báo' });
    // The refresh is under way (the endpoint has the request).
    while (fake.refreshAttempts === 0 || fake.calls.at(-1)?.path !== '/v4/oa/access_token') await new Promise((r) => setTimeout(r, 20));
    const timings: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = Date.now();
      const replies = await say(app, `slow-token-user-${i % 4}`, i % 2 ? '/menu' : '/start');
      timings.push(Date.now() - t0);
      expect(texts(replies).length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 150));
    }
    // Still waiting on the endpoint: the answers above came during the refresh.
    expect(Date.now() - started).toBeLessThan(15_000);
    // Frozen, each would wait for the endpoint (~20 s). Typical answers take < 500 ms; a loaded CI
    // machine may stall one now and then, so the bound on every single answer is looser.
    const sorted = [...timings].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!, `timings ${timings.join(', ')}`).toBeLessThan(500);
    expect(Math.max(...timings), `timings ${timings.join(', ')}`).toBeLessThan(2_000);
    await slowSend;
    expect(fake.refreshCount).toBe(before + 1);
    expect(fake.sentTo('oa-slow-1').map((m) => m.text)).toEqual(['Thông báo']);
    expect((await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN))!.refreshToken).toBe(fake.currentRefreshToken());
    fake.setRefreshLatency(0);
  });
});

describe('rotatePlatformToken (compare-and-swap, lease)', () => {
  const pair = (n: number): TokenPair => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: new Date(Date.now() + 3600_000) });

  it('spends the refresh token once when several callers rotate together, the others take the new pair', async () => {
    await app.db.prisma.platformToken.create({ data: { name: 'cas-test', refreshToken: 'refresh-0' } });
    let spent = 0;
    const exchange = async (rt: string) => {
      spent++;
      expect(rt).toBe('refresh-0');
      await new Promise((r) => setTimeout(r, 300));
      return pair(1);
    };
    const results = await Promise.all([1, 2, 3].map(() => rotatePlatformToken(app.db.prisma, 'cas-test', 'refresh-0', exchange)));
    expect(spent).toBe(1);
    for (const r of results) expect(r.refreshToken).toBe('refresh-1');
    expect((await loadPlatformToken(app.db.prisma, 'cas-test'))!.refreshToken).toBe('refresh-1');
    // The lease is given back.
    expect(await app.db.prisma.platformToken.findUnique({ where: { name: 'cas-test#refreshing' } })).toBeNull();
  });

  it('uses the stored pair when it changed while the exchange was in flight', async () => {
    await app.db.prisma.platformToken.create({ data: { name: 'cas-lost', refreshToken: 'old' } });
    const result = await rotatePlatformToken(app.db.prisma, 'cas-lost', 'old', async () => {
      // An operator replaced it meanwhile.
      await app.db.prisma.platformToken.update({ where: { name: 'cas-lost' }, data: { refreshToken: 'operator', accessToken: 'operator-access' } });
      return pair(9);
    });
    expect(result).toMatchObject({ refreshToken: 'operator', accessToken: 'operator-access' });
    expect((await loadPlatformToken(app.db.prisma, 'cas-lost'))!.refreshToken).toBe('operator');
  });

  it('takes over the lease of a process that died while refreshing once the lease has run out', async () => {
    await app.db.prisma.platformToken.create({ data: { name: 'cas-dead', refreshToken: 'r0' } });
    // A lease left by a dead process, already run out.
    await app.db.prisma.platformToken.create({ data: { name: 'cas-dead#refreshing', refreshToken: 'dead:1', expiresAt: new Date(Date.now() - 1000) } });
    const result = await rotatePlatformToken(app.db.prisma, 'cas-dead', 'r0', async () => pair(2));
    expect(result.refreshToken).toBe('refresh-2');
  });

  it('gives back the lease when the exchange fails', async () => {
    await app.db.prisma.platformToken.create({ data: { name: 'cas-fail', refreshToken: 'f0' } });
    await expect(
      rotatePlatformToken(app.db.prisma, 'cas-fail', 'f0', async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await app.db.prisma.platformToken.findUnique({ where: { name: 'cas-fail#refreshing' } })).toBeNull();
    expect((await loadPlatformToken(app.db.prisma, 'cas-fail'))!.refreshToken).toBe('f0');
  });
});
