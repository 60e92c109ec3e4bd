import type { Identity } from '../services/people/identity.js';

/**
 * A short-lived, bounded cache of who is behind a channel account, sparing the identity query on
 * most messages. Entries expire after `ttlMs`, so a change made by another process (a revoked
 * role) is seen within that time; changes made while handling a message refresh it at once.
 */
export class IdentityCache {
  private entries = new Map<string, { identity: Identity; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now: number): Identity | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.identity;
  }

  set(key: string, identity: Identity, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { identity, at: now });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every account of these people (after a merge or a role change). */
  deletePeople(personIds: number[]): void {
    for (const [key, hit] of this.entries) if (personIds.includes(hit.identity.personId)) this.entries.delete(key);
  }
}
