import type { OutboundMessage } from '../../lib/messages.js';
import { numberedButtons } from '../../lib/messages.js';

/** The JSON shape `npm run chat -- --jsonl` prints for one reply. */
export interface JsonReply {
  text: string;
  buttons?: { label: string; action: string }[][];
  document?: string;
  imageUrl?: string;
}

export function toJsonReply(msg: OutboundMessage, documentPath?: string): JsonReply {
  const out: JsonReply = { text: msg.text };
  if (msg.imageUrl) out.imageUrl = msg.imageUrl;
  if (msg.buttons?.length) out.buttons = msg.buttons.map((row) => row.map(({ label, action }) => ({ label, action })));
  if (documentPath) out.document = documentPath;
  return out;
}

/** A reply as the terminal shows it: the text, then the buttons as a numbered list. */
export function toTerminalText(msg: OutboundMessage, documentPath?: string): string {
  const lines = msg.imageUrl ? [`🖼 ${msg.imageUrl}`, msg.text] : [msg.text];
  // The console cannot share a contact: the prompt's text already invites typing the number.
  lines.push(...numberedButtons(msg).map((b, i) => `  ${i + 1}. ${b.label}`));
  if (documentPath) lines.push(`  📎 ${documentPath}`);
  return lines.join('\n');
}
