import { setTimeout as sleep } from 'node:timers/promises';

/** What a failed send means, as a channel adapter classifies its platform's error. */
export type SendFailure =
  /** The platform asked us to wait (429 retry_after) or had a passing fault (5xx, network). */
  | { kind: 'retry'; afterMs?: number }
  /** The user blocked the bot: never retry; stop bot-initiated messages to them. */
  | { kind: 'blocked' }
  /**
   * The platform will not deliver to this user for now (Zalo OA: no interaction within the
   * window, not a follower). Never retry; the account is reachable again once the user writes.
   */
  | { kind: 'unreachable'; reason: string }
  /**
   * The sending account (not the user) is out of its sending quota, or its platform package does
   * not include this API (Zalo OA -211/-218/-224). Not retried now; the message waits hours (the
   * quota may reset, the package may be bought) and the user's account is left alone.
   */
  | { kind: 'quota'; quota: QuotaKind }
  /** The platform takes this message only later (Zalo OA -234: no such messages 22:00–06:00). */
  | { kind: 'later'; reason: string; notBefore: Date }
  /** Anything else: retrying would not help. */
  | { kind: 'fatal' };

export class SendBlockedError extends Error {
  override name = 'SendBlockedError';
  constructor(cause: unknown) {
    super('The user blocked the bot', { cause });
  }
}

/** `quota`: the sending quota is used up; `package`: the account's package does not allow the API. */
export type QuotaKind = 'quota' | 'package';

/**
 * The platform will take the message later, not now, for reasons of the sending account or the
 * clock (never of the user): a queued message waits (`notBefore`, or hours) without counting as an
 * attempt; the user's account is not touched. `reason` is what the outbox keeps (`quota`,
 * `package`, `night_ban`).
 */
export class SendDeferredError extends Error {
  override name = 'SendDeferredError';
  constructor(
    readonly reason: string,
    readonly notBefore: Date | null,
    cause: unknown,
  ) {
    super(`The platform will take this message later (${reason})`, { cause });
  }
}

/** The sending account's quota is used up, or its package is too low (see QuotaKind). */
export class SendQuotaError extends SendDeferredError {
  override name = 'SendQuotaError';
  constructor(
    readonly kind: QuotaKind,
    cause: unknown,
  ) {
    super(kind, null, cause);
    this.message = kind === 'quota' ? 'The sending quota is used up' : 'The account package does not allow this message';
  }
}

/** How long a queued message waits after a quota (it may reset within the hour or the day) or a package refusal (needs the operator). */
export const DEFER_QUOTA_MS = 3_600_000;
export const DEFER_PACKAGE_MS = 6 * 3_600_000;

/**
 * When a queued message that the platform will take only later is due again: the platform's time
 * (plus up to 5 minutes, so that the queue does not all come back in the same second), or hours
 * later (±10 %) for a quota or package refusal.
 */
export function deferredUntil(err: SendDeferredError, now: Date, random = Math.random): Date {
  if (err.notBefore) return new Date(Math.max(err.notBefore.getTime(), now.getTime()) + Math.round(random() * 300_000));
  const base = err.reason === 'package' ? DEFER_PACKAGE_MS : DEFER_QUOTA_MS;
  return new Date(now.getTime() + Math.round(base * (0.9 + random() * 0.2)));
}

export class SendUnreachableError extends Error {
  override name = 'SendUnreachableError';
  constructor(
    readonly reason: string,
    cause: unknown,
  ) {
    super(`The platform will not deliver to this user now (${reason})`, { cause });
  }
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Base delay for faults without retry_after: base × 2^(attempt−1), with ±25 % jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Backoff for the n-th retry (1-based) when the platform gave no retry_after. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.min(maxMs, Math.round(exp * (0.75 + random() * 0.5)));
}

/**
 * Runs `send` until it succeeds, honouring the platform's retry_after exactly and backing off
 * with jitter on passing faults. A block throws SendBlockedError, a closed window
 * SendUnreachableError, a quota or package refusal SendQuotaError, a "not now" SendDeferredError;
 * a fatal error is rethrown.
 */
export async function sendWithRetry<T>(send: () => Promise<T>, classify: (error: unknown) => SendFailure, o: RetryOptions = {}): Promise<T> {
  const maxAttempts = o.maxAttempts ?? 5;
  const wait = o.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'blocked') throw new SendBlockedError(error);
      if (failure.kind === 'unreachable') throw new SendUnreachableError(failure.reason, error);
      if (failure.kind === 'quota') throw new SendQuotaError(failure.quota, error);
      if (failure.kind === 'later') throw new SendDeferredError(failure.reason, failure.notBefore, error);
      if (failure.kind === 'fatal' || attempt >= maxAttempts) throw error;
      const delayMs = failure.afterMs ?? backoffDelay(attempt, o.baseDelayMs ?? 500, o.maxDelayMs ?? 30_000);
      o.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}
