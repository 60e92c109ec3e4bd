import type { Db } from '../../db/database.js';
import { cleanLine } from '../../lib/vietnamese-text.js';
import { identitySelect, loadIdentity, toIdentity, type Identity } from './identity.js';

export interface FindOrCreateAccountOptions {
  channel: string;
  externalId: string;
  displayName?: string;
  platformLocale?: string;
  /** When the user wrote (recorded as lastInboundAt on a new account). */
  at?: Date;
}

/** Longest display name kept (platforms allow about 64 characters; more is not a name). */
const DISPLAY_NAME_MAX = 128;

/** A platform's display name as stored: one clean line (no NUL or control characters, which PostgreSQL would refuse), bounded; empty: none. */
export function storedDisplayName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return [...cleanLine(name)].slice(0, DISPLAY_NAME_MAX).join('') || undefined;
}

/**
 * The identity behind a channel account; on first contact creates a guest Person and the account.
 * Stores no personal data beyond the platform id (a display name is kept only as the platform shows it).
 */
export async function findOrCreateAccount(db: Db, o: FindOrCreateAccountOptions): Promise<Identity> {
  const existing = await loadIdentity(db, o.channel, o.externalId);
  if (existing) return existing;
  try {
    const row = await db.channelAccount.create({
      data: {
        channel: o.channel,
        externalId: o.externalId,
        displayName: storedDisplayName(o.displayName),
        platformLocale: storedDisplayName(o.platformLocale)?.slice(0, 35),
        lastInboundAt: o.at,
        person: { create: {} },
      },
      select: identitySelect,
    });
    return toIdentity(row);
  } catch (e) {
    // Two first messages raced (two processes): the other one created it.
    const raced = await loadIdentity(db, o.channel, o.externalId);
    if (raced) return raced;
    throw e;
  }
}
