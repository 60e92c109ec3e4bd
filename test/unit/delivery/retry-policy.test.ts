import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  deferredUntil,
  sendWithRetry,
  SendBlockedError,
  SendDeferredError,
  SendQuotaError,
  type SendFailure,
} from '../../../src/delivery/retry-policy.js';
import { vnNextHour } from '../../../src/lib/vn-time.js';

/** A sleep that returns at once and remembers the delays asked for. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

/** A send that fails with the given errors, in order, then succeeds with `result`. */
function failingSend<T>(errors: unknown[], result: T) {
  let calls = 0;
  const send = vi.fn(async () => {
    const err = errors[calls++];
    if (err !== undefined) throw err;
    return result;
  });
  return send;
}

class PlatformError extends Error {
  constructor(readonly failure: SendFailure) {
    super(`platform error: ${failure.kind}`);
  }
}
const classify = (e: unknown): SendFailure => (e instanceof PlatformError ? e.failure : { kind: 'fatal' });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backoffDelay', () => {
  it('doubles the base delay per attempt, without jitter at random() = 0.5', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 500, 30_000, mid))).toEqual([500, 1000, 2000, 4000]);
  });

  it('applies jitter of −25 % at random() = 0 and +25 % as random() approaches 1', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(750);
    expect(backoffDelay(1, 1000, 30_000, () => 0.999999)).toBe(1250);
    expect(backoffDelay(3, 1000, 30_000, () => 0)).toBe(3000);
  });

  it('caps the exponential part at maxMs before jitter', () => {
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(20, 500, 30_000, () => 0)).toBe(22_500);
  });

  it('returns whole milliseconds', () => {
    expect(Number.isInteger(backoffDelay(1, 333, 30_000, () => 0.123))).toBe(true);
  });

  it('stays within ±25 % of the exponential delay with the real Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(2, 500, 30_000);
      expect(d).toBeGreaterThanOrEqual(750);
      expect(d).toBeLessThanOrEqual(1250);
    }
  });
});

