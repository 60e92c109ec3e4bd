import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

const BOT_TOKEN = '1234567890:aBcD_eFgH-iJkLmNoPqRsTuV';
const BOT_SECRET = 'zalo_bot-webhook_secret_0123';
const APP_ID = '3608465249409039670';
const APP_SECRET = 'AppSecret-Zx9Qw8Er7Ty6';
const OA_SECRET_KEY = 'OaSecretKey-Pl0Ok9Ij8Uh7';
const REFRESH_TOKEN = 'refresh-Tk_0123456789abcdefghijklmnop';
const OA = { ZALO_OA_APP_ID: APP_ID, ZALO_OA_APP_SECRET: APP_SECRET, ZALO_OA_SECRET_KEY: OA_SECRET_KEY };

/** The ConfigError that loadConfig throws for this environment. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

const names = (err: ConfigError) => err.issues.map((i) => i.split(':')[0]);

describe('loadConfig: Zalo Bot', () => {
  it('is off by default', () => {
    expect(loadConfig({}).zaloBot).toBeUndefined();
    expect(loadConfig({ ZALO_BOT_TOKEN: '  ' }).zaloBot).toBeUndefined();
  });

  it('enables the bot in polling mode against the default API root', () => {
    expect(loadConfig({ ZALO_BOT_TOKEN: BOT_TOKEN }).zaloBot).toEqual({
      token: BOT_TOKEN,
      mode: 'polling',
      webhookSecret: undefined,
      apiRoot: 'https://bot-api.zaloplatforms.com',
    });
  });

  it('trims the token', () => {
    expect(loadConfig({ ZALO_BOT_TOKEN: ` ${BOT_TOKEN}\n` }).zaloBot?.token).toBe(BOT_TOKEN);
  });

  it('takes ZALO_BOT_API_ROOT', () => {
    expect(loadConfig({ ZALO_BOT_TOKEN: BOT_TOKEN, ZALO_BOT_API_ROOT: 'http://127.0.0.1:9000' }).zaloBot?.apiRoot).toBe('http://127.0.0.1:9000');
  });

  it.each(['not-a-token-secretvalue', '1234567890:short', 'abc:aBcDeFgHiJkL', '1234567890aBcDeFgHiJkL', '1234567890:aBcD eFgH iJkL'])(
    'refuses the malformed token %j without echoing it',
    (bad) => {
      const err = configError({ ZALO_BOT_TOKEN: bad });
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]).toMatch(/^ZALO_BOT_TOKEN: /);
      expect(err.message).not.toContain(bad);
      expect(err.issues.join('\n')).not.toContain(bad);
    },
  );

  it('refuses a malformed webhook secret without echoing it', () => {
    const bad = 'short secret!';
    const err = configError({ ZALO_BOT_TOKEN: BOT_TOKEN, ZALO_BOT_WEBHOOK_SECRET: bad });
    expect(names(err)).toEqual(['ZALO_BOT_WEBHOOK_SECRET']);
    expect(err.message).not.toContain(bad);
  });

  it('refuses an unknown ZALO_BOT_MODE', () => {
    expect(names(configError({ ZALO_BOT_TOKEN: BOT_TOKEN, ZALO_BOT_MODE: 'push' }))).toEqual(['ZALO_BOT_MODE']);
  });

  it('names PUBLIC_URL and ZALO_BOT_WEBHOOK_SECRET when webhook mode lacks them', () => {
    const err = configError({ ZALO_BOT_TOKEN: BOT_TOKEN, ZALO_BOT_MODE: 'webhook' });
    expect(names(err).sort()).toEqual(['PUBLIC_URL', 'ZALO_BOT_WEBHOOK_SECRET']);
    expect(err.message).not.toContain(BOT_TOKEN);
  });

  it('names the token too when webhook mode has nothing', () => {
    expect(names(configError({ ZALO_BOT_MODE: 'webhook' })).sort()).toEqual(['PUBLIC_URL', 'ZALO_BOT_TOKEN', 'ZALO_BOT_WEBHOOK_SECRET']);
  });

  it('enables webhook mode with a public URL and a secret', () => {
    const c = loadConfig({ ZALO_BOT_TOKEN: BOT_TOKEN, ZALO_BOT_MODE: 'webhook', PUBLIC_URL: 'https://bot.example.vn/', ZALO_BOT_WEBHOOK_SECRET: BOT_SECRET });
    expect(c.zaloBot).toEqual({ token: BOT_TOKEN, mode: 'webhook', webhookSecret: BOT_SECRET, apiRoot: 'https://bot-api.zaloplatforms.com' });
    expect(c.http.publicUrl).toBe('https://bot.example.vn');
  });

  it('is independent of Telegram settings', () => {
    const c = loadConfig({ ZALO_BOT_TOKEN: BOT_TOKEN });
    expect(c.telegram).toBeUndefined();
    expect(c.zaloOa).toBeUndefined();
  });
});

describe('loadConfig: Zalo OA', () => {
  it('is off by default', () => {
    expect(loadConfig({}).zaloOa).toBeUndefined();
  });

  it('names the two missing variables when only ZALO_OA_APP_ID is set', () => {
    const err = configError({ ZALO_OA_APP_ID: APP_ID });
    expect(names(err).sort()).toEqual(['ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY']);
  });

  it.each<[string, NodeJS.ProcessEnv, string[]]>([
    ['only the app secret', { ZALO_OA_APP_SECRET: APP_SECRET }, ['ZALO_OA_APP_ID', 'ZALO_OA_SECRET_KEY']],
    ['only the OA secret key', { ZALO_OA_SECRET_KEY: OA_SECRET_KEY }, ['ZALO_OA_APP_ID', 'ZALO_OA_APP_SECRET']],
    ['only the refresh token', { ZALO_OA_REFRESH_TOKEN: REFRESH_TOKEN }, ['ZALO_OA_APP_ID', 'ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY']],
    ['app id and secret', { ZALO_OA_APP_ID: APP_ID, ZALO_OA_APP_SECRET: APP_SECRET }, ['ZALO_OA_SECRET_KEY']],
    ['app id and a blank secret key', { ...OA, ZALO_OA_SECRET_KEY: '   ' }, ['ZALO_OA_SECRET_KEY']],
  ])('names what is missing when given %s', (_, env, expected) => {
    const err = configError(env);
    expect(names(err).sort()).toEqual(expected);
    for (const secret of [APP_SECRET, OA_SECRET_KEY, REFRESH_TOKEN]) expect(err.message).not.toContain(secret);
  });

  it('refuses a non-numeric app id', () => {
    const err = configError({ ...OA, ZALO_OA_APP_ID: 'my-app' });
    expect(names(err)).toEqual(['ZALO_OA_APP_ID']);
  });

  it('enables the OA with the three variables and the default roots', () => {
    expect(loadConfig(OA).zaloOa).toEqual({
      appId: APP_ID,
      appSecret: APP_SECRET,
      oaSecretKey: OA_SECRET_KEY,
      refreshToken: undefined,
      apiRoot: 'https://openapi.zalo.me',
      oauthRoot: 'https://oauth.zaloapp.com',
      maxEventAgeMs: 24 * 3600_000,
      tokenRefreshDays: 30,
    });
  });

  it('takes the age at which the daily job refreshes the OA tokens (ZALO_OA_TOKEN_REFRESH_DAYS, 1–80)', () => {
    expect(loadConfig({ ...OA, ZALO_OA_TOKEN_REFRESH_DAYS: '14' }).zaloOa?.tokenRefreshDays).toBe(14);
    for (const bad of ['0', '81', '1.5', 'monthly'])
      expect(names(configError({ ...OA, ZALO_OA_TOKEN_REFRESH_DAYS: bad }))).toEqual(['ZALO_OA_TOKEN_REFRESH_DAYS']);
  });

  it('takes the age past which a signed OA event is dropped (ZALO_OA_MAX_EVENT_AGE_HOURS, at most 30 days)', () => {
    expect(loadConfig({ ...OA, ZALO_OA_MAX_EVENT_AGE_HOURS: '48' }).zaloOa?.maxEventAgeMs).toBe(48 * 3600_000);
    for (const bad of ['0', '-1', '1.5', '721', 'a day'])
      expect(names(configError({ ...OA, ZALO_OA_MAX_EVENT_AGE_HOURS: bad }))).toEqual(['ZALO_OA_MAX_EVENT_AGE_HOURS']);
  });

  it('takes the refresh token and custom roots', () => {
    const c = loadConfig({
      ...OA,
      ZALO_OA_REFRESH_TOKEN: REFRESH_TOKEN,
      ZALO_OA_API_ROOT: 'http://127.0.0.1:9001',
      ZALO_OA_OAUTH_ROOT: 'http://127.0.0.1:9002',
    });
    expect(c.zaloOa).toMatchObject({ refreshToken: REFRESH_TOKEN, apiRoot: 'http://127.0.0.1:9001', oauthRoot: 'http://127.0.0.1:9002' });
  });

  it('refuses a root that is not a URL', () => {
    expect(names(configError({ ...OA, ZALO_OA_API_ROOT: 'openapi.zalo.me' }))).toEqual(['ZALO_OA_API_ROOT']);
  });

  it('reports Zalo Bot and OA problems in one run', () => {
    const err = configError({ ZALO_BOT_TOKEN: 'bad', ZALO_OA_APP_ID: APP_ID });
    expect(names(err).sort()).toEqual(['ZALO_BOT_TOKEN', 'ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY']);
  });
});

describe('loadConfig: Zalo secrets', () => {
  it('lists every Zalo secret so the logger can scrub it', () => {
    const c = loadConfig({
      ZALO_BOT_TOKEN: BOT_TOKEN,
      ZALO_BOT_WEBHOOK_SECRET: BOT_SECRET,
      ...OA,
      ZALO_OA_REFRESH_TOKEN: REFRESH_TOKEN,
    });
    expect(c.secrets).toEqual(expect.arrayContaining([BOT_TOKEN, BOT_SECRET, APP_SECRET, OA_SECRET_KEY, REFRESH_TOKEN]));
    expect(c.secrets).toHaveLength(5);
    expect(c.secrets).not.toContain(APP_ID);
  });

  it('lists only the Zalo secrets that are set', () => {
    expect(loadConfig({ ZALO_BOT_TOKEN: BOT_TOKEN }).secrets).toEqual([BOT_TOKEN]);
    expect(loadConfig(OA).secrets.sort()).toEqual([APP_SECRET, OA_SECRET_KEY].sort());
  });
});

describe('Zalo Bot webhook in production', () => {
  it('refuses an http:// PUBLIC_URL', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        ZALO_BOT_TOKEN: '1234567890:abcdefghijkl',
        ZALO_BOT_MODE: 'webhook',
        ZALO_BOT_WEBHOOK_SECRET: 'a'.repeat(20),
        PUBLIC_URL: 'http://htx.example.vn',
      }),
    ).toThrow(/Zalo only calls https:\/\/ webhooks in production/);
  });
});

describe('loadConfig: Zalo domain verification file', () => {
  it('reads the file Zalo gives, kept under its own name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'htx-verifier-'));
    const file = path.join(dir, 'zalo_verifierQx7_Lm-90.html');
    writeFileSync(file, '<html>ok</html>');
    expect(loadConfig({ ZALO_DOMAIN_VERIFIER_FILE: file }).http.zaloVerifier).toEqual({ name: 'zalo_verifierQx7_Lm-90.html', html: '<html>ok</html>' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a renamed or missing file', () => {
    expect(names(configError({ ZALO_DOMAIN_VERIFIER_FILE: '/tmp/verify.html' }))).toEqual(['ZALO_DOMAIN_VERIFIER_FILE']);
    const missing = configError({ ZALO_DOMAIN_VERIFIER_FILE: '/nonexistent/zalo_verifierAbc.html' });
    expect(missing.issues.join('\n')).toContain('ZALO_DOMAIN_VERIFIER_FILE: cannot read it (ENOENT)');
  });
});
