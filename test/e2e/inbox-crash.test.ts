import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createFreshPostgresDatabase } from '../../tools/fresh-postgres-database.js';
import { startFakeTelegram, type FakeTelegramServer } from '../fakes/telegram-server.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { freePort } from '../support/channel-drivers.js';
import { childEnv, projectRoot } from '../support/chat-process.js';
import { testPostgresUrl } from '../support/test-db.js';

/**
 * The durable inbox against real `npm start` processes (Telegram and Zalo OA on webhooks, behind
 * the fakes), killed with SIGKILL at named points of handling (HTX_CRASH_AT) and restarted: every
 * acknowledged update is handled exactly once and answered once. PGlite by default; a fresh
 * Postgres database with TEST_DATABASE=postgres (then also two processes at once).
 */
const TOKEN = '765432:inbox-crash-secret-ABCdefGHIjkl';
const SECRET = 'inbox-webhook-secret-0123456789';
const onPostgres = process.env.TEST_DATABASE === 'postgres';

interface Bot {
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  logs(): string;
}

describe('the durable inbox across crashes (real processes)', () => {
  let tg: FakeTelegramServer;
  let oa: FakeZaloOaServer;
  let dataDir: string;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let nextUpdateId = 1;
  const running = new Set<Bot>();

  beforeAll(async () => {
    [tg, oa] = await Promise.all([startFakeTelegram({ token: TOKEN }), startFakeZaloOa({ refreshToken: 'refresh-inbox-first' })]);
    dataDir = mkdtempSync(path.join(tmpdir(), 'htx-inbox-'));
    if (onPostgres) {
      const fresh = await createFreshPostgresDatabase(testPostgresUrl(), 'htx_inbox');
      databaseUrl = fresh.url;
      dropDatabase = fresh.drop;
    }
  });
  afterEach(async () => {
    // A failed test leaves no process behind (the next one needs the data folder).
    for (const bot of running) bot.child.kill('SIGKILL');
    await Promise.all([...running].map((b) => b.exited));
  });
  afterAll(async () => {
    for (const bot of running) bot.child.kill('SIGKILL');
    await Promise.all([...running].map((b) => b.exited));
    await Promise.all([tg?.close(), oa?.close()]);
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startBot(extra: Record<string, string> = {}): Promise<Bot> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: childEnv({
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
        PUBLIC_URL: 'https://htx.example.org',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        ZALO_OA_APP_ID: oa.appId,
        ZALO_OA_APP_SECRET: oa.appSecret,
        ZALO_OA_SECRET_KEY: oa.oaSecretKey,
        ZALO_OA_REFRESH_TOKEN: 'refresh-inbox-first',
        ZALO_OA_API_ROOT: oa.url,
        ZALO_OA_OAUTH_ROOT: oa.url,
        REPORT_REMINDERS: 'false',
        ...extra,
      }),
    });
    let logs = '';
    child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
    child.stdout!.on('data', () => {});
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
    const bot: Bot = { port, child, exited, logs: () => logs };
    running.add(bot);
    void exited.then(() => running.delete(bot));
    await vi.waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode) throw new Error(`the bot exited at start: ${logs.slice(-2000)}`);
        const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string };
        expect(health.status).toBe('ok');
      },
      { timeout: 60_000, interval: 250 },
    );
    return bot;
  }

  async function stopBot(bot: Bot): Promise<void> {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }

  function textUpdate(userId: number, text: string) {
    const id = nextUpdateId++;
    return {
      update_id: id,
      message: { message_id: id, from: { id: userId, is_bot: false, first_name: 'Lan' }, chat: { id: userId, type: 'private' }, date: 1, text },
    };
  }
  function buttonUpdate(userId: number, data: string) {
    const id = nextUpdateId++;
    return {
      update_id: id,
      callback_query: { id: `cb${id}`, from: { id: userId, is_bot: false, first_name: 'Lan' }, data, message: { chat: { id: userId } } },
    };
  }
  async function post(bot: Bot, update: object): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${bot.port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    await res.text();
    return res.status;
  }
  /** Posts an update and waits for the chat to get `replies` more messages. */
  async function exchange(bot: Bot, userId: number, update: object, replies = 1): Promise<void> {
    const before = tg.sentTo(userId).length;
    expect(await post(bot, update)).toBe(200);
    await vi.waitFor(() => expect(tg.sentTo(userId).length).toBeGreaterThanOrEqual(before + replies), { timeout: 15_000 });
  }

  async function withDb<R>(use: (db: Database) => Promise<R>): Promise<R> {
    // Only with no bot running on PGlite (one process owns the folder).
    const db = await openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir });
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  }

  /** Onboarding up to the name question: consent given, the next answer is the name. */
  async function toNameStep(bot: Bot, userId: number): Promise<void> {
    await exchange(bot, userId, textUpdate(userId, '/start'));
    await exchange(bot, userId, buttonUpdate(userId, 'profile'));
    await exchange(bot, userId, buttonUpdate(userId, 'profile:consent:yes'));
    expect(tg.sentTo(userId).at(-1)!.text).toMatch(/tên/i);
  }

  for (const [point, userId] of [
    ['before-settle', 3001],
    ['after-settle', 3002],
  ] as const) {
    it(`a kill -9 ${point === 'before-settle' ? 'after handling, before the commit' : 'after the commit, before the reply'}: one reply after the restart, the conversation advanced once`, async () => {
      const first = await startBot();
      await toNameStep(first, userId);
      await stopBot(first);
      const sentBefore = tg.sentTo(userId).length;
      const conversationOf = (db: Database) =>
        db.prisma.conversationState.findUniqueOrThrow({ where: { channel_chatId: { channel: 'telegram', chatId: String(userId) } } });
      const atName = await withDb(conversationOf);

      const crashing = await startBot({ HTX_CRASH_AT: point });
      expect(await post(crashing, textUpdate(userId, 'Nguyễn Thị Lan'))).toBe(200);
      expect(await crashing.exited).toBe(-1); // SIGKILL
      expect(tg.sentTo(userId).length).toBe(sentBefore); // nothing answered yet

      // Committed with its reply recorded (after-settle), or not at all (before-settle).
      expect((await withDb(conversationOf)).version).toBe(atName.version + (point === 'after-settle' ? 1 : 0));
      const restarted = await startBot();
      await vi.waitFor(() => expect(tg.sentTo(userId).length).toBe(sentBefore + 1), { timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 1500)); // nothing more comes
      expect(tg.sentTo(userId).length).toBe(sentBefore + 1);
      // The phone question (the name was taken once, not also read as a phone number).
      const reply = tg.sentTo(userId).at(-1)!;
      expect(reply.text).toContain('Số điện thoại');
      expect(JSON.stringify(reply.reply_markup ?? {})).toContain('request_contact');
      await stopBot(restarted);

      await withDb(async (db) => {
        const conversation = await conversationOf(db);
        expect(conversation.version).toBe(atName.version + 1); // advanced once
        expect(conversation.step).toBe('phone');
        expect(atName.step).not.toBe('phone');
        const events = await db.prisma.inboxEvent.findMany({ where: { chatKey: `telegram:${userId}` } });
        expect(events.every((e) => e.handledAt)).toBe(true);
        const replies = await db.prisma.inboxReply.findMany({ where: { chatKey: `telegram:${userId}` } });
        expect(replies.every((r) => r.outcome === 'sent')).toBe(true);
      });
    }, 180_000);
  }

  it('a Zalo OA event answered 200, then kill -9 before handling: handled after the restart', async () => {
    const crashing = await startBot({ HTX_CRASH_AT: 'before-handle' });
    oa.setWebhook(`http://127.0.0.1:${crashing.port}/zalo/oa/webhook`);
    const event = oa.textEvent('oa-crash-1', '/start');
    expect((await oa.pushEvent(event)).status).toBe(200);
    expect(await crashing.exited).toBe(-1);
    expect(oa.sentTo('oa-crash-1')).toHaveLength(0);

    const restarted = await startBot();
    await vi.waitFor(() => expect(oa.sentTo('oa-crash-1')).toHaveLength(1), { timeout: 20_000 });
    expect(oa.sentTo('oa-crash-1')[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    // Zalo redelivers the same signed event: stored once, not answered again.
    oa.setWebhook(`http://127.0.0.1:${restarted.port}/zalo/oa/webhook`);
    expect((await oa.pushEvent(event)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(oa.sentTo('oa-crash-1')).toHaveLength(1);
    await stopBot(restarted);
  }, 180_000);

  it('the same Telegram update delivered twice is handled once, and one chat is answered in order', async () => {
    const bot = await startBot();
    const twice = textUpdate(3101, '/start');
    const statuses = await Promise.all([post(bot, twice), post(bot, twice)]);
    expect(statuses).toEqual([200, 200]);
    await vi.waitFor(() => expect(tg.sentTo(3101)).toHaveLength(1), { timeout: 15_000 });
    expect(await post(bot, twice)).toBe(200); // a late redelivery
    await new Promise((r) => setTimeout(r, 1000));
    expect(tg.sentTo(3101)).toHaveLength(1);

    for (let i = 1; i <= 8; i++) expect(await post(bot, textUpdate(3102, `/lenh${i}`))).toBe(200);
    await vi.waitFor(() => expect(tg.sentTo(3102)).toHaveLength(8), { timeout: 20_000 });
    expect(tg.sentTo(3102).map((m) => /\/lenh(\d)/.exec(m.text ?? '')?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    await stopBot(bot);
  }, 120_000);

  it.runIf(onPostgres)(
    'two processes on one Postgres database: a duplicate is handled once, one chat stays in order',
    async () => {
      const [a, b] = await Promise.all([startBot(), startBot()]);
      const twice = textUpdate(3201, '/start');
      expect(await Promise.all([post(a, twice), post(b, twice)])).toEqual([200, 200]);
      await vi.waitFor(() => expect(tg.sentTo(3201)).toHaveLength(1), { timeout: 15_000 });

      for (let i = 1; i <= 8; i++) expect(await post(i % 2 ? a : b, textUpdate(3202, `/lenh${i}`))).toBe(200);
      await vi.waitFor(() => expect(tg.sentTo(3202)).toHaveLength(8), { timeout: 20_000 });
      expect(tg.sentTo(3202).map((m) => /\/lenh(\d)/.exec(m.text ?? '')?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      await new Promise((r) => setTimeout(r, 1000));
      expect(tg.sentTo(3201)).toHaveLength(1);
      await Promise.all([stopBot(a), stopBot(b)]);
    },
    120_000,
  );
});