describe('sendWithRetry', () => {
  it('returns the result of a send that succeeds first time, without sleeping', async () => {
    const { delays, sleep } = fakeSleep();
    const send = failingSend([], 'ok');
    await expect(sendWithRetry(send, classify, { sleep })).resolves.toBe('ok');
    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
  });

  it("honours the platform's retry-after exactly", async () => {
    const { delays, sleep } = fakeSleep();
    const send = failingSend([new PlatformError({ kind: 'retry', afterMs: 3000 }), new PlatformError({ kind: 'retry', afterMs: 17_000 })], 'sent');
    await expect(sendWithRetry(send, classify, { sleep })).resolves.toBe('sent');
    expect(delays).toEqual([3000, 17_000]);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('honours a retry-after of 0 instead of backing off', async () => {
    const { delays, sleep } = fakeSleep();
    const send = failingSend([new PlatformError({ kind: 'retry', afterMs: 0 })], 'sent');
    await sendWithRetry(send, classify, { sleep });
    expect(delays).toEqual([0]);
  });

  it('backs off exponentially from baseDelayMs when no retry-after is given', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { delays, sleep } = fakeSleep();
    const retry = () => new PlatformError({ kind: 'retry' });
    const send = failingSend([retry(), retry(), retry()], 'sent');
    await sendWithRetry(send, classify, { sleep, baseDelayMs: 100 });
    expect(delays).toEqual([100, 200, 400]);
  });

  it('keeps backoff delays within the jitter bounds', async () => {
    const { delays, sleep } = fakeSleep();
    const retry = () => new PlatformError({ kind: 'retry' });
    const send = failingSend([retry(), retry(), retry(), retry()], 'sent');
    await sendWithRetry(send, classify, { sleep, baseDelayMs: 1000, maxDelayMs: 4000 });
    const expected = [1000, 2000, 4000, 4000];
    expect(delays).toHaveLength(4);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(expected[i]! * 0.75);
      expect(d).toBeLessThanOrEqual(expected[i]! * 1.25);
    });
  });

  it('uses 500 ms as the default base delay', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { delays, sleep } = fakeSleep();
    await sendWithRetry(failingSend([new PlatformError({ kind: 'retry' })], 'sent'), classify, { sleep });
    expect(delays).toEqual([500]);
  });

  it('throws SendBlockedError carrying the original error when the user blocked the bot, without retrying', async () => {
    const { delays, sleep } = fakeSleep();
    const blocked = new PlatformError({ kind: 'blocked' });
    const send = failingSend([blocked], 'never');

    const err = await sendWithRetry(send, classify, { sleep }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SendBlockedError);
    expect((err as SendBlockedError).name).toBe('SendBlockedError');
    expect((err as SendBlockedError).cause).toBe(blocked);
    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
  });

  it('throws SendBlockedError when the block comes after a retry', async () => {
    const { sleep } = fakeSleep();
    const send = failingSend([new PlatformError({ kind: 'retry', afterMs: 10 }), new PlatformError({ kind: 'blocked' })], 'never');
    await expect(sendWithRetry(send, classify, { sleep })).rejects.toBeInstanceOf(SendBlockedError);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('rethrows a fatal error at once, unchanged', async () => {
    const { delays, sleep } = fakeSleep();
    const fatal = new Error('400 Bad Request: chat not found');
    const send = failingSend([fatal], 'never');
    await expect(sendWithRetry(send, classify, { sleep })).rejects.toBe(fatal);
    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    const { delays, sleep } = fakeSleep();
    const errors = [1, 2, 3, 4].map(() => new PlatformError({ kind: 'retry', afterMs: 5 }));
    const send = failingSend(errors, 'never');
    await expect(sendWithRetry(send, classify, { sleep, maxAttempts: 3 })).rejects.toBe(errors[2]);
    expect(send).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([5, 5]);
  });

  it('makes 5 attempts in all by default', async () => {
    const { delays, sleep } = fakeSleep();
    const send = vi.fn(async () => {
      throw new PlatformError({ kind: 'retry', afterMs: 1 });
    });
    await expect(sendWithRetry(send, classify, { sleep })).rejects.toBeInstanceOf(PlatformError);
    expect(send).toHaveBeenCalledTimes(5);
    expect(delays).toHaveLength(4);
  });

  it('does not retry at all when maxAttempts is 1', async () => {
    const { sleep } = fakeSleep();
    const send = failingSend([new PlatformError({ kind: 'retry', afterMs: 5 })], 'sent');
    await expect(sendWithRetry(send, classify, { sleep, maxAttempts: 1 })).rejects.toBeInstanceOf(PlatformError);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('calls onRetry before each wait with the attempt number, delay and error', async () => {
    const order: string[] = [];
    const sleep = async (ms: number) => void order.push(`sleep ${ms}`);
    const onRetry = vi.fn((info: { attempt: number; delayMs: number }) => void order.push(`retry ${info.attempt}`));
    const first = new PlatformError({ kind: 'retry', afterMs: 1000 });
    const second = new PlatformError({ kind: 'retry', afterMs: 2000 });

    await sendWithRetry(failingSend([first, second], 'sent'), classify, { sleep, onRetry });

    expect(onRetry.mock.calls.map(([info]) => info)).toEqual([
      { attempt: 1, delayMs: 1000, error: first },
      { attempt: 2, delayMs: 2000, error: second },
    ]);
    expect(order).toEqual(['retry 1', 'sleep 1000', 'retry 2', 'sleep 2000']);
  });

  it('does not call onRetry for blocked, fatal or the final failed attempt', async () => {
    const onRetry = vi.fn();
    const { sleep } = fakeSleep();
    await sendWithRetry(failingSend([new PlatformError({ kind: 'blocked' })], 'x'), classify, { sleep, onRetry }).catch(() => {});
    await sendWithRetry(failingSend([new Error('fatal')], 'x'), classify, { sleep, onRetry }).catch(() => {});
    await sendWithRetry(failingSend([new PlatformError({ kind: 'retry' })], 'x'), classify, { sleep, onRetry, maxAttempts: 1 }).catch(() => {});
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('passes each thrown error to classify', async () => {
    const { sleep } = fakeSleep();
    const err = new PlatformError({ kind: 'retry', afterMs: 1 });
    const spy = vi.fn(classify);
    await sendWithRetry(failingSend([err], 'ok'), spy, { sleep });
    expect(spy).toHaveBeenCalledExactlyOnceWith(err);
  });
});

describe('quota and "not now" refusals', () => {
  it('throws SendQuotaError at once, with its kind and the platform error as cause', async () => {
    const { sleep, delays } = fakeSleep();
    const err = new PlatformError({ kind: 'quota', quota: 'package' });
    const send = failingSend([err], 'ok');
    const thrown = await sendWithRetry(send, classify, { sleep }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SendQuotaError);
    expect(thrown).toBeInstanceOf(SendDeferredError);
    expect(thrown).toMatchObject({ kind: 'package', reason: 'package', notBefore: null, cause: err });
    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
  });

  it('throws SendDeferredError with the time the platform gave', async () => {
    const notBefore = new Date('2026-12-05T23:00:00Z');
    const thrown = await sendWithRetry(failingSend([new PlatformError({ kind: 'later', reason: 'night_ban', notBefore })], 'ok'), classify).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(SendDeferredError);
    expect(thrown).not.toBeInstanceOf(SendQuotaError);
    expect(thrown).toMatchObject({ reason: 'night_ban', notBefore });
  });

  it('deferredUntil: hours for a quota (1 h) or a package (6 h) ±10 %, the given time (+ ≤ 5 min) otherwise', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    const quota = new SendQuotaError('quota', null);
    expect(deferredUntil(quota, now, () => 0.5).getTime() - now.getTime()).toBe(3_600_000);
    expect(deferredUntil(quota, now, () => 0).getTime() - now.getTime()).toBe(3_240_000);
    expect(deferredUntil(new SendQuotaError('package', null), now, () => 0.5).getTime() - now.getTime()).toBe(6 * 3_600_000);
    const night = new SendDeferredError('night_ban', new Date('2026-12-05T23:00:00Z'), null);
    expect(deferredUntil(night, now, () => 0)).toEqual(new Date('2026-12-05T23:00:00Z'));
    expect(deferredUntil(night, now, () => 1)).toEqual(new Date('2026-12-05T23:05:00Z'));
  });
});

describe('vnNextHour', () => {
  it('gives the next 06:00 in Việt Nam (UTC+7)', () => {
    expect(vnNextHour(new Date('2026-12-05T16:30:00Z'), 6)).toEqual(new Date('2026-12-05T23:00:00Z')); // 23:30 → 06:00 next day
    expect(vnNextHour(new Date('2026-12-04T23:00:00Z'), 6)).toEqual(new Date('2026-12-04T23:00:00Z')); // 06:00 itself
    expect(vnNextHour(new Date('2026-12-04T22:59:00Z'), 6)).toEqual(new Date('2026-12-04T23:00:00Z')); // 05:59 → 06:00
    expect(vnNextHour(new Date('2026-12-31T20:00:00Z'), 6)).toEqual(new Date('2026-12-31T23:00:00Z')); // 03:00 on 1/1 → 06:00 on 1/1
  });
});
