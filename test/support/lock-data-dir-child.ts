// A process that races for a PGlite data folder's lock (test/integration/data-dir-lock.test.ts):
// it prints "ready", waits for "go" on stdin, then takes the lock as openDatabase does. The winner
// prints "won <pid>" and holds the lock until stdin ends; a loser prints "busy <message>" and exits 3.
import { createInterface } from 'node:readline';
import { DataFolderBusyError, lockDataDir } from '../../src/db/data-dir-lock.js';

const dir = process.argv[2]!;
const lines = createInterface({ input: process.stdin });
let unlock: (() => void) | undefined;
process.stdout.write('ready\n');
lines.on('line', (line) => {
  if (line !== 'go') return;
  lockDataDir(dir).then(
    (release) => {
      unlock = release;
      process.stdout.write(`won ${process.pid}\n`);
    },
    (err: unknown) => {
      const busy = err instanceof DataFolderBusyError;
      process.stdout.write(`${busy ? 'busy' : 'error'} ${(err as Error).message.replace(/\n/g, ' ')}\n`);
      process.exit(busy ? 3 : 4);
    },
  );
});
lines.on('close', () => {
  unlock?.();
  process.exit(0);
});
