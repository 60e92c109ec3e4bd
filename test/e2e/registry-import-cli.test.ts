import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { findImportCooperative, importMembers } from '../../src/services/registry/import-members.js';
import { runEntry, type EntryResult } from '../support/chat-process.js';
import { buildRegister, REGISTER_PROVINCE, storedPhone, writeRegisterCsv, writeRegisterXlsx, type RegisterFixture } from '../support/register-fixture.js';

const root = mkdtempSync(path.join(tmpdir(), 'htx-import-'));
const dataDir = path.join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const register = buildRegister();
/** A valid row (index) whose director's phone changes in the second file. */
const CHANGED = 100;
const files = {
  xlsx: path.join(root, 'register.xlsx'),
  csv: path.join(root, 'register.csv'),
  changed: path.join(root, 'register-changed.xlsx'),
  members: path.join(root, 'members.csv'),
};
let xlsxFirstRow = 0;
let csvFirstRow = 0;

beforeAll(async () => {
  expect(register.bad.has(CHANGED)).toBe(false);
  // A title and a blank line above the header, as offices write them: the header is row 3.
  xlsxFirstRow = await writeRegisterXlsx(files.xlsx, register, { titleRows: [`DANH SÁCH HỢP TÁC XÃ TỈNH ${REGISTER_PROVINCE.toUpperCase()}`] });
  csvFirstRow = writeRegisterCsv(files.csv, register, { delimiter: ';', bom: true });
  await writeRegisterXlsx(files.changed, buildRegister({ phoneOf: CHANGED }));
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}, 60_000);

const admin = (args: string[]) => runEntry('scripts/admin.ts', args, { DATA_DIR: dataDir });
const importCoops = (file: string, ...flags: string[]) => admin(['import', 'cooperatives', '--file', file, '--province', REGISTER_PROVINCE, ...flags]);

/** The last stdout line, as JSON. */
function summary(r: EntryResult): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines.at(-1)!);
}
/** The row numbers of the "Dòng N: …" lines. */
const rejectedRows = (r: EntryResult) => [...r.stdout.matchAll(/^Dòng (\d+): /gm)].map((m) => Number(m[1]));
const badRows = (reg: RegisterFixture, first: number) => [...reg.bad.keys()].map((i) => i + first).sort((a, b) => a - b);

async function inDatabase<T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['prisma']) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await read(db.prisma);
  } finally {
    await db.close();
  }
}

