import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createZaloOaClient, ZaloOaAuthUnavailableError } from '../../src/adapters/zalo/oa-api-client.js';
import { loadPlatformToken } from '../../src/services/platform-tokens/platform-token.js';
import { startChannels, ZALO_OA_TOKEN, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { PATHS, startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

// Issue 16, part 4: an OAuth outage at start (the token endpoint answers a non-JSON 502) must not
// stop the bot. The other channels start and answer; the OA channel is "not ok" on /healthz and
// retries in the background; only a successful exchange spends (and replaces) the refresh token.

const TG_TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const CONFIGURED = 'refresh-outage-configured';
let oa: FakeZaloOaServer;
let tg: FakeTelegramServer;
let app: TestApp;
let channels: Channels;
let startMs = 0;

const healthz = async () => {
  const res = await fetch(`${channels.http.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { channels: Record<string, { ok: boolean; error?: string }> } };
};
const spent = () => oa.callsOf(PATHS.oauth).map((c) => (c.body as { refresh_token?: string }).refresh_token);

beforeAll(async () => {
  oa = await startFakeZaloOa({ refreshToken: CONFIGURED });
  tg = await startFakeTelegram({ token: TG_TOKEN });
  // The first 3 calls to the token endpoint: a proxy's HTML 502 page.
  oa.failOAuth(3, { status: 502 });
  app = await createTestApp({ secrets: [TG_TOKEN, oa.appSecret, oa.oaSecretKey, CONFIGURED] });
  const t0 = Date.now();
  channels = await startChannels(app, {
    telegram: { token: TG_TOKEN, mode: 'polling', apiRoot: tg.apiRoot },
    zaloOa: { appId: oa.appId, appSecret: oa.appSecret, oaSecretKey: oa.oaSecretKey, refreshToken: CONFIGURED, apiRoot: oa.url, oauthRoot: oa.url },
    http: { host: '127.0.0.1', port: 0 },
  });
  startMs = Date.now() - t0;
});
afterAll(async () => {
  await channels?.close();
  await tg?.close();
  await oa?.close();
  await app?.close();
});

describe('an OAuth outage at start', () => {
  it(
    'starts the bot anyway, answers on Telegram and the console, shows OA not ok, then recovers spending the configured token once',
    { timeout: 60_000 },
    async () => {
      expect(startMs).toBeLessThan(10_000);
      // Meanwhile: OA not ok (503), Telegram ok.
      const during = await healthz();
      expect(during.status).toBe(503);
      expect(during.body.channels.zalo_oa).toMatchObject({ ok: false });
      expect(during.body.channels.zalo_oa!.error).toMatch(/unavailable/);
      expect(during.body.channels.telegram).toMatchObject({ ok: true });
      tg.sendText(4242, '/start');
      await vi.waitFor(() => expect(tg.sentTo(4242)).toHaveLength(1), { timeout: 10_000 });
      expect(tg.sentTo(4242)[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
      expect(texts(await say(app, 'outage-console', '/start'))).toContain('Xin chào! Tôi là Trợ lý HTX');
      // The stored refresh token is still the configured one: nothing was spent or replaced.
      expect((await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN))!.refreshToken).toBe(CONFIGURED);
      // The background retries reach the endpoint once it is back.
      await vi.waitFor(async () => expect((await healthz()).status).toBe(200), { timeout: 40_000, interval: 200 });
      expect(oa.refreshAttempts).toBe(4);
      expect(oa.refreshCount).toBe(1);
      // Every call carried the configured token; the one that succeeded spent it, once.
      expect(spent()).toEqual([CONFIGURED, CONFIGURED, CONFIGURED, CONFIGURED]);
      const stored = await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN);
      expect(stored!.refreshToken).toBe(oa.currentRefreshToken());
      expect(stored!.refreshToken).not.toBe(CONFIGURED);
      // And the OA channel works.
      await channels.zaloOa!.send('outage-oa-user', { text: 'Đã hoạt động lại' });
      expect(oa.sentTo('outage-oa-user').map((m) => m.text)).toEqual(['Đã hoạt động lại']);
    },
  );

  it('a later outage while refreshing keeps the stored token and never falls back to the configured one', async () => {
    const storedBefore = (await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN))!.refreshToken;
    const calls = spent().length;
    oa.expireAccessTokens();
    await app.db.prisma.platformToken.update({ where: { name: ZALO_OA_TOKEN }, data: { expiresAt: new Date(Date.now() - 1000) } });
    oa.failOAuth(1, { status: 503, body: 'Service Unavailable' });
    // The send retries (passing fault); the second refresh succeeds with the stored token.
    await channels.zaloOa!.send('outage-oa-user', { text: 'Lần hai' });
    expect(spent().slice(calls)).toEqual([storedBefore, storedBefore]);
    expect(spent()).not.toContain(undefined);
    expect(spent().slice(calls)).not.toContain(CONFIGURED);
    expect((await loadPlatformToken(app.db.prisma, ZALO_OA_TOKEN))!.refreshToken).toBe(oa.currentRefreshToken());
  });

  it('a dropped connection is an outage too (ZaloOaAuthUnavailableError), not a refusal', async () => {
    let stored = { accessToken: null as string | null, refreshToken: oa.currentRefreshToken(), expiresAt: null as Date | null };
    let rotations = 0;
    const client = createZaloOaClient({
      appId: oa.appId,
      appSecret: oa.appSecret,
      apiRoot: oa.url,
      oauthRoot: oa.url,
      tokens: {
        load: async () => stored,
        rotate: async (_seen, exchange) => {
          const next = await exchange(stored.refreshToken);
          rotations++;
          stored = next;
          return next;
        },
      },
    });
    const before = stored.refreshToken;
    oa.failOAuth(1, { reset: true });
    await expect(client.accessToken()).rejects.toBeInstanceOf(ZaloOaAuthUnavailableError);
    expect(rotations).toBe(0);
    expect(oa.currentRefreshToken()).toBe(before);
    await client.refreshNow();
    expect(rotations).toBe(1);
    expect(stored.refreshToken).toBe(oa.currentRefreshToken());
  });
});
