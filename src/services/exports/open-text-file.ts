import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A UTF-8 text file written piece by piece, waiting when the disk is behind (so memory stays flat). */
export interface TextFile {
  write(text: string): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
  /** Closes the file after a failure (what was written stays; the caller removes it). */
  abort(): Promise<void>;
}

/** Creates (or truncates) `file`, and its folder when missing. */
export async function openTextFile(file: string): Promise<TextFile> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (e) => (failure = e));
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  const ended = () => new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) {
        await new Promise<void>((resolve, reject) => {
          const onError = (e: Error) => reject(e);
          stream.once('drain', () => {
            stream.off('error', onError);
            resolve();
          });
          stream.once('error', onError);
        });
      }
    },
    async close() {
      if (failure) throw failure;
      await ended();
    },
    async abort() {
      await ended().catch(() => {});
    },
  };
}
