import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Issue 15: a NUL byte in a platform display name made every message from that user fail.

const TOKEN = '123456:NULnameTESTtokenABCDEFGHIJKLMNO';

describe('Telegram: a NUL in the display name', () => {
  let fake: FakeTelegramServer;
  let app: TestApp;
  let channels: Channels;

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    app = await createTestApp({ secrets: [TOKEN] });
    channels = await startChannels(app, { telegram: { token: TOKEN, mode: 'polling', apiRoot: fake.apiRoot }, http: { host: '127.0.0.1', port: 0 } });
  });
  afterAll(async () => {
    await channels?.close();
    await fake?.close();
    await app?.close();
  });

  it('the user still gets every reply, and the name is stored without it', async () => {
    fake.sendText(4242, '/start', { firstName: 'Ng\u0000uyễn\u0007 An' });
    await vi.waitFor(() => expect(fake.sentTo(4242)).toHaveLength(1), { timeout: 10_000 });
    expect(fake.sentTo(4242)[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    fake.sendText(4242, '/menu\u0000', { firstName: '\u0000' });
    await vi.waitFor(() => expect(fake.sentTo(4242)).toHaveLength(2), { timeout: 10_000 });
    expect(fake.sentTo(4242)[1]!.text).not.toContain('Xin lỗi');
    const account = await app.db.prisma.channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel: 'telegram', externalId: '4242' } } });
    expect(account.displayName).toBe('Nguyễn An');
    expect(app.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
