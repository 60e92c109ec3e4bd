import type { Db } from '../../db/database.js';
import { identitySelect, loadIdentity, toIdentity, type Identity } from './identity.js';

export interface FindOrCreateAccountOptions {
  channel: string;
  externalId: string;
  displayName?: string;
  platformLocale?: string;
  /** When the user wrote (recorded as lastInboundAt on a new account). */
  at?: Date;
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
        displayName: o.displayName,
        platformLocale: o.platformLocale,
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
