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
  /** Anything else: retrying would not help. */
  | { kind: 'fatal' };

export class SendBlockedError extends Error {
  override name = 'SendBlockedError';
  constructor(cause: unknown) {
    super('The user blocked the bot', { cause });
  }
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
 * SendUnreachableError; a fatal error is rethrown.
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
      if (failure.kind === 'fatal' || attempt >= maxAttempts) throw error;
      const delayMs = failure.afterMs ?? backoffDelay(attempt, o.baseDelayMs ?? 500, o.maxDelayMs ?? 30_000);
      o.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}
