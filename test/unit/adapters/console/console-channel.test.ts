import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONSOLE_USER, runJsonl } from '../../../../src/adapters/console/console-channel.js';
import type { InboundMessage } from '../../../../src/lib/messages.js';
import type { Router } from '../../../../src/router/router.js';

/** A router that answers each message with who sent it and what. */
function echoRouter(seen: InboundMessage[]): Router {
  return {
    handle: async (msg: InboundMessage) => {
      seen.push(msg);
      return [{ text: `${msg.userId}: ${msg.text ?? msg.action}` }];
    },
  } as unknown as Router;
}

/** Runs `--jsonl` over the given input lines; the parsed output lines. */
async function jsonl(lines: string[], userId?: string) {
  const seen: InboundMessage[] = [];
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const done = runJsonl({ router: echoRouter(seen), exportDir: 'exports', input, output, ...(userId ? { userId } : {}) });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return {
    seen,
    out: out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { in: string; replies: { text: string }[] }),
  };
}

describe('runJsonl', () => {
  it('speaks as --user for plain lines and for JSON lines without a user', async () => {
    const { seen, out } = await jsonl(['/dulieu', '{"text":"xin chào"}', '{"user":"other","text":"hi"}'], 'officer-demo');
    expect(seen.map((m) => [m.chatId, m.userId])).toEqual([
      ['officer-demo', 'officer-demo'],
      ['officer-demo', 'officer-demo'],
      ['other', 'other'],
    ]);
    expect(out.map((l) => l.replies[0]!.text)).toEqual(['officer-demo: /dulieu', 'officer-demo: xin chào', 'other: hi']);
  });

  it('speaks as the console user when no --user is given', async () => {
    const { seen } = await jsonl(['/start']);
    expect(seen[0]).toMatchObject({ channel: 'console', chatId: CONSOLE_USER, userId: CONSOLE_USER, text: '/start' });
  });
});
