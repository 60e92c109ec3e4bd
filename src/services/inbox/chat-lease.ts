import type { Db } from '../../db/database.js';

/**
 * Takes a chat's inbox for `owner` until `ttlMs` from now: granted when nobody holds it, its
 * lease expired (a dead process), or the owner already holds it. One process per chat at a time.
 */
export async function claimChatLease(db: Db, chatKey: string, owner: string, ttlMs: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ owner: string }[]>`
    insert into "ChatLease" ("chatKey", "owner", "expiresAt")
    values (${chatKey}, ${owner}, now() + ${ttlMs} * interval '1 millisecond')
    on conflict ("chatKey") do update set "owner" = excluded."owner", "expiresAt" = excluded."expiresAt"
    where "ChatLease"."expiresAt" < now() or "ChatLease"."owner" = excluded."owner"
    returning "owner"`;
  return rows.length === 1;
}

/** Extends the leases `owner` holds (a heartbeat while it works); returns how many it still holds. */
export async function renewChatLeases(db: Db, owner: string, ttlMs: number): Promise<number> {
  return db.$executeRaw`
    update "ChatLease" set "expiresAt" = now() + ${ttlMs} * interval '1 millisecond' where "owner" = ${owner}`;
}

/** Gives a chat back (the owner has nothing more to do there). */
export async function releaseChatLease(db: Db, chatKey: string, owner: string): Promise<void> {
  await db.$executeRaw`delete from "ChatLease" where "chatKey" = ${chatKey} and "owner" = ${owner}`;
}

/** The owners holding leases now (to find those of dead processes on this machine). */
export async function listChatLeaseOwners(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ owner: string }[]>`select distinct "owner" from "ChatLease"`;
  return rows.map((r) => r.owner);
}

/** Drops every lease of these owners (processes known to be dead). */
export async function dropChatLeases(db: Db, owners: string[]): Promise<number> {
  if (!owners.length) return 0;
  return db.$executeRaw`delete from "ChatLease" where "owner" = any(${owners})`;
}
