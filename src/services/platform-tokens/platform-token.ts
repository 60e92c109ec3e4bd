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

/**
 * Stores the configured refresh token on the very first start. Afterwards the stored pair is
 * newer than the configuration (every refresh rotates it) and is kept.
 */
export async function seedPlatformToken(db: Db, name: string, refreshToken: string): Promise<void> {
  await db.$executeRaw`
    insert into "PlatformToken" ("name", "refreshToken", "updatedAt") values (${name}, ${refreshToken}, now())
    on conflict ("name") do nothing`;
}

/**
 * Rotates the pair under a row lock, so that of several processes whose token expired together
 * exactly one spends the single-use refresh token: the others find it already replaced and take
 * the new pair. The new pair is committed before anyone uses it, so a crash right after a
 * refresh never loses the only valid refresh token. Returns the pair to use.
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
): Promise<TokenPair> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ accessToken: string | null; refreshToken: string; expiresAt: Date | null }[]>`
        select "accessToken", "refreshToken", "expiresAt" from "PlatformToken" where "name" = ${name} for update`;
      const row = rows[0];
      if (!row) throw new Error(`No ${name} refresh token stored: set it in the configuration for the first start`);
      if (seen !== null && row.refreshToken !== seen && row.accessToken) return row;
      const next = await exchange(row.refreshToken);
      await tx.platformToken.update({
        where: { name },
        data: { accessToken: next.accessToken, refreshToken: next.refreshToken, expiresAt: next.expiresAt },
      });
      return next;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** Replaces the stored pair outright (an operator re-authorised the app with a new refresh token). */
export async function replacePlatformToken(db: Db, name: string, refreshToken: string): Promise<void> {
  await db.platformToken.upsert({
    where: { name },
    create: { name, refreshToken },
    update: { refreshToken, accessToken: null, expiresAt: null },
  });
}
