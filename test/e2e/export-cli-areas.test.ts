import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { annualReport } from '../support/annual-report-fixture.js';
import { runEntry } from '../support/chat-process.js';
import { createCooperative } from '../support/factories.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-export-areas-'));
const dataDir = path.join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The PGlite folder is seeded and closed before any process opens it (one process at a time). */
beforeAll(async () => {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await db.migrate();
    const a = await createCooperative(db.prisma, { name: 'HTX Tân Lập Tây Ninh', province: 'Tây Ninh', commune: 'Xã Tân Lập' });
    await db.prisma.report.create({ data: annualReport(a.id) });
    const b = await createCooperative(db.prisma, { name: 'HTX Hảo Đước', province: 'Tây Ninh', commune: 'Xã Hảo Đước' });
    await db.prisma.report.create({ data: annualReport(b.id) });
  } finally {
    await db.close();
  }
});

const run = (args: string[]) => runEntry('scripts/export.ts', args, { DATABASE_URL: '', DATA_DIR: dataDir });

describe('npm run export --province/--commune (typed areas are checked against the official units)', () => {
  it('exports the commune typed without diacritics, and refuses an unknown one with close names (exit 2)', { timeout: 180_000 }, async () => {
    const out = path.join(root, 'tan-lap.json');
    const ok = await run(['--form', 'annual', '--period', '2026', '--format', 'json', '--out', out, '--province', 'tay ninh', '--commune', 'xa tan lap']);
    expect(ok.stderr).toContain('Exported 1 reports');
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('HTX Tân Lập Tây Ninh');
    expect(readFileSync(out, 'utf8')).not.toContain('HTX Hảo Đước');

    const typo = await run(['--form', 'annual', '--period', '2026', '--lang', 'en', '--province', 'Tay Ninh', '--commune', 'xa tan lapp']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('There is no commune, ward or special zone “xa tan lapp” in Tây Ninh. Did you mean: Xã Tân Lập');
  });
});
