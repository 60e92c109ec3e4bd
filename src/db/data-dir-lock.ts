import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../lib/is-alive.js';

/** Another process already uses the embedded data folder. */
export class DataFolderBusyError extends Error {
  override name = 'DataFolderBusyError';
}

/** The lock file: the owner's pid, nothing else (bench/ and operators read it). */
export const LOCK_FILE = 'htx.pid';
/** A file that is still empty this long after it was made belongs to a writer that died. */
const EMPTY_GRACE_MS = 2_000;
/** The owner reads the lock back after this long, to be sure it is still its own (fencing). */
const FENCE_MS = 25;

/** The lock folders this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

/** One incarnation of a lock (or takeover) file: who wrote it, and which file it is (its inode). */
interface Instance {
  pid: number;
  /** pid and inode: two files never share it while both exist, so a stale lock is named exactly. */
  id: string;
  ageMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Reads a lock or takeover file and its identity through one descriptor (consistent); null when it is gone. */
function readInstance(file: string): Instance | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    throw e;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, 'utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : 0;
    return { pid, id: `${pid}-${st.ino}`, ageMs: Date.now() - Number(st.mtimeMs) };
  } finally {
    closeSync(fd);
  }
}

/** Whether the writer of this file may still act on it: alive, or an empty file just being written. */
function active(i: Instance): boolean {
  if (i.pid === 0) return i.ageMs < EMPTY_GRACE_MS;
  return i.pid !== process.pid && isAlive(i.pid);
}

/** Creates `target` with our pid atomically (a hard link to a full file: it fails if `target` exists, and is never seen half-written). */
function createExclusive(tmp: string, target: string): boolean {
  try {
    linkSync(tmp, target);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(errno(e) ?? '')) throw e;
  }
  // A file system without hard links: an exclusive create, written at once (readers wait out an empty file).
  try {
    writeFileSync(target, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Takes over the lock instance `stale` (its process is gone). Takeovers of one instance are
 * serialised by a marker file `htx.pid.takeover-<instance>` created exclusively: exactly one
 * process wins it, checks that the lock is still that instance, and only then replaces it with
 * `rename` (atomic). Nobody else can change the lock meanwhile: it exists (so no one can create
 * it) and only the marker's holder may replace it. If the marker's holder died before finishing,
 * the next process takes over that marker the same way, one level down.
 */
function takeOver(dir: string, lockPath: string, stale: Instance, tmp: string): 'won' | 'wait' {
  const chain: string[] = [];
  let key = stale.id;
  for (let depth = 0; depth < 16; depth++) {
    const marker = path.join(dir, `${LOCK_FILE}.takeover-${key}`);
    if (createExclusive(tmp, marker)) {
      chain.push(marker);
      const now = readInstance(lockPath);
      if (now?.id !== stale.id) {
        // Someone finished a takeover (or the lock went away) since we read it: start again.
        rmSync(marker, { force: true });
        return 'wait';
      }
      renameSync(tmp, lockPath);
      for (const m of chain) rmSync(m, { force: true });
      return 'won';
    }
    const holder = readInstance(marker);
    if (!holder || active(holder)) return 'wait';
    chain.push(marker);
    key = `${key}~${holder.id}`;
  }
  return 'wait';
}

/** Removes temporary and takeover files left by processes that are gone (after we own the lock). */
function sweep(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${LOCK_FILE}.`)) continue;
    const file = path.join(dir, name);
    try {
      const tmpPid = /^htx\.pid\.tmp-(\d+)-/.exec(name)?.[1];
      if (tmpPid !== undefined) {
        if (Number(tmpPid) !== process.pid && !isAlive(Number(tmpPid))) rmSync(file, { force: true });
        continue;
      }
      const i = readInstance(file);
      if (i && !active(i) && i.pid !== process.pid) rmSync(file, { force: true });
    } catch {
      /* best effort */
    }
  }
}

/**
 * PGlite is one process's database: two processes on one folder would corrupt it, so the folder
 * carries a lock file `htx.pid` with the owner's pid, taken atomically: a file with our pid is
 * hard-linked to the lock path (fails if it exists). A stale lock (its process is gone) is taken
 * over through `takeOver` (an exclusive marker, then `rename`), and the new owner reads the lock
 * back after a short delay (fencing). Of several processes starting at once after a crash, exactly
 * one owns the folder; the others get a DataFolderBusyError. Returns the function that unlocks.
 */
export async function lockDataDir(dataDir: string, options: { waitMs?: number } = {}): Promise<() => void> {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const key = path.resolve(lockPath);
  const busy = (pid: number) =>
    new DataFolderBusyError(
      `The data folder ${dataDir} is in use by process ${pid}. Stop it first, or set DATA_DIR to another folder (or DATABASE_URL to a Postgres server to run several processes).`,
    );
  if (held.has(key)) throw busy(process.pid);
  held.add(key);
  const tmp = path.join(dataDir, `${LOCK_FILE}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(tmp, String(process.pid), { flag: 'wx' });
    const deadline = Date.now() + (options.waitMs ?? 5_000);
    try {
      for (;;) {
        if (createExclusive(tmp, lockPath)) break;
        const current = readInstance(lockPath);
        if (current) {
          if (active(current)) {
            if (current.pid !== 0) throw busy(current.pid);
          } else if (takeOver(dataDir, lockPath, current, tmp) === 'won') {
            break;
          }
        }
        if (Date.now() > deadline) throw new DataFolderBusyError(`Could not lock the data folder ${dataDir}: another process is taking it over.`);
        await sleep(5 + Math.random() * 20);
      }
    } finally {
      rmSync(tmp, { force: true });
    }
    const mine = readInstance(lockPath);
    if (mine?.pid !== process.pid) throw busy(mine?.pid ?? 0);
    await sleep(FENCE_MS);
    const again = readInstance(lockPath);
    if (again?.id !== mine.id) throw busy(again?.pid ?? 0);
    sweep(dataDir);
    return () => {
      held.delete(key);
      if (readInstance(lockPath)?.id === mine.id) rmSync(lockPath, { force: true });
    };
  } catch (e) {
    held.delete(key);
    throw e;
  }
}
