import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { freePort } from '../support/channel-drivers.js';
import { spawn } from 'node:child_process';
import { childEnv, projectRoot } from '../support/chat-process.js';

const TOKEN = '1234567890:zalo-process-secret-abc';

describe('npm start with both Zalo channels configured (a real process)', () => {
  let dataDir: string;
  let bot: FakeZaloBotServer;
  let oa: FakeZaloOaServer;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'htx-zalo-'));
    [bot, oa] = await Promise.all([startFakeZaloBot({ token: TOKEN }), startFakeZaloOa({ refreshToken: 'refresh-process-first' })]);
  });
  afterAll(async () => {
    await Promise.all([bot?.close(), oa?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves Zalo Bot polling and the OA webhook, reports health, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    // node itself (not the tsx wrapper) so that SIGTERM reaches the bot's own handler directly.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnv({
        DATA_DIR: dataDir,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
        ZALO_BOT_TOKEN: TOKEN,
        ZALO_BOT_API_ROOT: bot.apiRoot,
        ZALO_OA_APP_ID: oa.appId,
        ZALO_OA_APP_SECRET: oa.appSecret,
        ZALO_OA_SECRET_KEY: oa.oaSecretKey,
        ZALO_OA_REFRESH_TOKEN: 'refresh-process-first',
        ZALO_OA_API_ROOT: oa.url,
        ZALO_OA_OAUTH_ROOT: oa.url,
      }),
    });
    let logs = '';
    child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json() as Promise<{ status: string; channels: Record<string, unknown> }>;
    await vi.waitFor(async () => expect((await health()).status).toBe('ok'), { timeout: 30_000, interval: 250 });
    expect(Object.keys((await health()).channels).sort()).toEqual(['zalo_bot', 'zalo_oa']);

    bot.sendText('zb-proc', '/start');
    await vi.waitFor(() => expect(bot.sentTo('zb-proc')).toHaveLength(1), { timeout: 15_000 });
    expect(bot.sentTo('zb-proc')[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');

    oa.setWebhook(`http://127.0.0.1:${port}/zalo/oa/webhook`);
    expect((await oa.pushEvent(oa.textEvent('oa-proc', '/start'))).status).toBe(200);
    await vi.waitFor(() => expect(oa.sentTo('oa-proc')).toHaveLength(1), { timeout: 15_000 });
    expect((await oa.pushEvent(oa.textEvent('oa-proc', '/start'), { signature: 'wrong' })).status).toBe(401);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const secret of [
      TOKEN,
      'zalo-process-secret',
      oa.appSecret,
      oa.oaSecretKey,
      'refresh-process-first',
      oa.currentRefreshToken(),
      ...oa.validAccessTokens(),
    ]) {
      expect(logs).not.toContain(secret);
    }
  }, 90_000);
});
