import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const WEBHOOK_SECRET = 'webhook_secret-0123456789';

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

describe('loadConfig', () => {
  describe('defaults', () => {
    it('uses an embedded PGlite database in an absolute ./data directory, without Telegram', () => {
      const c = loadConfig({});
      expect(c.database).toEqual({ kind: 'pglite', dataDir: path.resolve('./data') });
      expect(c.database.kind === 'pglite' && path.isAbsolute(c.database.dataDir)).toBe(true);
      expect(c.telegram).toBeUndefined();
    });

    it('fills in the documented defaults', () => {
      const c = loadConfig({});
      expect(c).toMatchObject({
        env: 'development',
        logLevel: 'info',
        defaultLocale: 'vi',
        migrateOnStart: true,
        http: { host: '127.0.0.1', port: 3000 },
        console: 'auto',
        rateLimit: { messages: 20, windowMs: 10_000 },
        conversationTtlMs: 72 * 3600_000,
        secrets: [],
      });
      expect(c.http.publicUrl).toBeUndefined();
    });

    it('ignores environment variables it does not know', () => {
      expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
    });

    it('treats empty optional variables as unset', () => {
      const c = loadConfig({ DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '  ', PUBLIC_URL: '' });
      expect(c.database.kind).toBe('pglite');
      expect(c.telegram).toBeUndefined();
    });
  });

  describe('database', () => {
    it('uses Postgres when DATABASE_URL is set', () => {
      const url = 'postgres://htx:pw123456@db.local:5432/htx';
      expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    });

    it('accepts the postgresql:// scheme', () => {
      expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }).database.kind).toBe('postgres');
    });

    it('resolves a relative DATA_DIR to an absolute path', () => {
      const c = loadConfig({ DATA_DIR: 'var/htx' });
      expect(c.database).toEqual({ kind: 'pglite', dataDir: path.resolve('var/htx') });
    });

    it('rejects a non-Postgres DATABASE_URL without echoing it', () => {
      const err = configError({ DATABASE_URL: 'mysql://u:topsecretpw@h/db' });
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]).toMatch(/^DATABASE_URL: /);
      expect(err.message).not.toContain('topsecretpw');
    });
  });

  describe('Telegram', () => {
    it('configures polling with a valid token', () => {
      const c = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN });
      expect(c.telegram).toEqual({ token: TOKEN, mode: 'polling', webhookSecret: undefined, apiRoot: 'https://api.telegram.org' });
    });

    it('configures webhook mode with a public URL (trailing slashes removed) and a secret', () => {
      const c = loadConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        PUBLIC_URL: 'https://bot.example.vn//',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      expect(c.telegram).toMatchObject({ mode: 'webhook', webhookSecret: WEBHOOK_SECRET });
      expect(c.http.publicUrl).toBe('https://bot.example.vn');
    });

    it('requires PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET in webhook mode, naming both', () => {
      const err = configError({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' });
      expect(err.issues).toHaveLength(2);
      expect(err.issues.some((i) => i.startsWith('PUBLIC_URL'))).toBe(true);
      expect(err.issues.some((i) => i.startsWith('TELEGRAM_WEBHOOK_SECRET'))).toBe(true);
      expect(err.message).toContain('PUBLIC_URL');
      expect(err.message).toContain('TELEGRAM_WEBHOOK_SECRET');
    });

    it('requires a token in webhook mode too', () => {
      const err = configError({ TELEGRAM_MODE: 'webhook' });
      expect(err.issues.some((i) => i.includes('TELEGRAM_BOT_TOKEN'))).toBe(true);
      expect(err.issues).toHaveLength(3);
    });

    it('refuses an http:// webhook URL in production', () => {
      const err = configError({
        NODE_ENV: 'production',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        PUBLIC_URL: 'http://bot.example.vn',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      expect(err.issues).toEqual([expect.stringMatching(/^PUBLIC_URL: .*https/)]);
    });

    it('allows an http:// webhook URL outside production', () => {
      const c = loadConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        PUBLIC_URL: 'http://localhost:3000',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      expect(c.http.publicUrl).toBe('http://localhost:3000');
    });

    it('names a malformed TELEGRAM_BOT_TOKEN without echoing its value', () => {
      const bad = 'not-a-token-but-still-SECRET-9876';
      const err = configError({ TELEGRAM_BOT_TOKEN: bad });
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]).toMatch(/^TELEGRAM_BOT_TOKEN: /);
      expect(err.message).toContain('TELEGRAM_BOT_TOKEN');
      expect(err.message).not.toContain(bad);
      expect(err.issues.join('\n')).not.toContain(bad);
    });

    it('names a malformed TELEGRAM_WEBHOOK_SECRET without echoing its value', () => {
      const bad = 'too short!';
      const err = configError({ TELEGRAM_WEBHOOK_SECRET: bad });
      expect(err.issues[0]).toMatch(/^TELEGRAM_WEBHOOK_SECRET: /);
      expect(err.message).not.toContain(bad);
    });

    it('rejects a PUBLIC_URL that is not an http(s) URL', () => {
      expect(configError({ PUBLIC_URL: 'ftp://bot.example.vn' }).issues[0]).toMatch(/^PUBLIC_URL: /);
      expect(configError({ PUBLIC_URL: 'bot.example.vn' }).issues[0]).toMatch(/^PUBLIC_URL: /);
    });
  });

  describe('invalid values', () => {
    it("names HTTP_PORT='abc' and shows the value given", () => {
      const err = configError({ HTTP_PORT: 'abc' });
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0]).toMatch(/^HTTP_PORT: /);
      expect(err.issues[0]).toContain('"abc"');
      expect(err.name).toBe('ConfigError');
      expect(err.message).toMatch(/^Invalid configuration:\n {2}- HTTP_PORT: /);
    });

    it('rejects ports out of range', () => {
      expect(configError({ HTTP_PORT: '70000' }).issues[0]).toMatch(/^HTTP_PORT: /);
      expect(configError({ HTTP_PORT: '-1' }).issues[0]).toMatch(/^HTTP_PORT: /);
    });

    it('reports bad values and webhook contradictions together', () => {
      const err = configError({ HTTP_PORT: 'abc', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' });
      const names = err.issues.map((i) => i.split(':')[0]);
      expect(names.sort()).toEqual(['HTTP_PORT', 'PUBLIC_URL', 'TELEGRAM_WEBHOOK_SECRET']);
    });

    it('lists every bad variable at once', () => {
      const err = configError({ HTTP_PORT: 'abc', LOG_LEVEL: 'loud', RATE_LIMIT_MESSAGES: '0', MIGRATE_ON_START: 'maybe' });
      const names = err.issues.map((i) => i.split(':')[0]);
      expect(names.sort()).toEqual(['HTTP_PORT', 'LOG_LEVEL', 'MIGRATE_ON_START', 'RATE_LIMIT_MESSAGES']);
    });
  });

  describe('parsing', () => {
    it('reads numbers and converts seconds and hours to milliseconds', () => {
      const c = loadConfig({ HTTP_PORT: '8080', RATE_LIMIT_MESSAGES: '5', RATE_LIMIT_WINDOW_SECONDS: '60', CONVERSATION_TTL_HOURS: '1' });
      expect(c.http.port).toBe(8080);
      expect(c.rateLimit).toEqual({ messages: 5, windowMs: 60_000 });
      expect(c.conversationTtlMs).toBe(3_600_000);
    });

    it.each([
      ['true', true],
      ['1', true],
      ['yes', true],
      ['on', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['off', false],
    ])('reads MIGRATE_ON_START=%s as %s', (value, expected) => {
      expect(loadConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(expected);
    });
  });

  describe('secrets', () => {
    it('lists the bot token, webhook secret and database URL for the logger to scrub', () => {
      const url = 'postgres://htx:pw123456@db/htx';
      const c = loadConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        PUBLIC_URL: 'https://bot.example.vn',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        DATABASE_URL: url,
      });
      expect(c.secrets).toHaveLength(3);
      expect(c.secrets).toEqual(expect.arrayContaining([TOKEN, WEBHOOK_SECRET, url]));
    });

    it('lists only the secrets that are set', () => {
      expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN }).secrets).toEqual([TOKEN]);
    });
  });
});
