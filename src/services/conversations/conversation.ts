import { z } from 'zod';
import type { Db } from '../../db/database.js';

const ButtonSchema = z.object({ label: z.string(), action: z.string() });

const ShownMenuSchema = z.object({ buttons: z.array(ButtonSchema).max(100), input: z.enum(['choice', 'text']) });

/**
 * The last buttons shown in a chat, so that a typed number or label can press one later: when they
 * were shown (`at`, ISO; a bot-initiated message sent later replaces them) and the buttons shown
 * before them (`previous`: typed, they get "the menu has changed", never a silent press).
 */
export const MenuSchema = ShownMenuSchema.extend({ at: z.string().optional(), previous: ShownMenuSchema.optional() });
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
export async function loadConversation(db: Db, channel: string, chatId: string, now: Date, onInvalid?: (reason: string) => void): Promise<Conversation> {
  // Raw SQL on this hot path (every message): a fraction of the query builder's CPU cost.
  const rows = await db.$queryRaw<
    { flow: string | null; step: string | null; data: unknown; menu: unknown; version: number; expiresAt: Date; updatedAt: Date }[]
  >`
    select "flow", "step", "data", "menu", "version", "expiresAt", "updatedAt" from "ConversationState"
    where "channel" = ${channel} and "chatId" = ${chatId}`;
  const row = rows[0];
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
    // Rows saved before menus had a time: the row's last change is when they were shown at the latest.
    menu: !expired && menu.success ? { ...menu.data, at: menu.data.at ?? row.updatedAt.toISOString() } : null,
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
export async function saveConversation(db: Db, channel: string, chatId: string, c: Conversation, expiresAt: Date): Promise<number> {
  const data = JSON.stringify(c.data);
  const menu = JSON.stringify(c.menu ?? { buttons: [], input: 'choice' });
  if (c.version === 0) {
    const inserted = await db.$executeRaw`
      insert into "ConversationState" ("channel", "chatId", "flow", "step", "data", "menu", "version", "expiresAt", "updatedAt")
      values (${channel}, ${chatId}, ${c.flow}, ${c.step}, ${data}::jsonb, ${menu}::jsonb, 1, ${expiresAt}, now())
      on conflict do nothing`;
    if (inserted === 0) throw new ConversationConflictError(`conversation ${channel}:${chatId} was created concurrently`);
    return 1;
  }
  const updated = await db.$executeRaw`
    update "ConversationState"
    set "flow" = ${c.flow}, "step" = ${c.step}, "data" = ${data}::jsonb, "menu" = ${menu}::jsonb,
        "version" = "version" + 1, "expiresAt" = ${expiresAt}, "updatedAt" = now()
    where "channel" = ${channel} and "chatId" = ${chatId} and "version" = ${c.version}`;
  if (updated === 0) throw new ConversationConflictError(`conversation ${channel}:${chatId} changed concurrently`);
  return c.version + 1;
}
