import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/router/rate-limiter.js';

describe('RateLimiter', () => {
  it('answers ok up to the limit within the window', () => {
    const rl = new RateLimiter(3, 10_000);
    expect([0, 1, 2].map((t) => rl.check('u1', t))).toEqual(['ok', 'ok', 'ok']);
  });

  it('answers warn for the first message over the limit, then drop', () => {
    const rl = new RateLimiter(2, 10_000);
    const answers = [0, 10, 20, 30, 40].map((t) => rl.check('u1', t));
    expect(answers).toEqual(['ok', 'ok', 'warn', 'drop', 'drop']);
  });

  it('counts each key separately', () => {
    const rl = new RateLimiter(1, 10_000);
    expect(rl.check('a', 0)).toBe('ok');
    expect(rl.check('b', 0)).toBe('ok');
    expect(rl.check('a', 1)).toBe('warn');
    expect(rl.check('b', 1)).toBe('warn');
  });

  it('slides the window: hits older than the window no longer count', () => {
    const rl = new RateLimiter(2, 1000);
    expect(rl.check('u', 0)).toBe('ok');
    expect(rl.check('u', 500)).toBe('ok');
    expect(rl.check('u', 999)).toBe('warn'); // 0, 500, 999 all within (−1, 999]
    // At 1500 the window is (500, 1500]: 999 and 1500 count, 0 and 500 have expired.
    expect(rl.check('u', 1500)).toBe('ok');
  });

  it('treats a hit exactly one window old as expired', () => {
    const rl = new RateLimiter(1, 1000);
    expect(rl.check('u', 0)).toBe('ok');
    expect(rl.check('u', 1000)).toBe('ok');
  });

  it('warns again after the user has been back under the limit', () => {
    const rl = new RateLimiter(1, 1000);
    expect(rl.check('u', 0)).toBe('ok');
    expect(rl.check('u', 1)).toBe('warn');
    expect(rl.check('u', 2)).toBe('drop');
    expect(rl.check('u', 5000)).toBe('ok');
    expect(rl.check('u', 5001)).toBe('warn');
  });

  it('counts dropped messages too, so a user who keeps flooding stays limited', () => {
    const rl = new RateLimiter(2, 1000);
    const answers: string[] = [];
    for (let t = 0; t <= 3000; t += 200) answers.push(rl.check('u', t));
    expect(answers.slice(0, 3)).toEqual(['ok', 'ok', 'warn']);
    expect(answers.slice(3).every((a) => a === 'drop')).toBe(true);
  });

  describe('sweep', () => {
    it('forgets keys idle for a whole window, including their warned state', () => {
      const rl = new RateLimiter(1, 1000);
      rl.check('idle', 0);
      rl.check('idle', 1); // warn
      rl.sweep(2000);
      // Forgotten: the next message is ok, and the one after warns again (not drop).
      expect(rl.check('idle', 2000)).toBe('ok');
      expect(rl.check('idle', 2001)).toBe('warn');
    });

    it('keeps keys active within the window', () => {
      const rl = new RateLimiter(1, 1000);
      rl.check('active', 0);
      rl.check('active', 900); // warn
      rl.sweep(1000);
      expect(rl.check('active', 1000)).toBe('drop');
    });

    it('releases memory for idle keys', () => {
      const rl = new RateLimiter(5, 1000);
      for (let i = 0; i < 100; i++) rl.check(`user${i}`, i);
      rl.check('recent', 5000);
      rl.sweep(5000);
      const hits = (rl as unknown as { hits: Map<string, number[]> }).hits;
      expect([...hits.keys()]).toEqual(['recent']);
    });
  });
});
