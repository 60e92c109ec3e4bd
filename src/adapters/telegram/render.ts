import type { OutboundMessage } from '../../lib/messages.js';
import { splitText } from '../../lib/split-text.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

export type InlineKeyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
export type ReplyKeyboard = {
  keyboard: { text: string; request_contact?: boolean }[][];
  one_time_keyboard: true;
  resize_keyboard: true;
};

/** One Bot API call to make, in order. */
export type TelegramCall =
  | { method: 'sendMessage'; text: string; reply_markup?: InlineKeyboard | ReplyKeyboard }
  | { method: 'sendDocument'; caption?: string; document: NonNullable<OutboundMessage['document']> }
  | { method: 'sendPhoto'; photo: string };

/**
 * Renders a neutral message as Telegram calls: texts over 4,096 characters split at natural
 * boundaries, buttons as an inline keyboard on the last piece; a contact request as a one-time
 * reply keyboard (its other buttons become keys whose label the router recognises when pressed).
 */
export function toTelegramCalls(msg: OutboundMessage): TelegramCall[] {
  const calls: TelegramCall[] = msg.imageUrl ? [{ method: 'sendPhoto', photo: msg.imageUrl }] : [];
  let text = msg.text;
  if (msg.document) {
    const fits = [...text].length <= TELEGRAM_CAPTION_LIMIT;
    calls.push({ method: 'sendDocument', document: msg.document, caption: fits && text ? text : undefined });
    if (fits) text = '';
  }
  if (!text && !msg.buttons?.length && !msg.requestContact) return calls;
  const pieces = splitText(text || '…', TELEGRAM_TEXT_LIMIT);
  let markup: InlineKeyboard | ReplyKeyboard | undefined;
  if (msg.requestContact) {
    markup = {
      keyboard: [[{ text: msg.requestContact.label, request_contact: true }], ...(msg.buttons ?? []).map((row) => row.map((b) => ({ text: b.label })))],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  } else if (msg.buttons?.length) {
    markup = { inline_keyboard: msg.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.action }))) };
  }
  pieces.forEach((piece, i) => calls.push({ method: 'sendMessage', text: piece, ...(i === pieces.length - 1 && markup ? { reply_markup: markup } : {}) }));
  return calls;
}
