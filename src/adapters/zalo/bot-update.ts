import { z } from 'zod';
import type { InboundMessage } from '../../lib/messages.js';
import { storable } from '../platform-body.js';

/** Ids come as strings (numbers are accepted and turned into strings; null is not an id). */
const id = z.union([z.string().min(1), z.number()]).transform(String);

/** The parts of a Zalo Bot API message we read; other fields pass through untouched. */
const BotMessage = z.looseObject({
  message_id: id,
  date: z.number().optional(),
  from: z.looseObject({ id, display_name: z.string().optional(), first_name: z.string().optional(), is_bot: z.boolean().optional() }),
  chat: z.looseObject({ id, chat_type: z.string().optional() }),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo_url: z.string().optional(),
  sticker: z.string().optional(),
});

/**
 * What a message without an `event_name` is, read from its content: some documented samples carry
 * none (../shared/zalo-api.md, "Corrections and additions"; python-zalo-bot's `Update` holds only
 * `message`). Text first, then a photo, then a sticker; anything else is unsupported.
 */
export function inferBotEventName(m: z.output<typeof BotMessage>): string {
  if (typeof m.text === 'string') return 'message.text.received';
  if (typeof m.photo_url === 'string') return 'message.image.received';
  if (typeof m.sticker === 'string') return 'message.sticker.received';
  return 'message.unsupported.received';
}

/** An update; without `event_name`, its event is read from the message. */
const BotUpdateFields = z
  .object({ event_name: z.string().optional(), message: BotMessage })
  .transform((u) => ({ ...u, event_name: u.event_name ?? inferBotEventName(u.message) }));
/** The update with its strings made storable (no NUL, no lone surrogate), then checked. */
export const BotUpdateSchema = z.preprocess((v) => storable(v), BotUpdateFields);
export type BotUpdate = z.output<typeof BotUpdateFields>;

/** Some servers wrap the update as `{ok: true, result: {...}}`; both shapes are accepted. */
export function parseBotUpdate(body: unknown): BotUpdate | null {
  const inner = body && typeof body === 'object' && 'result' in body && !('event_name' in body) ? (body as { result: unknown }).result : body;
  const parsed = BotUpdateSchema.safeParse(inner);
  return parsed.success ? parsed.data : null;
}

const KINDS: Record<string, string> = {
  'message.image.received': 'photo',
  'message.sticker.received': 'sticker',
  'message.unsupported.received': 'other',
};

/**
 * Turns an update into the neutral message, or null for what the bot ignores: group chats (the
 * bot serves people one to one) and messages from other bots.
 */
export function mapBotUpdate(update: BotUpdate, receivedAt = new Date()): InboundMessage | null {
  const m = update.message;
  if (m.from.is_bot) return null;
  if (m.chat.chat_type && m.chat.chat_type !== 'PRIVATE') return null;
  const base: InboundMessage = {
    channel: 'zalo_bot',
    chatId: m.chat.id,
    userId: m.from.id,
    // Samples name the sender `display_name`, others `first_name` (zalo-api.md, "Corrections and additions").
    displayName: m.from.display_name || m.from.first_name || undefined,
    platformMessageId: m.message_id,
    receivedAt,
  };
  if (update.event_name === 'message.text.received' && typeof m.text === 'string') return { ...base, text: m.text };
  return { ...base, unsupported: KINDS[update.event_name] ?? 'other', text: m.caption };
}
