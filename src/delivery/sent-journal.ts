import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * An append-only file of the outbox rows a platform took, written the moment each send returns
 * and before the database is told. On the embedded database the lane marks sends `sent` in
 * groups, so a killed process would otherwise leave a few dozen sent rows `sending`, and they
 * would be sent again. The file survives a killed process (each line is one write(2) to the
 * kernel); the next start marks its rows sent before sending anything (see applySentJournal).
 *
 * One journal per lane and data folder: only for a process that owns its database alone
 * (PGlite), since another process could otherwise have handed the rows out again meanwhile.
 */
export interface SentJournal {
  /** A row the platform took (synchronous, so it is on file before anything else runs). */
  append(id: number): void;
  /** The rows on file, in order, with when they were taken. */
  read(): { id: number; at: Date }[];
  /** Empties the file: every row on it is marked in the database. */
  clear(): void;
  /** Bytes appended since the last clear. */
  readonly size: number;
  close(): void;
}

export function openSentJournal(file: string): SentJournal {
  const fd = openSync(file, 'a+');
  let size = 0;
  let closed = false;
  return {
    append(id) {
      if (closed) return;
      size += writeSync(fd, `${id} ${Date.now()}\n`);
    },
    read() {
      const out: { id: number; at: Date }[] = [];
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        // A line cut short by the kill has no time (or half a number): the time is what makes it whole.
        const m = /^(\d{1,10}) (\d{13})$/.exec(line);
        if (m) out.push({ id: Number(m[1]), at: new Date(Number(m[2])) });
      }
      return out;
    },
    clear() {
      if (closed) return;
      ftruncateSync(fd, 0);
      size = 0;
    },
    get size() {
      return size;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
