import { PassThrough } from 'node:stream';
import { runJsonl } from '../../src/adapters/console/console-channel.js';
import type { ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { JsonReply } from '../../src/adapters/console/render.js';
import type { Router } from '../../src/router/router.js';

export interface JsonlLine {
  in: string;
  replies: JsonReply[];
  notices?: (JsonReply & { user: string })[];
  error?: string;
}

/**
 * Drives the console channel's `--jsonl` mode in process: each `send` writes one input line and
 * resolves with the one JSON line the channel printed for it.
 */
export function consoleSession(router: Router, exportDir = 'exports', notices?: ConsoleNotices) {
  const input = new PassThrough();
  const output = new PassThrough();
  let buffered = '';
  const waiting: ((line: JsonlLine) => void)[] = [];
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(JSON.parse(line) as JsonlLine);
    }
  });
  const done = runJsonl({ router, exportDir, input, output, notices });
  return {
    send(line: string | Record<string, unknown>): Promise<JsonlLine> {
      const text = typeof line === 'string' ? line : JSON.stringify(line);
      return new Promise((resolve) => {
        waiting.push(resolve);
        input.write(`${text}\n`);
      });
    },
    async end(): Promise<void> {
      input.end();
      await done;
    },
  };
}
