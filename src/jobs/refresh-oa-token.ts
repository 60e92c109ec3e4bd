import type { Logger } from '../lib/logger.js';
import type { Services } from '../services/services.js';

/** Refresh the OA's tokens once the stored refresh token is this old, by default. */
export const OA_TOKEN_REFRESH_DAYS = 30;
const DAY_MS = 86_400_000;

export interface OaTokenRefreshDeps {
  services: Pick<Services, 'platformTokenState'>;
  /** The PlatformToken row of the OA's pair (`zalo_oa`). */
  tokenName: string;
  /** Rotates the stored pair now (the OA client's refreshNow: single-flight, lease, compare-and-swap). */
  refresh(): Promise<void>;
  /** Refresh once the stored refresh token is this many days old (default 30). */
  maxAgeDays?: number;
  logger: Logger;
}

export type OaTokenRefreshResult = 'refreshed' | 'fresh' | 'no_token';

/**
 * The daily look at the Zalo OA's tokens. A refresh token lasts about 3 months and is single-use,
 * rotating with each refresh (zalo-api.md §2.1 [O4, O8, O5]; "refresh proactively", its
 * corrections): a bot that got no message for months would otherwise find it aged out and need the
 * app re-authorised. So when the stored refresh token (its row's `updatedAt`: its first start or
 * its last rotation) is older than `maxAgeDays`, or the access token is missing or expired, the
 * pair is rotated now. Run once at `now`; safe in several processes (the rotation takes a lease
 * and stores the new pair by compare-and-swap). A failure is thrown (the scheduler logs it and the
 * next day's run tries again); a network or 5xx failure spends nothing.
 */
export async function refreshOaTokenIfAging(deps: OaTokenRefreshDeps, now: Date): Promise<OaTokenRefreshResult> {
  const state = await deps.services.platformTokenState(deps.tokenName);
  if (!state) return 'no_token';
  const maxAgeMs = (deps.maxAgeDays ?? OA_TOKEN_REFRESH_DAYS) * DAY_MS;
  const ageMs = now.getTime() - state.updatedAt.getTime();
  const expired = !state.accessToken || !state.expiresAt || state.expiresAt.getTime() <= now.getTime();
  if (ageMs < maxAgeMs && !expired) return 'fresh';
  await deps.refresh();
  deps.logger.info({ ageDays: Math.floor(ageMs / DAY_MS), expired }, 'zalo oa tokens refreshed ahead of time');
  return 'refreshed';
}
