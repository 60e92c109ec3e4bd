import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/lib/progress-bar.js';
import { pageChannel } from '../../../src/services/exports/page-channel.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 80, write: (s: string) => out.push(s) } };
}

describe('createProgress', () => {
  it('redraws one bar in place on a terminal, and ends its line', () => {
    let now = 0;
    const { out, stream } = sink(true);
    const p = createProgress(stream, 'Exporting', { now: () => now });
    p.update(0, 10_000);
    now = 150;
    p.update(5_000, 10_000);
    now = 160;
    p.update(6_000, 10_000); // within 100 ms: not drawn
    p.update(10_000, 10_000); // the last step: drawn at once
    p.end();
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^\rExporting \[#+\.+\]  50% 5,000\/10,000$/);
    expect(out[1]).toMatch(/^\rExporting \[#+\] 100% 10,000\/10,000$/);
    expect(out[2]).toBe('\n');
  });

  it('writes plain lines at most every 2 s elsewhere', () => {
    let now = 0;
    const { out, stream } = sink(false);
    const p = createProgress(stream, 'Exporting', { now: () => now });
    for (now = 0; now <= 5000; now += 500) p.update(now, 5000);
    p.end();
    expect(out).toEqual(['Exporting: 40% (2,000/5,000)\n', 'Exporting: 80% (4,000/5,000)\n']);
  });
});

describe('pageChannel', () => {
  it('hands pushed pages to a reader in order, ends, or fails', async () => {
    const c = pageChannel<number>();
    const read = (async () => {
      const got: number[] = [];
      for await (const x of c) got.push(x);
      return got;
    })();
    c.push(1);
    await new Promise((r) => setTimeout(r, 5));
    c.push(2);
    c.push(3);
    c.end();
    expect(await read).toEqual([1, 2, 3]);

    const broken = pageChannel<number>();
    const failing = (async () => {
      for await (const _ of broken) void _;
    })();
    broken.push(1);
    broken.fail(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
  });
});
