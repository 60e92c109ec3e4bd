import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { InboundMessage, OutboundMessage } from '../../lib/messages.js';
import type { Router } from '../../router/router.js';
import type { ConsoleNotices } from './console-notices.js';
import { toJsonReply, toTerminalText } from './render.js';

export const CONSOLE_USER = 'console-user';

const ScriptedLine = z.object({ user: z.string().min(1).max(64).optional(), text: z.string().optional(), action: z.string().optional() }).strict();

export interface ConsoleOptions {
  router: Router;
  /** Where documents the bot sends are saved. */
  exportDir: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Messages the bot sent to console users on its own (printed with the reply that caused them). */
  notices?: ConsoleNotices;
}

function inbound(userId: string, fields: { text?: string; action?: string }): InboundMessage {
  return { channel: 'console', chatId: userId, userId, ...fields, receivedAt: new Date() };
}

async function saveDocument(exportDir: string, reply: OutboundMessage): Promise<string | undefined> {
  const doc = reply.document;
  if (!doc) return undefined;
  if (doc.path) return doc.path;
  await mkdir(exportDir, { recursive: true });
  const file = path.join(exportDir, path.basename(doc.filename));
  await writeFile(file, doc.content ?? new Uint8Array());
  return file;
}

/** Waits until the stream took the chunk, so each JSON line is out before the next input is read. */
function writeLine(output: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => output.write(`${line}\n`, (e) => (e ? reject(e) : resolve())));
}

/**
 * `--jsonl`: one JSON line in → exactly one JSON line out, `{"in", "replies"}`. A plain line is text
 * from `o.userId` (`--user`, default `console-user`); a line starting with `{` is
 * `{"user"?, "text"?, "action"?}` so a script can speak as several users (no `user`: `o.userId`).
 * Messages the bot sent to console users on its own meanwhile come in the same line as
 * `"notices": [{"user", ...reply}]`.
 */
export async function runJsonl(o: ConsoleOptions & { userId?: string }): Promise<void> {
  const userId = o.userId ?? CONSOLE_USER;
  const lines = createInterface({ input: o.input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    let msg: InboundMessage;
    if (line.trimStart().startsWith('{')) {
      let parsed: z.infer<typeof ScriptedLine>;
      try {
        parsed = ScriptedLine.parse(JSON.parse(line));
      } catch (e) {
        await writeLine(o.output, JSON.stringify({ in: line, replies: [], error: `invalid input line: ${(e as Error).message.split('\n')[0]}` }));
        continue;
      }
      msg = inbound(parsed.user ?? userId, { text: parsed.text, action: parsed.action });
    } else {
      msg = inbound(userId, { text: line });
    }
    const replies = await o.router.handle(msg);
    const rendered = await Promise.all(replies.map(async (r) => toJsonReply(r, await saveDocument(o.exportDir, r))));
    const notices = await Promise.all(
      (o.notices?.drain() ?? []).map(async (n) => ({ user: n.user, ...toJsonReply(n.reply, await saveDocument(o.exportDir, n.reply)) })),
    );
    await writeLine(o.output, JSON.stringify({ in: line, replies: rendered, ...(notices.length ? { notices } : {}) }));
  }
}

/** An interactive chat in the terminal: type text, a button's number or its label. */
export async function runInteractive(o: ConsoleOptions & { banner: string; userId?: string }): Promise<void> {
  const rl = createInterface({ input: o.input, output: o.output, terminal: true });
  const userId = o.userId ?? CONSOLE_USER;
  o.output.write(`${o.banner}\n`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    const replies = await o.router.handle(inbound(userId, { text: line }));
    for (const r of replies) o.output.write(`\n${toTerminalText(r, await saveDocument(o.exportDir, r))}\n`);
    for (const n of o.notices?.drain() ?? []) o.output.write(`\n📨 → ${n.user}\n${toTerminalText(n.reply, await saveDocument(o.exportDir, n.reply))}\n`);
    o.output.write('\n');
    rl.prompt();
  }
}
