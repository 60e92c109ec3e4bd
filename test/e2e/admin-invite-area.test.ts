import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { runEntry } from '../support/chat-process.js';
import { createCooperative } from '../support/factories.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-invite-area-'));
const dataDir = path.join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The PGlite folder is seeded and closed before any process opens it (one process at a time). */
beforeAll(async () => {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await db.migrate();
    await createCooperative(db.prisma, { name: 'HTX Demo', province: 'Tỉnh Demo', commune: 'Xã Demo' });
  } finally {
    await db.close();
  }
});

const run = (args: string[]) => runEntry('scripts/admin.ts', args, { DATABASE_URL: '', DATA_DIR: dataDir });

async function storedInvites() {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await db.prisma.invite.findMany({ where: { role: 'officer' }, orderBy: { id: 'asc' }, select: { province: true, commune: true } });
  } finally {
    await db.close();
  }
}

describe('npm run admin -- invite --role officer (the area is checked against the official units)', () => {
  it('stores the official names of an area typed without diacritics, keeps a name on record, and refuses an unknown one', { timeout: 240_000 }, async () => {
    const typed = await run(['invite', '--role', 'officer', '--province', 'dak lak', '--commune', 'xa ea hleo']);
    expect(typed.code).toBe(0);
    expect(typed.stdout).toContain("Area: Xã Ea H'Leo, Đắk Lắk");

    const demo = await run(['invite', '--role', 'officer', '--province', 'Tỉnh Demo', '--commune', 'xa demo']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Area: Xã Demo, Tỉnh Demo');

    const typo = await run(['invite', '--role', 'officer', '--province', 'Dak Lac']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('“Dak Lac” is not one of the 34 provinces');
    expect(typo.stderr).toContain('Did you mean: Đắk Lắk');

    const commune = await run(['invite', '--role', 'officer', '--province', 'Thành phố Hà Nội', '--commune', 'xa hoan kiem']);
    expect(commune.code).toBe(2);
    expect(commune.stderr).toContain('Did you mean: Phường Hoàn Kiếm');

    expect(await storedInvites()).toEqual([
      { province: 'Đắk Lắk', commune: "Xã Ea H'Leo" },
      { province: 'Tỉnh Demo', commune: 'Xã Demo' },
    ]);
  });
});
