import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../src/db/database.js';
import { renderAnnouncement } from '../../src/handlers/announcements/announcement-text.js';
import { createI18n } from '../../src/i18n/i18n.js';
import type { RenderAnnouncement } from '../../src/services/announcements/queue-announcement.js';
import { canSeeAnnouncement } from '../../src/services/access/announcement-access.js';
import { bindDemoRole, DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { clearDemoData } from '../../tools/demo/clear-demo-data.js';
import { DEMO_OFFICER_USERS } from '../../tools/demo/plan-demo-area.js';
import { DemoSeedError, seedDemo, type DemoSeedResult } from '../../tools/demo/seed-demo.js';
import { scopeWithin } from '../../src/services/access/officer-scope.js';
import { findOrCreateAccount } from '../../src/services/people/find-or-create-account.js';
import { failedChecks, missingFields } from '../../src/services/reports/check-answers.js';
import { fieldSchema, type Answers } from '../../src/services/reports/form-definition.js';
import { findForm } from '../../src/services/reports/forms/forms.js';
import { listReportsForReview } from '../../src/services/reports/list-reports-for-review.js';
import { readAnswers } from '../../src/services/reports/load-report-answers.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = (): Db => database.prisma;
const NOW = new Date('2026-11-20T03:00:00Z');
const SIZE = 30;
let first: DemoSeedResult;
let progress: [number, number][] = [];

/** Every generated report's answers, by cooperative code, form and period. */
async function answersSnapshot(): Promise<Record<string, unknown>> {
  const rows = await db().report.findMany({
    where: { cooperative: { province: DEMO.province } },
    select: { form: true, period: true, status: true, revision: true, answers: true, draft: true, cooperative: { select: { registrationCode: true } } },
  });
  return Object.fromEntries(
    rows.map((r) => [
      `${r.cooperative.registrationCode}:${r.form}:${r.period}`,
      { status: r.status, revision: r.revision, answers: r.answers, draft: r.draft },
    ]),
  );
}

async function counts() {
  const inProvince = { cooperative: { province: DEMO.province } };
  return {
    cooperatives: await db().cooperative.count({ where: { province: DEMO.province } }),
    people: await db().person.count({ where: { province: DEMO.province } }),
    accounts: await db().channelAccount.count({ where: { externalId: { startsWith: 'demo-' } } }),
    reports: await db().report.count({ where: inProvince }),
    revisions: await db().reportRevision.count({ where: { report: inProvince } }),
    announcements: await db().announcement.count({ where: { province: DEMO.province } }),
    outbox: await db().outboxMessage.count(),
    rsvps: await db().rsvp.count(),
  };
}

let render: RenderAnnouncement;
beforeAll(async () => {
  database = await createTestDatabase();
  render = renderAnnouncement((await createI18n()).translator);
  first = await seedDemo(db(), { render, cooperatives: SIZE, seed: 7, now: NOW, onProgress: (done, total) => progress.push([done, total]) });
});
afterAll(async () => {
  await database?.close();
});

describe('seedDemo', () => {
  it('creates the demo province: cooperatives of every kind in ~8 communes, people, reports, announcements', async () => {
    expect(first).toMatchObject({ province: DEMO.province, cooperatives: SIZE, announcements: 4, replaced: false });
    expect(first.periods).toEqual({ annual: ['2025', '2026'], quarterly: ['2026-Q2', '2026-Q3'] });
    expect(first.communes[0]).toBe(DEMO.commune);
    expect(first.communes.length).toBeGreaterThanOrEqual(5);
    expect(first.communes.length).toBeLessThanOrEqual(8);

    const coops = await db().cooperative.findMany({ where: { province: DEMO.province } });
    expect(coops).toHaveLength(SIZE);
    expect(coops.every((c) => c.registrationCode?.startsWith('DEMO-'))).toBe(true);
    expect(coops.find((c) => c.registrationCode === DEMO.cooperative.registrationCode)).toMatchObject({ name: DEMO.cooperative.name, commune: DEMO.commune });
    expect(new Set(coops.map((c) => c.commune))).toEqual(new Set(first.communes));
    const kinds = coops.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'union')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'group').length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'cooperative').length).toBeGreaterThan(SIZE / 2);
    // Sectors the app labels (announcements.sector.*).
    for (const c of coops)
      expect([
        'agriculture',
        'forestry',
        'fishery',
        'industry',
        'handicraft',
        'construction',
        'trade',
        'services',
        'transport',
        'tourism',
        'credit',
        'environment',
        'housing',
        'other',
      ]).toContain(c.sector);

    const people = await db().person.findMany({ where: { province: DEMO.province }, include: { accounts: true } });
    expect(people).toHaveLength(first.people);
    expect(people.filter((p) => p.role === 'director')).toHaveLength(SIZE);
    expect(people.some((p) => p.role === 'member')).toBe(true);
    expect(people.every((p) => p.accounts.length > 0 && p.accounts.every((a) => a.externalId.startsWith('demo-')))).toBe(true);
    expect(new Set(people.flatMap((p) => p.accounts.map((a) => a.channel)))).toEqual(new Set(['telegram', 'zalo_bot', 'zalo_oa', 'console']));
    expect(await db().person.findUnique({ where: { id: first.provinceOfficerId } })).toMatchObject({ role: 'officer', province: DEMO.province, commune: null });
    expect(await db().person.findUnique({ where: { id: first.communeOfficerId } })).toMatchObject({
      role: 'officer',
      province: DEMO.province,
      commune: DEMO.commune,
    });

    expect(progress[0]).toEqual([0, progress[0]![1]]);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
  });

  it('files ~95% of the previous and ~85% of the current annual reports, some drafts and quarterly reports', async () => {
    const active = await db().cooperative.count({ where: { province: DEMO.province, status: 'active' } });
    const filed = (form: string, period: string) =>
      db().report.count({ where: { form, period, revision: { gt: 0 }, cooperative: { province: DEMO.province } } });
    expect(await filed('annual', '2025')).toBe(Math.round(SIZE * 0.95));
    expect(await filed('annual', '2026')).toBe(Math.round(active * 0.85));
    expect(await filed('quarterly', '2026-Q3')).toBeGreaterThan(0);
    expect(await filed('quarterly', '2026-Q2')).toBeGreaterThan(0);
    const statuses = await db().report.groupBy({ by: ['status'], where: { form: 'annual', period: '2026' }, _count: true });
    expect(statuses.map((s) => s.status).sort()).toEqual(['accepted', 'draft', 'returned', 'submitted']);
    // The console's demo cooperative is left to file its current report with `--as director`.
    expect(await db().report.count({ where: { period: '2026', cooperative: { registrationCode: DEMO.cooperative.registrationCode } } })).toBe(0);
    expect(await db().report.count({ where: { status: 'returned', reviewComment: null } })).toBe(0);
  });

  it('gives every submitted report answers that pass the form: field schemas, required questions, checks', async () => {
    const reports = await db().report.findMany({
      where: { revision: { gt: 0 } },
      include: { cooperative: { select: { id: true } }, revisions: { orderBy: { revision: 'asc' } } },
    });
    expect(reports.length).toBeGreaterThan(SIZE);
    const annualOf = new Map(reports.filter((r) => r.form === 'annual' && r.period === '2025').map((r) => [r.cooperativeId, r.answers as Answers]));
    for (const r of reports) {
      const form = findForm(r.form)!;
      expect(r.formVersion).toBe(form.version);
      const stored = r.answers as Answers;
      // Nothing is dropped when read through the form's schemas.
      expect(readAnswers(form, stored)).toEqual(stored);
      for (const [key, value] of Object.entries(stored)) {
        const field = form.fields.find((f) => f.key === key);
        expect(field, `${r.form}.${key}`).toBeDefined();
        if (value !== null) expect(fieldSchema(field!).safeParse(value).success, `${r.form}.${key}=${JSON.stringify(value)}`).toBe(true);
      }
      expect(missingFields(form, stored).map((f) => f.key)).toEqual([]);
      const previous = r.form === 'annual' && r.period === '2026' ? annualOf.get(r.cooperativeId) : undefined;
      expect(failedChecks(form, stored, previous).map((c) => c.id)).toEqual([]);
      expect(r.revisions.map((v) => v.revision)).toEqual(Array.from({ length: r.revision }, (_, i) => i + 1));
      expect(r.revisions.at(-1)!.answers).toEqual(r.answers);
      for (const v of r.revisions) expect(failedChecks(form, v.answers as Answers, previous).filter((c) => c.level === 'error')).toEqual([]);
    }
  });

  it('records a finished announcement history: copies sent or not delivered, and RSVPs', async () => {
    const announcements = await db().announcement.findMany({ include: { outbox: true, rsvps: true } });
    expect(announcements).toHaveLength(4);
    expect(announcements.every((a) => a.status === 'done' && a.finishedAt && a.queuedAt && a.finishedAt < NOW)).toBe(true);
    expect(new Set(announcements.map((a) => a.createdById))).toEqual(new Set([first.provinceOfficerId, first.communeOfficerId]));
    const copies = announcements.flatMap((a) => a.outbox);
    expect(new Set(copies.map((c) => c.status))).toEqual(new Set(['sent', 'undeliverable']));
    expect(copies.every((c) => c.topic === `announcement:${c.announcementId}` && c.externalId?.startsWith('demo-'))).toBe(true);
    // Bulk-inserted times read back exactly (UTC), like those written through Prisma.
    for (const a of announcements) expect(a.outbox.every((c) => c.createdAt.getTime() === a.queuedAt!.getTime() && c.sentAt! >= a.queuedAt!)).toBe(true);
    expect(announcements.flatMap((a) => a.rsvps).length).toBeGreaterThan(0);
    // Each copy is what the announcements handler renders, RSVP buttons included.
    for (const a of announcements) expect(a.outbox.every((c) => JSON.stringify(c.message) === JSON.stringify(render(a, 'vi')))).toBe(true);
    for (const a of announcements) {
      const sentTo = new Set(a.outbox.filter((c) => c.status === 'sent').map((c) => c.personId));
      expect(a.rsvps.every((v) => sentTo.has(v.personId) && (!a.registerBy || v.answeredAt <= a.registerBy))).toBe(true);
    }
  });

  it('lets the console demo officer (bindDemoRole) see the province and its reports and announcements', async () => {
    const who = await findOrCreateAccount(db(), { channel: 'console', externalId: 'console-user' });
    await bindDemoRole(db(), who.personId, 'officer');
    const officer = await db().person.findUniqueOrThrow({ where: { id: who.personId } });
    expect(officer.province).toBe(first.province);
    const jurisdiction = { province: officer.province, commune: officer.commune };
    expect(scopeWithin(jurisdiction)).toEqual({ ok: true, scope: { province: first.province } });
    const waiting = await db().report.count({ where: { status: 'submitted', cooperative: { province: DEMO.province } } });
    expect((await listReportsForReview(db(), jurisdiction, 5)).total).toBe(waiting);
    for (const a of await db().announcement.findMany()) {
      expect(canSeeAnnouncement({ personId: officer.id, role: officer.role, province: officer.province, commune: officer.commune }, a)).toBe(true);
    }
    // The commune officer sees only their commune's reports.
    const communeOfficer = { province: DEMO.province, commune: DEMO.commune };
    const inCommune = await db().report.count({ where: { status: 'submitted', cooperative: { province: DEMO.province, commune: DEMO.commune } } });
    expect((await listReportsForReview(db(), communeOfficer, 5)).total).toBe(inCommune);
    expect(await db().channelAccount.count({ where: { channel: 'console', externalId: { in: Object.values(DEMO_OFFICER_USERS) } } })).toBe(2);
  });

  it('replaces its own data when run again with the same seed: same answers, nothing doubled, console users kept', async () => {
    const director = await findOrCreateAccount(db(), { channel: 'console', externalId: 'console-director' });
    await bindDemoRole(db(), director.personId, 'director');
    const demoCoop = await db().cooperative.findUniqueOrThrow({ where: { registrationCode: DEMO.cooperative.registrationCode } });
    await db().report.create({
      data: {
        cooperativeId: demoCoop.id,
        form: 'annual',
        period: '2026',
        status: 'draft',
        createdById: director.personId,
        draft: { members: 12 },
        draftVersion: 1,
      },
    });
    const before = await counts();
    const snapshot = await answersSnapshot();

    const again = await seedDemo(db(), { render, cooperatives: SIZE, seed: 7, now: NOW });
    expect(again).toMatchObject({ cooperatives: SIZE, people: first.people, reports: first.reports, replaced: true });
    expect(await counts()).toEqual(before);
    expect(await answersSnapshot()).toEqual(snapshot);
    // The console's demo cooperative and the people bound to it stay, with the report they started.
    expect((await db().cooperative.findUniqueOrThrow({ where: { registrationCode: DEMO.cooperative.registrationCode } })).id).toBe(demoCoop.id);
    expect(await db().person.findUniqueOrThrow({ where: { id: director.personId } })).toMatchObject({ role: 'director', cooperativeId: demoCoop.id });
    expect(await db().report.findFirst({ where: { cooperativeId: demoCoop.id, period: '2026' } })).toMatchObject({
      createdById: director.personId,
      draft: { members: 12 },
    });
  });

  it('gives other answers for another seed, and clearDemoData removes everything it generated', async () => {
    const snapshot = await answersSnapshot();
    await seedDemo(db(), { render, cooperatives: SIZE, seed: 8, now: NOW });
    expect(await answersSnapshot()).not.toEqual(snapshot);
    await clearDemoData(db());
    expect(await db().cooperative.count({ where: { province: DEMO.province } })).toBe(1);
    expect(await db().channelAccount.count({ where: { externalId: { startsWith: 'demo-' } } })).toBe(0);
    expect(await db().announcement.count()).toBe(0);
    // Only the console users' own report of the demo cooperative is left.
    expect(await db().report.count()).toBe(1);
  });

  it('refuses a bad size or seed with a clear message', async () => {
    await expect(seedDemo(db(), { render, cooperatives: 0 })).rejects.toThrow(DemoSeedError);
    await expect(seedDemo(db(), { render, cooperatives: 2.5 })).rejects.toThrow(/whole number from 1 to 100000/);
    await expect(seedDemo(db(), { render, seed: -1 })).rejects.toThrow(/seed must be a whole number/);
  });
});
