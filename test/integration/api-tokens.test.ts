import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { authenticate } from '../../src/services/api-tokens/authenticate-api-token.js';
import { createApiToken, hashApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { listApiTokens } from '../../src/services/api-tokens/list-api-tokens.js';
import { revokeApiToken } from '../../src/services/api-tokens/revoke-api-token.js';
import { createCooperative, createDirector, createOfficer, createPerson } from '../support/factories.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = () => database.prisma;
let officer: number;
let communeOfficer: number;
let admin: number;
let director: number;
let guest: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const coop = await createCooperative(db(), { name: 'HTX An Bình', province: 'Thái Bình', commune: 'Xã An Bình' });
  officer = await createOfficer(db(), { name: 'Cán bộ tỉnh', province: 'Thái Bình' });
  communeOfficer = await createOfficer(db(), { name: 'Cán bộ xã', province: 'Thái Bình', commune: 'Xã An Bình' });
  admin = await createPerson(db(), { role: 'admin', name: 'Quản trị' });
  director = await createDirector(db(), { name: 'Chủ nhiệm', cooperativeId: coop.id });
  guest = await createPerson(db());
});
afterAll(async () => {
  await database?.close();
});

const bearer = (token: string) => `Bearer ${token}`;

describe("officers' API tokens", () => {
  it('creates a random htx_ token and stores only its SHA-256, audited', async () => {
    const { id, token } = await createApiToken(db(), { personId: officer, name: '  Sở Tài chính  ' });
    expect(token).toMatch(/^htx_[A-Za-z0-9_-]{43}$/);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ personId: officer, name: 'Sở Tài chính', hash: hashApiToken(token), lastUsedAt: null, revokedAt: null });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hash).not.toContain(token);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'api_token.created', subject: `api_token:${id}` } });
    expect(audit.details).toMatchObject({ personId: officer, name: 'Sở Tài chính' });
    expect(JSON.stringify(audit)).not.toContain(token);
    // Two tokens never collide.
    const other = await createApiToken(db(), { personId: officer, name: 'Hệ thống khác' });
    expect(other.token).not.toBe(token);
  });

  it('refuses a person who is not an officer or admin, an unknown person and an empty name', async () => {
    await expect(createApiToken(db(), { personId: director, name: 'x' })).rejects.toThrow(/is a director: only officers and admins may have an API token/);
    await expect(createApiToken(db(), { personId: guest, name: 'x' })).rejects.toThrow(/is a guest/);
    await expect(createApiToken(db(), { personId: 999_999, name: 'x' })).rejects.toThrow('No person #999999');
    await expect(createApiToken(db(), { personId: officer, name: '   ' })).rejects.toThrow(/needs a name/);
    expect(await db().apiToken.count({ where: { personId: { in: [director, guest] } } })).toBe(0);
    // An admin may have one.
    await expect(createApiToken(db(), { personId: admin, name: 'Quản trị' })).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('authenticates a Bearer token as its officer with their jurisdiction, and nothing else', async () => {
    const { id, token } = await createApiToken(db(), { personId: communeOfficer, name: 'Xã' });
    expect(await authenticate(db(), bearer(token))).toEqual({
      personId: communeOfficer,
      role: 'officer',
      province: 'Thái Bình',
      commune: 'Xã An Bình',
      tokenId: id,
    });
    expect(await authenticate(db(), `bearer   ${token}`)).toMatchObject({ personId: communeOfficer });
    for (const header of [
      undefined,
      '',
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      `Bearer htx_${'A'.repeat(43)}`,
      ['Bearer', token],
    ]) {
      expect(await authenticate(db(), header)).toBeNull();
    }
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { id, token } = await createApiToken(db(), { personId: officer, name: 'Đo thời gian' });
    const t0 = new Date('2030-01-01T00:00:00Z');
    const lastUsed = async () => (await db().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    await authenticate(db(), bearer(token), t0);
    expect(await lastUsed()).toEqual(t0);
    await authenticate(db(), bearer(token), new Date(t0.getTime() + 59_000));
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + 61_000);
    await authenticate(db(), bearer(token), t1);
    expect(await lastUsed()).toEqual(t1);
  });

  it('refuses a revoked token, and the token of someone who is no longer an officer', async () => {
    const a = await createApiToken(db(), { personId: officer, name: 'Để thu hồi' });
    expect(await authenticate(db(), bearer(a.token))).not.toBeNull();
    expect(await revokeApiToken(db(), { tokenId: a.id })).toBe('revoked');
    expect(await authenticate(db(), bearer(a.token))).toBeNull();
    expect(await revokeApiToken(db(), { tokenId: a.id })).toBe('already_revoked');
    expect(await revokeApiToken(db(), { tokenId: 999_999 })).toBe('not_found');
    expect(await db().auditLog.count({ where: { action: 'api_token.revoked', subject: `api_token:${a.id}` } })).toBe(1);

    const former = await db().person.create({ data: { role: 'officer', province: 'Hà Nam' } });
    const b = await createApiToken(db(), { personId: former.id, name: 'Cũ' });
    expect(await authenticate(db(), bearer(b.token))).toMatchObject({ personId: former.id, province: 'Hà Nam', commune: null });
    await db().person.update({ where: { id: former.id }, data: { role: 'member' } });
    expect(await authenticate(db(), bearer(b.token))).toBeNull();
  });

  it('lists tokens without the token or its hash, for everyone or one person', async () => {
    const all = await listApiTokens(db());
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.map((t) => t.id)).toEqual([...all.map((t) => t.id)].sort((x, y) => x - y));
    for (const t of all) {
      expect(Object.keys(t)).not.toContain('hash');
      expect(Object.keys(t)).not.toContain('token');
    }
    const hashes = (await db().apiToken.findMany({ select: { hash: true } })).map((r) => r.hash);
    const listed = JSON.stringify(all);
    for (const h of hashes) expect(listed).not.toContain(h);

    const mine = await listApiTokens(db(), { personId: officer });
    expect(mine.map((t) => t.name)).toEqual(['Sở Tài chính', 'Hệ thống khác', 'Đo thời gian', 'Để thu hồi']);
    expect(mine[0]).toMatchObject({ personId: officer, personName: 'Cán bộ tỉnh', role: 'officer', province: 'Thái Bình', commune: null, revokedAt: null });
    expect(mine[3]!.revokedAt).toBeInstanceOf(Date);
  });
});
