import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';

const ButtonSchema = z.object({ label: z.string(), action: z.string() });

/** The last buttons shown in a chat, so that a typed number or label can press one later. */
export const MenuSchema = z.object({ buttons: z.array(ButtonSchema).max(100), input: z.enum(['choice', 'text']) });
export type SavedMenu = z.infer<typeof MenuSchema>;

/** A chat's conversation: the active flow (if any) at one step, with its data. */
export interface Conversation {
  flow: string | null;
  step: string | null;
  data: Record<string, unknown>;
  menu: SavedMenu | null;
  /** The stored version this was read at (0 = no row yet). */
  version: number;
}

const DataSchema = z.record(z.string(), z.unknown());

export const emptyConversation = (): Conversation => ({ flow: null, step: null, data: {}, menu: null, version: 0 });

/**
 * Loads a chat's conversation, validated with zod. An expired or unreadable row counts as no
 * conversation (the unreadable one is reported through `onInvalid`, never crashes the chat).
 */
export async function loadConversation(
  db: Db,
  channel: string,
  chatId: string,
  now: Date,
  onInvalid?: (reason: string) => void,
): Promise<Conversation> {
  const row = await db.conversationState.findUnique({ where: { channel_chatId: { channel, chatId } } });
  if (!row) return emptyConversation();
  const expired = row.expiresAt <= now;
  const data = DataSchema.safeParse(row.data);
  const menu = MenuSchema.safeParse(row.menu);
  if (!data.success) onInvalid?.(`data: ${data.error.message}`);
  const flowValid = !expired && data.success;
  return {
    flow: flowValid ? row.flow : null,
    step: flowValid ? row.step : null,
    data: flowValid ? data.data : {},
    menu: !expired && menu.success ? menu.data : null,
    version: row.version,
  };
}

/** Another process saved this chat's conversation since it was read. */
export class ConversationConflictError extends Error {
  override name = 'ConversationConflictError';
}

/**
 * Saves the conversation if nobody else changed it since it was read (optimistic version check).
 * Returns the new version.
 */
export async function saveConversation(
  db: Db,
  channel: string,
  chatId: string,
  c: Conversation,
  expiresAt: Date,
): Promise<number> {
  const values = {
    flow: c.flow,
    step: c.step,
    data: c.data as Prisma.InputJsonValue,
    menu: (c.menu ?? { buttons: [], input: 'choice' }) as Prisma.InputJsonValue,
    expiresAt,
  };
  if (c.version === 0) {
    try {
      await db.conversationState.create({ data: { channel, chatId, ...values, version: 1 } });
      return 1;
    } catch {
      throw new ConversationConflictError(`conversation ${channel}:${chatId} was created concurrently`);
    }
  }
  const { count } = await db.conversationState.updateMany({
    where: { channel, chatId, version: c.version },
    data: { ...values, version: { increment: 1 } },
  });
  if (count === 0) throw new ConversationConflictError(`conversation ${channel}:${chatId} changed concurrently`);
  return c.version + 1;
}
