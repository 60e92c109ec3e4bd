import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderBusyError, lockDataDir } from '../../src/db/data-dir-lock.js';
import { projectRoot } from '../support/chat-process.js';

// Issue 15: the stale-lock takeover read the dead owner's pid, deleted the lock and recreated it;
// three processes starting at once after a crash gave two owners in 13 of 20 trials.

const scratch = mkdtempSync(path.join(tmpdir(), 'htx-lock-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

interface Racer {
  child: ChildProcessWithoutNullStreams;
  line(): Promise<string>;
  exited: Promise<number | null>;
}

function racer(dir: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-data-dir-child.ts', dir], { cwd: projectRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  return {
    child,
    exited,
    line: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise((r) => waiting.push(r))),
  };
}

describe('PGlite data folder lock', () => {
  it('three processes starting at once over a stale lock: exactly one owner, 50 times out of 50', { timeout: 480_000 }, async () => {
    const dead = await deadPid();
    const outcomes: string[][] = [];
    for (let trial = 0; trial < 50; trial++) {
      const dir = path.join(scratch, `trial-${trial}`);
      // A crashed owner's lock.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'htx.pid'), String(dead));
      const racers = [racer(dir), racer(dir), racer(dir)];
      for (const r of racers) expect(await r.line()).toBe('ready');
      for (const r of racers) r.child.stdin.write('go\n');
      const said = await Promise.all(racers.map((r) => r.line()));
      outcomes.push(said);
      const winners = said.filter((l) => l.startsWith('won '));
      const losers = said.filter((l) => l.startsWith('busy '));
      expect(winners, `trial ${trial}: ${said.join(' | ')}`).toHaveLength(1);
      expect(losers, `trial ${trial}: ${said.join(' | ')}`).toHaveLength(2);
      for (const l of losers) expect(l).toMatch(/is in use by process \d+|another process is taking it over/);
      // The lock names the winner, and nothing but the lock is left in the folder.
      const winnerPid = winners[0]!.split(' ')[1]!;
      expect(readFileSync(path.join(dir, 'htx.pid'), 'utf8')).toBe(winnerPid);
      for (const r of racers) r.child.stdin.end();
      const codes = await Promise.all(racers.map((r) => r.exited));
      expect(codes.sort()).toEqual([0, 3, 3]);
      expect(readdirSync(dir)).toEqual([]);
    }
    expect(outcomes).toHaveLength(50);
  });

  it('takes over a lock left by a dead process, refuses a live owner and a second open in the same process, and unlocks', async () => {
    const dir = path.join(scratch, 'single');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'htx.pid'), String(await deadPid()));
    // A temporary file left by a process that died while starting.
    writeFileSync(path.join(dir, 'htx.pid.tmp-999999-abc'), '999999');
    const unlock = await lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'htx.pid'), 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual(['htx.pid']);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataFolderBusyError);
    unlock();
    expect(readdirSync(dir)).toEqual([]);
    // A live owner (this test's parent process, say).
    writeFileSync(path.join(dir, 'htx.pid'), String(process.ppid));
    await expect(lockDataDir(dir)).rejects.toThrow(`is in use by process ${process.ppid}`);
  });

  it('finishes the takeover of a process that died half-way through one', async () => {
    const dir = path.join(scratch, 'half-way');
    mkdirSync(dir, { recursive: true });
    const crashed = await deadPid();
    writeFileSync(path.join(dir, 'htx.pid'), String(crashed));
    const ino = statSync(path.join(dir, 'htx.pid'), { bigint: true }).ino;
    // The dead taker had won the marker of that lock instance, then died before its rename.
    writeFileSync(path.join(dir, `htx.pid.takeover-${crashed}-${ino}`), String(await deadPid()));
    const unlock = await lockDataDir(dir, { waitMs: 2_000 });
    expect(readFileSync(path.join(dir, 'htx.pid'), 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual(['htx.pid']);
    unlock();
  });
});
