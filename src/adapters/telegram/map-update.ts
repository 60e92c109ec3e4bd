import type { InboundMessage } from '../../lib/messages.js';

/** The parts of a Telegram update we read (typed loosely: Telegram adds fields all the time). */
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  callback_query?: { id: string; from: TelegramUser; data?: string; message?: { chat: { id: number } } };
}
interface TelegramUser {
  id: number;
  first_name?: string;
  last_name?: string;
  language_code?: string;
}
interface TelegramMessage {
  message_id: number;
  from?: TelegramUser;
  chat: { id: number; type: string };
  text?: string;
  contact?: { phone_number: string; user_id?: number; first_name?: string };
  [kind: string]: unknown;
}

const UNSUPPORTED_KINDS = ['photo', 'sticker', 'voice', 'audio', 'video', 'video_note', 'animation', 'document', 'location', 'venue', 'poll', 'dice'];

function name(u: TelegramUser | undefined): string | undefined {
  return u ? [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined : undefined;
}

/** Turns a Telegram update into the neutral message, or null for updates the bot ignores. */
export function mapUpdate(update: TelegramUpdate, receivedAt = new Date()): InboundMessage | null {
  const base = { channel: 'telegram' as const, platformMessageId: String(update.update_id), receivedAt };
  const cq = update.callback_query;
  if (cq) {
    const chatId = String(cq.message?.chat.id ?? cq.from.id);
    return { ...base, chatId, userId: String(cq.from.id), action: cq.data ?? '', localeHint: cq.from.language_code, displayName: name(cq.from) };
  }
  const m = update.message;
  if (!m?.from) return null;
  const common = { ...base, chatId: String(m.chat.id), userId: String(m.from.id), localeHint: m.from.language_code, displayName: name(m.from) };
  if (typeof m.text === 'string') return { ...common, text: m.text };
  if (m.contact) {
    return {
      ...common,
      contact: { phone: m.contact.phone_number, userId: m.contact.user_id ? String(m.contact.user_id) : undefined, firstName: m.contact.first_name },
    };
  }
  const kind = UNSUPPORTED_KINDS.find((k) => k in m) ?? 'other';
  return { ...common, unsupported: kind, text: typeof m.caption === 'string' ? m.caption : undefined };
}
