import { z } from 'zod';
import type { InboundMessage } from '../../lib/messages.js';
import { storable } from '../platform-body.js';

/** Telegram's ids are whole numbers (chat and user ids up to 52 bits). */
const tgId = z.number().int().safe();
const TelegramUserSchema = z.looseObject({
  id: tgId,
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});
type TelegramUser = z.output<typeof TelegramUserSchema>;

/**
 * The parts of a Telegram update we read, checked before use (loose: Telegram adds fields all the
 * time, and other kinds of update pass as long as the parts we read fit). A message has its chat.
 */
const TelegramUpdateFields = z.looseObject({
  update_id: tgId,
  message: z
    .looseObject({
      message_id: tgId,
      from: TelegramUserSchema.optional(),
      chat: z.looseObject({ id: tgId, type: z.string() }),
      text: z.string().optional(),
      caption: z.string().optional(),
      contact: z.looseObject({ phone_number: z.string(), user_id: tgId.optional(), first_name: z.string().optional() }).optional(),
    })
    .optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: TelegramUserSchema,
      data: z.string().optional(),
      message: z.looseObject({ chat: z.looseObject({ id: tgId }) }).optional(),
    })
    .optional(),
});
/** The update with its strings made storable (no NUL, no lone surrogate), then checked. */
export const TelegramUpdateSchema = z.preprocess((v) => storable(v), TelegramUpdateFields);
export type TelegramUpdate = z.input<typeof TelegramUpdateFields>;

/** The update checked against TelegramUpdateSchema, or its error. */
export function parseTelegramUpdate(body: unknown): { update: TelegramUpdate } | { error: z.ZodError } {
  const r = TelegramUpdateSchema.safeParse(body);
  return r.success ? { update: r.data } : { error: r.error };
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
