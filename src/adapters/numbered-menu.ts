import type { OutboundMessage } from '../lib/messages.js';
import { numberedButtons } from '../lib/messages.js';
import type { T } from '../i18n/i18n.js';
import { splitText } from '../lib/split-text.js';

/**
 * The buttons of a message as lines a user answers by typing ("1. Đăng ký thông tin"), with a hint
 * when a number is expected. Empty when the message has no buttons.
 */
export function numberedLines(msg: OutboundMessage, t: T): string[] {
  const buttons = numberedButtons(msg);
  if (!buttons.length) return [];
  const lines = buttons.map((b, i) => `${i + 1}. ${b.label}`);
  if ((msg.input ?? 'choice') === 'choice') lines.push(buttons.length === 1 ? t('text_menu.hint_one') : t('text_menu.hint', { count: buttons.length }));
  return lines;
}

/**
 * A whole message as plain-text pieces of at most `limit` characters: the text, then the buttons
 * as a numbered list (unless the channel shows them itself), then a note when a document cannot
 * travel on this channel.
 */
export function toTextPieces(msg: OutboundMessage, limit: number, t: T, o: { withButtons?: boolean; documentNote?: boolean } = {}): string[] {
  const parts = [msg.text];
  if (o.withButtons ?? true) {
    const menu = numberedLines(msg, t);
    if (menu.length) parts.push(menu.join('\n'));
  }
  if (msg.document && o.documentNote) parts.push(t('text_menu.no_files', { name: msg.document.filename }));
  const text = parts.filter((p) => p.trim()).join('\n\n');
  return text ? splitText(text, limit) : [];
}
