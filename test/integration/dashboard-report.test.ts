import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken, csrfTokenOk } from '../../src/adapters/web/csrf.js';
import { createCooperative, createDirector, createOfficer, createReport } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});
const db = () => app.db.prisma;

describe('one report on the dashboard (findDashboardReport)', () => {
  it("reads a report of the officer's area with its revisions and decisions, and nothing of another area", async () => {
    const coop = await createCooperative(db(), { name: 'HTX Rau sạch Đông Hòa', province: 'Tỉnh Một', commune: 'Xã Đông' });
    const other = await createCooperative(db(), { name: 'HTX Xã Tây', province: 'Tỉnh Một', commune: 'Xã Tây' });
    const director = await createDirector(db(), { cooperativeId: coop.id, name: 'Trần Văn Giám' });
    const commune = await createOfficer(db(), { name: 'Cán bộ xã Đông', province: 'Tỉnh Một', commune: 'Xã Đông' });
    const id = await createReport(db(), { cooperativeId: coop.id, submittedAt: new Date('2026-10-05T03:00:00Z') });
    const otherId = await createReport(db(), { cooperativeId: other.id });
    const draftId = await createReport(db(), { cooperativeId: coop.id, period: '2026-Q4', status: 'draft' });
    await db().reportRevision.updateMany({ where: { reportId: id }, data: { submittedById: director } });

    // Returned with a comment, corrected (a second revision), then accepted.
    const reviewer = { personId: commune, role: 'officer' as const, province: 'Tỉnh Một', commune: 'Xã Đông' };
    const ret = await app.services.reviewReport({ reportId: id, reviewer, decision: 'return', comment: 'Doanh thu quý chưa đúng', now: new Date() });
    expect(ret.ok).toBe(true);
    const corrected = { members: 21, quarter_revenue: 320_000_000, difficulties: 'Thiếu vốn', support_needed: ['credit'] };
    await db().report.update({ where: { id }, data: { status: 'submitted', revision: 2, answers: corrected } });
    await db().reportRevision.create({
      data: { reportId: id, revision: 2, formVersion: 1, answers: corrected, submittedAt: new Date(), submittedById: director },
    });
    expect((await app.services.reviewReport({ reportId: id, reviewer, decision: 'accept', now: new Date() })).ok).toBe(true);

    const found = await app.services.findDashboardReport({ reportId: id, jurisdiction: { province: 'Tỉnh Một', commune: 'Xã Đông' } });
    expect(found).toMatchObject({
      id,
      status: 'accepted',
      revision: 2,
      cooperative: { name: 'HTX Rau sạch Đông Hòa', commune: 'Xã Đông' },
      answers: { members: 21, quarter_revenue: 320_000_000 },
      reviewedBy: 'Cán bộ xã Đông',
    });
    expect(found!.revisions.map((r) => [r.revision, r.submittedBy])).toEqual([
      [2, 'Trần Văn Giám'],
      [1, 'Trần Văn Giám'],
    ]);
    expect(found!.reviews).toEqual([
      expect.objectContaining({ decision: 'returned', by: 'Cán bộ xã Đông', comment: 'Doanh thu quý chưa đúng' }),
      expect.objectContaining({ decision: 'accepted', by: 'Cán bộ xã Đông', comment: null }),
    ]);

    // The province reads it; another commune, another province, a draft and an unknown id read as nothing.
    expect(await app.services.findDashboardReport({ reportId: id, jurisdiction: { province: 'Tỉnh Một', commune: null } })).not.toBeNull();
    expect(await app.services.findDashboardReport({ reportId: id, jurisdiction: { province: null, commune: null } })).not.toBeNull();
    expect(await app.services.findDashboardReport({ reportId: otherId, jurisdiction: { province: 'Tỉnh Một', commune: 'Xã Đông' } })).toBeNull();
    expect(await app.services.findDashboardReport({ reportId: id, jurisdiction: { province: 'Tỉnh Hai', commune: null } })).toBeNull();
    expect(await app.services.findDashboardReport({ reportId: draftId, jurisdiction: { province: 'Tỉnh Một', commune: null } })).toBeNull();
    expect(await app.services.findDashboardReport({ reportId: 987_654, jurisdiction: { province: null, commune: null } })).toBeNull();
  });
});

describe("the dashboard forms' anti-forgery token", () => {
  it("is the session's own: another session's, a changed one or none is refused", () => {
    const a = 'A'.repeat(43);
    const b = 'B'.repeat(43);
    expect(csrfToken(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(a)).not.toBe(a);
    expect(csrfTokenOk(a, csrfToken(a))).toBe(true);
    expect(csrfTokenOk(a, csrfToken(b))).toBe(false);
    expect(csrfTokenOk(a, `${csrfToken(a)}x`)).toBe(false);
    expect(csrfTokenOk(a, null)).toBe(false);
    expect(csrfTokenOk(undefined, csrfToken(a))).toBe(false);
  });
});
