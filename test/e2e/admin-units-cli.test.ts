import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEntry } from '../support/chat-process.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// One process at a time on one PGlite folder: each run gets its own.
let n = 0;
const run = (args: string[]) => runEntry('scripts/admin.ts', args, { DATABASE_URL: '', DATA_DIR: path.join(root, `data-${n++}`) });

describe('npm run admin -- units (a real process)', () => {
  it('prints the communes, wards and special zones of a province typed without diacritics', { timeout: 90_000 }, async () => {
    const r = await run(['units', '--province', 'dak lak']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines).toContain('Phường Buôn Ma Thuột');
    expect(lines).toContain("Xã Ea H'Leo");
    expect(lines.every((l) => /^(Xã|Phường|Đặc khu) /.test(l))).toBe(true);
  });

  it('prints the 34 provinces without --province, and refuses an unknown one with suggestions (exit 2)', { timeout: 90_000 }, async () => {
    const all = await run(['units']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(34);
    expect(all.stdout).toContain('Thành phố Hồ Chí Minh\n');

    const typo = await run(['units', '--province', 'Dak Lac']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('Không có tỉnh/thành phố «Dak Lac»');
    expect(typo.stderr).toContain('Có phải: Đắk Lắk?');

    const old = await run(['units', '--province', 'Tiền Giang', '--lang', 'en']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('now part of Đồng Tháp');
  });
});
