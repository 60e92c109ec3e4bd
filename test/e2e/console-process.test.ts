import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { chatProcess, childEnv, projectRoot, spawnEntry } from '../support/chat-process.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'htx-chat-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run chat -- --jsonl (a real process on an embedded database folder)', () => {
  it('greets /start in Vietnamese with menu buttons, one JSON line per input line', async () => {
    const chat = chatProcess([], { DATA_DIR: dataDir });
    const line = await chat.send('/start');
    expect(line.in).toBe('/start');
    expect(line.replies[0]!.text).toContain('Xin chào');
    expect(line.replies[0]!.buttons!.flat().length).toBeGreaterThanOrEqual(4);
    chat.child.stdin.end();
    expect(await chat.exited).toBe(0);
  });

  it('resumes the same step after the process is killed mid-conversation', async () => {
    const first = chatProcess([], { DATA_DIR: dataDir });
    await first.send('/hoso');
    const atName = await first.send('đồng ý');
    expect(atName.replies[0]!.text).toContain('họ và tên');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = chatProcess([], { DATA_DIR: dataDir });
    const resumed = await second.send('Hoàng Văn Thụ');
    expect(resumed.replies[0]!.text).toContain('Số điện thoại');
    const done = await second.send('0905 123 456');
    expect(done.replies[0]!.text).toContain('Cảm ơn anh/chị Hoàng Văn Thụ');
    second.child.stdin.end();
    expect(await second.exited).toBe(0);
  });

  it('binds a demo role with --as for local trials; --user speaks the plain lines too', async () => {
    const chat = chatProcess(['--as', 'officer', '--user', 'officer-demo'], { DATA_DIR: dataDir });
    const line = await chat.send('{"user":"officer-demo","text":"/dulieu"}');
    expect(line.replies[0]!.text).toContain('Cán bộ quản lý – Tỉnh Demo');
    // A plain (non-JSON) line comes from --user, not from the default console user.
    const plain = await chat.send('/dulieu');
    expect(plain.replies[0]!.text).toContain('Cán bộ quản lý – Tỉnh Demo');
    chat.child.stdin.end();
    await chat.exited;
  });
});

describe('npm start', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: projectRoot,
      env: childEnv(env),
      input: '',
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('with no channel and no terminal, exits 2 naming the variables to set', () => {
    const r = run({ DATA_DIR: dataDir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TELEGRAM_BOT_TOKEN');
  });

  it('stops on contradictory settings with one message naming each variable, without echoing secrets', () => {
    const r = run({ TELEGRAM_MODE: 'webhook', TELEGRAM_BOT_TOKEN: 'not-a-token-secret-value', HTTP_PORT: 'abc' });
    expect(r.status).toBe(2);
    for (const name of ['TELEGRAM_BOT_TOKEN', 'PUBLIC_URL', 'TELEGRAM_WEBHOOK_SECRET', 'HTTP_PORT']) expect(r.stderr).toContain(name);
    expect(r.stderr).not.toContain('not-a-token-secret-value');
  });

  it('exits with a readable message when Telegram refuses the token, never printing it', async () => {
    const fake = await startFakeTelegram({ token: '111111:RightTokenRightTokenRight' });
    const wrong = '222222:WrongTokenWrongTokenWrong';
    const child = spawnEntry('src/main.ts', [], { DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot, HTTP_PORT: '0' });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    await fake.close();
    expect(code).toBe(1);
    expect(err).toContain('Could not start Telegram');
    expect(err).not.toContain('WrongToken');
  });

  it('refuses a second process on the same data folder with a clear message', async () => {
    const holder = chatProcess([], { DATA_DIR: dataDir });
    await holder.send('/start');
    const second = spawnEntry('src/chat.ts', ['--jsonl'], { DATA_DIR: dataDir });
    let err = '';
    second.stderr.on('data', (c: Buffer) => (err += c.toString()));
    second.stdin.end('/start\n');
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(err).toContain('is in use by process');
    holder.child.stdin.end();
    await holder.exited;
  });
});
