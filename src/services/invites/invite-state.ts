/** Where an invite stands: still usable, used up, past its date, or withdrawn by an officer. */
export type InviteState = 'open' | 'used' | 'expired' | 'revoked';

export const INVITE_STATES: readonly InviteState[] = ['open', 'used', 'expired', 'revoked'];

/** An invite's state at `now` (revoked first, then expired, then used up). */
export function inviteState(i: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number }, now: Date): InviteState {
  if (i.revokedAt) return 'revoked';
  if (i.expiresAt <= now) return 'expired';
  if (i.uses >= i.maxUses) return 'used';
  return 'open';
}
