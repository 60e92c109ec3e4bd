import { createHash } from 'node:crypto';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { freePort } from './channel-drivers.js';
import { createTestApp, type TestApp } from './test-app.js';

export const TELEGRAM_TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
export const TELEGRAM_SECRET = 'webhook-secret-0123456789';
export const ZALO_BOT_TOKEN = '1234567890:zalo-bot-token-abcdefghijklmnop';
export const ZALO_BOT_SECRET = 'zalo-bot-secret-0123456789';

/** The app with all three channels on webhooks against the fakes, the officer API and an officer's token. */
export interface AllWebhooks {
  app: TestApp;
  channels: Channels;
  telegram: FakeTelegramServer;
  zaloBot: FakeZaloBotServer;
  zaloOa: FakeZaloOaServer;
  /** A valid officer API token (Thái Bình). */
  apiToken: string;
  url(path: string): string;
  /** The `X-ZEvent-Signature` of a raw OA body with this timestamp. */
  oaSignature(rawBody: Buffer | string, timestamp: string): string;
  close(): Promise<void>;
}

export async function startAllWebhooks(): Promise<AllWebhooks> {
  const telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
  const zaloBot = await startFakeZaloBot({ token: ZALO_BOT_TOKEN });
  const zaloOa = await startFakeZaloOa({ refreshToken: 'refresh-first' });
  const app = await createTestApp({ secrets: [TELEGRAM_TOKEN, TELEGRAM_SECRET, ZALO_BOT_TOKEN, ZALO_BOT_SECRET, zaloOa.appSecret, zaloOa.oaSecretKey] });
  const port = await freePort();
  const channels = await startChannels(app, {
    telegram: { token: TELEGRAM_TOKEN, mode: 'webhook', apiRoot: telegram.apiRoot, webhookSecret: TELEGRAM_SECRET },
    zaloBot: { token: ZALO_BOT_TOKEN, mode: 'webhook', webhookSecret: ZALO_BOT_SECRET, apiRoot: zaloBot.apiRoot },
    zaloOa: {
      appId: zaloOa.appId,
      appSecret: zaloOa.appSecret,
      oaSecretKey: zaloOa.oaSecretKey,
      refreshToken: 'refresh-first',
      apiRoot: zaloOa.url,
      oauthRoot: zaloOa.url,
    },
    http: { host: '127.0.0.1', port, publicUrl: `http://127.0.0.1:${port}` },
  });
  zaloOa.setWebhook(`${channels.http.url}/zalo/oa/webhook`);
  const officer = await app.db.prisma.person.create({ data: { role: 'officer', name: 'Cán bộ', province: 'Thái Bình' } });
  const apiToken = (await createApiToken(app.db.prisma, { personId: officer.id, name: 'Kiểm thử' })).token;
  return {
    app,
    channels,
    telegram,
    zaloBot,
    zaloOa,
    apiToken,
    url: (path) => `${channels.http.url}${path}`,
    oaSignature: (rawBody, timestamp) =>
      `mac=${createHash('sha256').update(zaloOa.appId).update(rawBody).update(timestamp).update(zaloOa.oaSecretKey).digest('hex')}`,
    async close() {
      await channels.close();
      await Promise.all([telegram.close(), zaloBot.close(), zaloOa.close()]);
      await app.close();
    },
  };
}
