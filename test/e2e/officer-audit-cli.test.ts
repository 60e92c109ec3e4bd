import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { runEntry } from '../support/chat-process.js';
import { createOfficer } from '../support/factories.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-audit-cli-'));
const dataDir = path.join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ids: Record<string, number> = {};

/** The PGlite folder is filled and closed before the command opens it (one process at a time). */
beforeAll(async () => {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await db.migrate();
    const p = db.prisma;
    ids.lan = await createOfficer(p, { name: 'Nguyễn Thị Lan', province: 'Thái Bình' });
    ids.minh = await createOfficer(p, { name: 'Trần Văn Minh', province: 'Thái Bình', commune: 'Xã Bình Minh' });
    const entry = (at: string, actorId: number | null, action: string, subject: string | null, details: Record<string, unknown> | null) =>
      p.auditLog.create({ data: { at: new Date(at), actorId, action, subject, ...(details ? { details: details as object } : {}) } });
    await entry('2026-10-01T02:00:00Z', ids.lan, 'api_token.created', 'api_token:1', { personId: ids.lan, name: 'Sở Tài chính' });
    await entry('2026-11-20T03:15:00Z', ids.lan, 'api.reports.export', 'reports:annual:2026', {
      tokenId: 1,
      status: 200,
      format: 'xlsx',
      rows: 182,
      scope: { province: 'Thái Bình', commune: null },
    });
    await entry('2026-11-21T04:00:00Z', ids.minh, 'api.reports.read', 'reports:annual:2026', { tokenId: 2, status: 403, error: 'outside_jurisdiction' });
    await entry('2026-11-22T01:30:00Z', ids.minh, 'export.chat', 'reports:annual:2026', {
      format: 'xlsx',
      rows: 17,
      scope: { province: 'Thái Bình', commune: 'Xã Bình Minh' },
    });
    await entry('2026-11-23T09:00:00Z', null, 'export.cli', 'reports:annual:2026', { format: 'csv', rows: 200, province: null, commune: null });
  } finally {
    await db.close();
  }
});

const officer = (args: string[]) => runEntry('scripts/officer.ts', args, { DATA_DIR: dataDir });

describe('npm run officer -- audit', () => {
  it('lists who pulled what, newest first, as a readable table', async () => {
    const r = await officer(['audit']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^when \(VN\)\s+who\s+action\s+subject\s+scope\s+rows$/);
    expect(lines[1]).toMatch(/^-+( +-+){5}$/);
    expect(lines.slice(2)).toHaveLength(5);
    expect(lines[2]).toMatch(/^2026-11-23 16:00 +system +export\.cli +reports:annual:2026 +whole country +200$/);
    expect(lines[3]).toMatch(
      new RegExp(`^2026-11-22 08:30 +#${ids.minh} Trần Văn Minh \\(officer\\) +export\\.chat +reports:annual:2026 +Xã Bình Minh, Thái Bình +17$`),
    );
    expect(lines[4]).toMatch(/api\.reports\.read +reports:annual:2026 +- +-$/);
    expect(lines[5]).toMatch(
      new RegExp(`^2026-11-20 10:15 +#${ids.lan} Nguyễn Thị Lan \\(officer\\) +api\\.reports\\.export +reports:annual:2026 +Thái Bình +182$`),
    );
    expect(lines[6]).toContain('api_token.created');
    // Columns line up (the rows column ends at the same place on every line).
    expect(new Set(lines.map((l) => l.length)).size).toBeLessThanOrEqual(3);
    expect(r.stderr).toContain('5 audit entries.');
  });

  it('filters by action prefix, person, day and count', async () => {
    const api = await officer(['audit', '--action', 'api.']);
    expect(
      api.stdout
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((l) => l.split(/ {2,}/)[2]),
    ).toEqual(['api.reports.read', 'api.reports.export']);
    const minh = await officer(['audit', '--person', String(ids.minh)]);
    expect(minh.stdout).not.toContain('Nguyễn Thị Lan');
    expect(minh.stdout.trimEnd().split('\n')).toHaveLength(4);
    // --since is a day in Việt Nam: 2026-11-22 starts at 17:00 UTC on the 21st.
    const since = await officer(['audit', '--since', '2026-11-22']);
    expect(
      since.stdout
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((l) => l.split(/ {2,}/)[2]),
    ).toEqual(['export.cli', 'export.chat']);
    const limited = await officer(['audit', '--limit', '2']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(limited.stderr).toContain('(the newest 2; --limit for more)');
    const none = await officer(['audit', '--action', 'nothing.']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toContain('0 audit entries.');
  }, 180_000);

  it('prints JSON for scripts with --json', async () => {
    const r = await officer(['audit', '--json', '--action', 'export']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({ action: 'export.cli', actorId: null, actorName: null, scope: 'whole country', rows: 200, at: '2026-11-23T09:00:00.000Z' }),
      expect.objectContaining({
        action: 'export.chat',
        actorId: ids.minh,
        actorName: 'Trần Văn Minh',
        actorRole: 'officer',
        scope: 'Xã Bình Minh, Thái Bình',
        rows: 17,
      }),
    ]);
    expect(rows[1]!.details).toMatchObject({ format: 'xlsx' });
  });

  it('explains bad arguments with the usage (exit 2)', async () => {
    for (const args of [
      ['audit', '--since', '22/11/2026'],
      ['audit', '--since', '2026-02-30'],
      ['audit', '--limit', '0'],
      ['audit', '--person', 'lan'],
      ['audit', 'extra'],
      ['token', 'list', '--json'],
    ]) {
      const r = await officer(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: npm run officer');
    }
    expect((await officer(['audit', '--since', '22/11/2026'])).stderr).toContain('--since must be a day as YYYY-MM-DD');
  }, 120_000);
});
