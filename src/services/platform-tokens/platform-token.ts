import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';

/** An access token and the refresh token that replaces it; refresh tokens are single-use. */
export interface TokenPair {
  accessToken: string | null;
  refreshToken: string;
  expiresAt: Date | null;
}

/** The stored pair, or null before the first start. */
export async function loadPlatformToken(db: Db, name: string): Promise<TokenPair | null> {
  const row = await db.platformToken.findUnique({ where: { name } });
  return row ? { accessToken: row.accessToken, refreshToken: row.refreshToken, expiresAt: row.expiresAt } : null;
}

/** The stored pair and when it was last stored (its first start or its last rotation), or null. */
export async function platformTokenState(db: Db, name: string): Promise<(TokenPair & { updatedAt: Date }) | null> {
  const row = await db.platformToken.findUnique({ where: { name } });
  return row ? { accessToken: row.accessToken, refreshToken: row.refreshToken, expiresAt: row.expiresAt, updatedAt: row.updatedAt } : null;
}

/**
 * Stores the configured refresh token on the very first start. Afterwards the stored pair is
 * newer than the configuration (every refresh rotates it) and is kept.
 */
export async function seedPlatformToken(db: Db, name: string, refreshToken: string): Promise<void> {
  await db.$executeRaw`
    insert into "PlatformToken" ("name", "refreshToken", "updatedAt") values (${name}, ${refreshToken}, now())
    on conflict ("name") do nothing`;
}

/** How long a process may take to spend a refresh token before another may try (the exchange times out at 30 s). */
export const TOKEN_REFRESH_LEASE_MS = 60_000;
/** How often a process waiting for another's refresh looks again. */
const WAIT_POLL_MS = 100;

/** The row that says which process is refreshing `name` and until when (see rotatePlatformToken). */
const leaseName = (name: string) => `${name}#refreshing`;

interface StoredRow {
  accessToken: string | null;
  refreshToken: string;
  expiresAt: Date | null;
}

async function readRow(db: Db, name: string): Promise<StoredRow> {
  const row = await db.platformToken.findUnique({ where: { name }, select: { accessToken: true, refreshToken: true, expiresAt: true } });
  if (!row) throw new Error(`No ${name} refresh token stored: set it in the configuration for the first start`);
  return row;
}

/** Takes the refresh lease of `name` for `owner` when nobody holds it or its holder's lease ran out. */
async function claimLease(db: Db, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const lease = leaseName(name);
  const rows = await db.$queryRaw<{ name: string }[]>`
    insert into "PlatformToken" ("name", "refreshToken", "expiresAt", "updatedAt")
    values (${lease}, ${owner}, now() + ${leaseMs}::int * interval '1 millisecond', now())
    on conflict ("name") do update set "refreshToken" = excluded."refreshToken", "expiresAt" = excluded."expiresAt", "updatedAt" = now()
    where "PlatformToken"."expiresAt" is null or "PlatformToken"."expiresAt" < now()
    returning "name"`;
  return rows.length === 1;
}

async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.platformToken.deleteMany({ where: { name: leaseName(name), refreshToken: owner } });
}

/**
 * Rotates the pair so that, of several processes whose token expired together, exactly one spends
 * the single-use refresh token and the others take the new pair. No transaction is held across the
 * platform's token endpoint (a slow endpoint would hold the database, and on PGlite the whole bot):
 *
 * 1. the process takes a short lease (a `<name>#refreshing` row, claimed atomically; a lease whose
 *    holder died runs out after TOKEN_REFRESH_LEASE_MS), while the others poll for the new pair;
 * 2. it spends the refresh token it read, outside any transaction;
 * 3. it stores the new pair with a compare-and-swap on the refresh token it spent, before anyone
 *    uses it, so a crash right after a refresh never loses the only valid refresh token. If the
 *    stored pair changed meanwhile (another process won after the lease ran out, or an operator
 *    replaced it), the stored pair is used instead.
 *
 * Returns the pair to use.
 *
 * @param seen the refresh token the caller last knew; when the stored one differs, another process
 *   already rotated it and no refresh is made.
 * @param exchange spends a refresh token at the platform and returns the new pair.
 */
export async function rotatePlatformToken(
  db: Db,
  name: string,
  seen: string | null,
  exchange: (refreshToken: string) => Promise<TokenPair>,
  options: { leaseMs?: number; waitMs?: number } = {},
): Promise<TokenPair> {
  const leaseMs = options.leaseMs ?? TOKEN_REFRESH_LEASE_MS;
  const deadline = Date.now() + (options.waitMs ?? leaseMs + 30_000);
  const owner = `${process.pid}:${randomUUID()}`;
  const first = await readRow(db, name);
  // The refresh token this call is about: a rotation away from it is someone else's refresh.
  const stale = seen ?? first.refreshToken;
  for (;;) {
    const row = await readRow(db, name);
    if (row.refreshToken !== stale && row.accessToken) return row;
    if (await claimLease(db, name, owner, leaseMs)) {
      try {
        // Another process may have finished between the read above and the claim.
        const current = await readRow(db, name);
        if (current.refreshToken !== stale && current.accessToken) return current;
        const next = await exchange(current.refreshToken);
        const { count } = await db.platformToken.updateMany({
          where: { name, refreshToken: current.refreshToken },
          // updatedAt: when this refresh token was issued (the daily job refreshes before it ages out).
          data: { accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt: next.expiresAt, updatedAt: new Date() },
        });
        return count === 1 ? next : await readRow(db, name);
      } finally {
        await releaseLease(db, name, owner).catch(() => {});
      }
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another process to refresh the ${name} token`);
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}

/** Replaces the stored pair outright (an operator re-authorised the app with a new refresh token). */
export async function replacePlatformToken(db: Db, name: string, refreshToken: string): Promise<void> {
  await db.platformToken.upsert({
    where: { name },
    create: { name, refreshToken },
    update: { refreshToken, accessToken: null, expiresAt: null },
  });
}
