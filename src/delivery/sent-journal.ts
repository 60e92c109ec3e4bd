import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../lib/is-alive.js';

/**
 * An append-only file of the outbox rows a platform took, written the moment each send returns
 * and before the database is told. A lane marks sends `sent` in groups, so a killed process would
 * otherwise leave its last unmarked sends `sending`, and they would be sent again. The file
 * survives a killed process (each line is one write(2) to the kernel): the next start on this
 * machine marks its rows sent before sending anything (see the channel lane).
 *
 * One file per lane and process (`outbox-sent-<channel>-<pid>.log`): a process's file is left to
 * the others once the process is gone ("orphaned"), and taken up by the next lane of that channel
 * to start on the machine.
 */
export interface SentJournal {
  /** A row the platform took (synchronous, so it is on file before anything else runs). */
  append(id: number): void;
  /** Empties the file: every row on it is marked in the database. */
  clear(): void;
  /** Bytes appended since the last clear. */
  readonly size: number;
  /** Closes and removes the file (a clean stop, everything marked). */
  close(remove: boolean): void;
}

/** The sends on file, in order, with when each was taken. */
export function readSentJournal(file: string): { id: number; at: Date }[] {
  const out: { id: number; at: Date }[] = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const line of text.split('\n')) {
    // A line cut short (a full disk) lacks its time: the time is what makes it whole.
    const m = /^(\d{1,10}) (\d{13})$/.exec(line);
    if (m) out.push({ id: Number(m[1]), at: new Date(Number(m[2])) });
  }
  return out;
}

/** `outbox-sent-<channel>-<writer pid>.log`, with `.taken-<pid>-<ms>` once another process took it up. */
const FILE = /^outbox-sent-(.+)-(\d+)\.log(?:\.taken-(\d+)-\d+)?$/;

/**
 * Takes up the journal files of a channel whose process is gone (or had this process's pid: a
 * restarted container is pid 1 again), by renaming them, so two processes starting together never
 * both take one. Returns the taken files: apply them, then remove them. A taker killed before it
 * removed them leaves them to the next start.
 */
export function takeOrphanJournals(dir: string, channel: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const taken: string[] = [];
  for (const name of names) {
    const m = FILE.exec(name);
    if (!m || m[1] !== channel) continue;
    const owner = Number(m[3] ?? m[2]);
    if (owner !== process.pid && isAlive(owner)) continue;
    const to = path.join(dir, `${name.replace(/\.taken-\d+-\d+$/, '')}.taken-${process.pid}-${Date.now()}`);
    try {
      renameSync(path.join(dir, name), to);
      taken.push(to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // another process took it first
    }
  }
  return taken;
}

/** This process's journal for a channel's lane: a new, empty file in `dir`. */
export function openSentJournal(dir: string, channel: string): SentJournal {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `outbox-sent-${channel}-${process.pid}.log`);
  const fd = openSync(file, 'w');
  let size = 0;
  let closed = false;
  return {
    append(id) {
      if (closed) return;
      size += writeSync(fd, `${id} ${Date.now()}\n`);
    },
    clear() {
      if (closed) return;
      ftruncateSync(fd, 0);
      size = 0;
    },
    get size() {
      return size;
    },
    close(remove) {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (remove) rmSync(file, { force: true });
    },
  };
}
