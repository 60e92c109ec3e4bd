import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { rulesDir } from '../../src/services/eligibility/load-rules.js';
import { runEntry } from '../support/chat-process.js';
import { createCooperative, createDirector } from '../support/factories.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-rules-alert-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = path.join(root, 'data');
const run = (args: string[]) => runEntry('scripts/admin.ts', ['rules', 'alert', ...args], { DATABASE_URL: '', DATA_DIR: dataDir });
const last = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run admin -- rules alert (a real process)', () => {
  it('baselines, previews a changed rule, queues the affected directors once with --confirm', { timeout: 180_000 }, async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir });
    let director: number;
    try {
      await db.migrate();
      const land = await createCooperative(db.prisma, { name: 'HTX Có kho', province: 'Tỉnh CLI', facts: { facilityLand: true } });
      const none = await createCooperative(db.prisma, { name: 'HTX Không kho', province: 'Tỉnh CLI', facts: { facilityLand: false } });
      director = await createDirector(db.prisma, { cooperativeId: land.id, accounts: 'cli-d1' });
      await createDirector(db.prisma, { cooperativeId: none.id, accounts: 'cli-d2' });
    } finally {
      await db.close();
    }
    // A proposed change of the rules: the land-rent exemption only from 2099.
    const rules = path.join(root, 'rules');
    cpSync(rulesDir, rules, { recursive: true });
    const file = path.join(rules, 'land-rent-facilities.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^effective_from: .+$/m, 'effective_from: "2099-01-01"'));

    const first = await run(['--province', 'Tỉnh CLI']);
    expect(first.code).toBe(0);
    expect(last(first.stdout)).toEqual({ confirmed: false, evaluated: 2, baselined: 2, cooperatives: 0, directors: 0, queued: 0 });

    const preview = await run(['--province', 'Tỉnh CLI', '--rules-dir', rules]);
    expect(preview.stdout).toContain('HTX Có kho');
    expect(preview.stdout).not.toContain('HTX Không kho');
    expect(preview.stdout).toContain('🔔 Chính sách thay đổi · HTX Có kho');
    expect(last(preview.stdout)).toEqual({ confirmed: false, evaluated: 2, baselined: 0, cooperatives: 1, directors: 1, queued: 0 });

    const sent = await run(['--province', 'Tỉnh CLI', '--rules-dir', rules, '--confirm']);
    expect(last(sent.stdout)).toMatchObject({ confirmed: true, cooperatives: 1, directors: 1, queued: 1 });
    const again = await run(['--province', 'Tỉnh CLI', '--rules-dir', rules, '--confirm']);
    expect(last(again.stdout)).toMatchObject({ confirmed: true, cooperatives: 0, queued: 0 });

    const check = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const rows = await check.prisma.outboxMessage.findMany({ select: { personId: true, topic: true } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ personId: director! });
      expect(await check.prisma.auditLog.count({ where: { action: 'eligibility.policy_alert' } })).toBe(2);
    } finally {
      await check.close();
    }
  });

  it('refuses a commune without its province (exit 2)', { timeout: 60_000 }, async () => {
    const r = await run(['--commune', 'Xã A']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--commune needs --province');
  });
});
