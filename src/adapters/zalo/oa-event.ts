import { z } from 'zod';
import type { InboundMessage } from '../../lib/messages.js';
import { storable } from '../platform-body.js';

/** Ids come as strings (numbers are accepted and turned into strings; null is not an id). */
const id = z.union([z.string().min(1), z.number()]).transform(String);

/** What every OA webhook event carries (ids and the ms timestamp are strings). */
const OaEventFields = z.looseObject({
  event_name: z.string().min(1),
  app_id: z.coerce.string().optional(),
  timestamp: z.coerce.string().regex(/^\d+$/),
  sender: z.looseObject({ id }).optional(),
  recipient: z.looseObject({ id }).optional(),
  follower: z.looseObject({ id }).optional(),
  message: z
    .looseObject({
      msg_id: id.optional(),
      text: z.string().optional(),
      attachments: z.array(z.looseObject({ type: z.string().optional() })).optional(),
    })
    .optional(),
  info: z.looseObject({ name: z.string().optional(), phone: z.coerce.string().optional() }).optional(),
});
/** The event with its strings made storable (no NUL, no lone surrogate), then checked. */
export const OaEventSchema = z.preprocess((v) => storable(v), OaEventFields);
export type OaEvent = z.output<typeof OaEventFields>;

/** What an OA event asks of the bot. */
export type OaEventAction =
  | { kind: 'message'; msg: InboundMessage }
  | { kind: 'follow'; userId: string; msg: InboundMessage }
  | { kind: 'unfollow'; userId: string }
  | { kind: 'ignore'; reason: string };

/** `user_send_<x>` → the neutral name of what the user sent instead of text. */
const UNSUPPORTED: Record<string, string> = {
  image: 'photo',
  gif: 'animation',
  sticker: 'sticker',
  audio: 'voice',
  video: 'video',
  file: 'document',
  location: 'location',
  link: 'link',
  business_card: 'contact_card',
};

/**
 * Maps a verified event: user messages become neutral messages (deduplicated on msg_id by the
 * router), follow/unfollow opt the user in or out, shared info becomes a contact, and the OA's
 * own echoes (`oa_send_*`) and receipts are ignored so the bot never answers itself.
 */
export function mapOaEvent(e: OaEvent, receivedAt = new Date()): OaEventAction {
  const name = e.event_name;
  if (name.startsWith('oa_send_')) return { kind: 'ignore', reason: 'echo of our own message' };
  if (name === 'follow' || name === 'unfollow') {
    const userId = e.follower?.id ?? e.sender?.id;
    if (!userId) return { kind: 'ignore', reason: `${name} without a follower id` };
    if (name === 'unfollow') return { kind: 'unfollow', userId };
    // A new follower is greeted as if they had pressed "start" (once per follow event).
    const msg: InboundMessage = {
      channel: 'zalo_oa',
      chatId: userId,
      userId,
      text: '/start',
      platformMessageId: `follow:${userId}:${e.timestamp}`,
      receivedAt,
    };
    return { kind: 'follow', userId, msg };
  }
  const userId = e.sender?.id;
  if (!userId) return { kind: 'ignore', reason: `${name} without a sender` };
  const base = { channel: 'zalo_oa' as const, chatId: userId, userId, receivedAt };
  if (name === 'user_submit_info') {
    const phone = e.info?.phone;
    if (!phone) return { kind: 'ignore', reason: 'user_submit_info without a phone' };
    return {
      kind: 'message',
      msg: { ...base, platformMessageId: `info:${userId}:${e.timestamp}`, contact: { phone, userId, firstName: e.info?.name } },
    };
  }
  if (!name.startsWith('user_send_')) return { kind: 'ignore', reason: `event ${name} not used` };
  const msgId = e.message?.msg_id;
  if (!msgId) return { kind: 'ignore', reason: `${name} without msg_id` };
  const what = name.slice('user_send_'.length);
  if (what === 'text') {
    const text = e.message?.text;
    if (typeof text !== 'string') return { kind: 'ignore', reason: 'user_send_text without text' };
    return { kind: 'message', msg: { ...base, platformMessageId: msgId, text } };
  }
  // Images and links may come with words; the words are read, the rest politely declined.
  const caption = what === 'link' || what === 'image' ? e.message?.text : undefined;
  return { kind: 'message', msg: { ...base, platformMessageId: msgId, unsupported: UNSUPPORTED[what] ?? 'other', text: caption || undefined } };
}