describe('npm run admin -- import cooperatives (a real process on an embedded database folder)', () => {
  it('a dry run lists exactly the 25 bad rows with their reasons and changes nothing', { timeout: 90_000 }, async () => {
    const r = await importCoops(files.xlsx, '--dry-run');
    expect(rejectedRows(r)).toEqual(badRows(register, xlsxFirstRow));
    expect(r.stdout).toContain('thiếu tên');
    expect(r.stdout).toMatch(/không có xã\/phường «Xã Không Có Thật» trong Đắk Lắk/);
    expect(r.stdout).toMatch(/mã số HTX \d+ trùng với dòng \d+/);
    expect(r.stdout).toContain('số điện thoại «12345» không hợp lệ');
    expect(r.stdout).toContain('lĩnh vực «Khai khoáng vũ trụ» không có trong danh mục');
    expect(r.stdout).toContain('loại hình «Công ty TNHH» không rõ');
    for (const to of register.suggested.values()) expect(r.stdout).toContain(`đơn vị mới gợi ý: ${to}, cần xác nhận`);
    expect(summary(r)).toEqual({ dry_run: true, rows: 600, created: 575, updated: 0, unchanged: 0, rejected: 25 });
    expect(r.code).toBe(1);
    expect(await inDatabase((db) => db.cooperative.count())).toBe(0);
  });

  it('a real run with rejected rows and no --skip-invalid imports nothing (exit 1)', { timeout: 90_000 }, async () => {
    const r = await importCoops(files.xlsx);
    expect(r.code).toBe(1);
    expect(rejectedRows(r)).toHaveLength(25);
    expect(r.stderr).toContain('25 dòng bị từ chối: chưa nhập gì');
    expect(summary(r)).toEqual({ dry_run: false, rows: 600, created: 0, updated: 0, unchanged: 0, rejected: 25 });
    expect(await inDatabase((db) => Promise.all([db.cooperative.count(), db.person.count(), db.auditLog.count()]))).toEqual([0, 0, 0]);
  });

  it('--skip-invalid creates the 575 valid rows with their pending directors, each audited', { timeout: 90_000 }, async () => {
    const r = await importCoops(files.xlsx, '--skip-invalid');
    expect(summary(r)).toEqual({ dry_run: false, rows: 600, created: 575, updated: 0, unchanged: 0, rejected: 25 });
    expect(r.code).toBe(0);
    const state = await inDatabase(async (db) => ({
      coops: await db.cooperative.count({ where: { province: REGISTER_PROVINCE } }),
      directors: await db.person.count({ where: { role: 'director', accounts: { none: {} }, cooperativeId: { not: null } } }),
      audits: await db.auditLog.count({ where: { action: 'cooperative.created' } }),
      auditText: JSON.stringify(await db.auditLog.findMany({ select: { details: true } })),
      sample: await db.cooperative.findFirst({
        where: { registrationCode: register.records[3]!.registration_code },
        select: { name: true, commune: true, kind: true, sector: true, people: { select: { name: true, phone: true, role: true } } },
      }),
      communes: (await db.cooperative.findMany({ select: { commune: true }, distinct: ['commune'] })).map((c) => c.commune),
    }));
    expect(state).toMatchObject({ coops: 575, directors: 575, audits: 575 });
    // No personal data in the audit log.
    expect(state.auditText).not.toMatch(/\+84|Nguyễn|Trần/);
    // Row 4: "Phường Tân Lập", "Liên hiệp HTX", "Thương mại", a phone cell whose leading 0 Excel dropped.
    expect(state.sample).toEqual({
      name: register.records[3]!.name,
      commune: 'Phường Tân Lập',
      kind: 'union',
      sector: 'trade',
      people: [{ name: register.records[3]!.director, phone: storedPhone(3), role: 'director' }],
    });
    // Communes typed without diacritics or without their kind are stored by their official names.
    expect(state.communes.every((c) => /^(Xã|Phường|Đặc khu) /.test(c!))).toBe(true);
  });

  it('re-importing the same register (as a semicolon CSV with a BOM) reports 0 changes', { timeout: 90_000 }, async () => {
    const r = await importCoops(files.csv, '--skip-invalid');
    expect(rejectedRows(r)).toEqual(badRows(register, csvFirstRow));
    expect(summary(r)).toEqual({ dry_run: false, rows: 600, created: 0, updated: 0, unchanged: 575, rejected: 25 });
    expect(r.code).toBe(0);
  });

  it('a register with one changed phone reports 1 update, and the director is updated', { timeout: 90_000 }, async () => {
    const r = await importCoops(files.changed, '--skip-invalid');
    expect(summary(r)).toEqual({ dry_run: false, rows: 600, created: 0, updated: 1, unchanged: 574, rejected: 25 });
    const row = register.records[CHANGED]!;
    const after = await inDatabase(async (db) => ({
      people: await db.person.findMany({ where: { cooperative: { name: row.name } }, select: { phone: true } }),
      audit: await db.auditLog.findFirst({ where: { action: 'cooperative.updated' }, select: { details: true } }),
    }));
    expect(after.people).toEqual([{ phone: '+84388000111' }]);
    expect(after.audit?.details).toMatchObject({ via: 'admin-cli', fields: ['director'] });
  });

  it("imports a cooperative's members (by registration code) once: a second run changes nothing", { timeout: 90_000 }, async () => {
    const code = register.records[0]!.registration_code;
    writeFileSync(files.members, ['Họ và tên,Số điện thoại', 'Nguyễn Thị Hoa,0905 111 222', 'Y Bih Niê,905333444', ',0905 555 666', 'Lê Văn Tư,12'].join('\n'));
    const first = await admin(['import', 'members', '--file', files.members, '--coop', code, '--skip-invalid', '--lang', 'en']);
    expect(first.stdout).toMatch(/^Row 4: the name is missing$/m);
    expect(first.stdout).toMatch(/^Row 5: phone number «12» is not valid$/m);
    expect(summary(first)).toEqual({ dry_run: false, rows: 4, created: 2, updated: 0, unchanged: 0, rejected: 2 });
    // Again (in this process: the same service the command calls): nothing changes.
    const { again, members } = await inDatabase(async (db) => {
      const coop = await findImportCooperative(db, code);
      const again = await importMembers(db, { file: readFileSync(files.members), cooperativeId: coop!.id, skipInvalid: true, actorId: null, via: 'test' });
      const members = await db.person.findMany({
        where: { role: 'member', cooperative: { registrationCode: code } },
        orderBy: { id: 'asc' },
        select: { name: true, phone: true },
      });
      return { again, members };
    });
    expect(again.counts).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 2, rejected: 2 });
    expect(members).toEqual([
      { name: 'Nguyễn Thị Hoa', phone: '+84905111222' },
      { name: 'Y Bih Niê', phone: '+84905333444' },
    ]);
  });
});
