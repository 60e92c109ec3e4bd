import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneExportFiles } from '../../../src/services/exports/prune-export-files.js';

describe('pruneExportFiles', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes export files older than a week, and nothing else', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'htx-exports-'));
    const now = new Date('2026-11-23T10:00:00Z');
    const age = (name: string, days: number) => {
      writeFileSync(path.join(dir, name), 'x');
      const t = new Date(now.getTime() - days * 86_400_000);
      utimesSync(path.join(dir, name), t, t);
    };
    age('bao-cao-annual-2026-tinh-demo-20261110-080000-a1b2c3.xlsx', 13);
    age('bao-cao-annual-2026-xa-an-binh-20261120-080000-d4e5f6.csv', 3);
    age('ghi-chu.txt', 30);
    expect(await pruneExportFiles(dir, { now })).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['bao-cao-annual-2026-xa-an-binh-20261120-080000-d4e5f6.csv', 'ghi-chu.txt']);
    expect(await pruneExportFiles(path.join(dir, 'missing'), { now })).toBe(0);
  });
});
