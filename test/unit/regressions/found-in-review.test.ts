import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/delivery/retry-policy.js';
import { parseVietnamesePhone } from '../../../src/lib/phone.js';
import { splitText } from '../../../src/lib/split-text.js';
import { cleanText } from '../../../src/lib/vietnamese-text.js';

describe('edge cases found while reviewing the helpers', () => {
  it('composes a letter and its accent even when an invisible character sat between them', () => {
    expect(cleanText('Ha\u200B\u0300')).toBe('Hà');
  });

  it('never returns empty pieces for runs of whitespace', () => {
    for (const pieces of [splitText('\t'.repeat(10), 4), splitText(' '.repeat(10), 4), splitText(`a${' '.repeat(20)}b`, 4)]) {
      expect(pieces.length).toBeGreaterThan(0);
      for (const p of pieces.slice(0, -1)) expect(p.trim()).not.toBe('');
    }
  });

  it('reads "+84 (0) 912 345 678"', () => {
    expect(parseVietnamesePhone('+84 (0) 912 345 678')).toBe('0912345678');
  });

  it('keeps jittered backoff under its cap', () => {
    expect(backoffDelay(20, 500, 30_000, () => 0.99)).toBeLessThanOrEqual(30_000);
  });
});
