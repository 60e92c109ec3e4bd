import type { Db } from '../../src/db/database.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { writeAudit } from '../../src/services/audit/write-audit.js';
import { announcementTopic } from '../../src/services/announcements/queue-announcement.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { clearDemoData } from './clear-demo-data.js';
import { DEMO_COMMUNES } from './demo-names.js';
import { insertRows, reserveIds } from './insert-rows.js';
import type { RenderAnnouncement } from '../../src/services/announcements/queue-announcement.js';
import { planDemoAnnouncements } from './plan-demo-announcements.js';
import { planDemoArea } from './plan-demo-area.js';
import { planDemoReports } from './plan-demo-reports.js';

export interface SeedDemoOptions {
  /** How many cooperatives (default 200, at most 100,000); the console's demo cooperative is one of them. */
  cooperatives?: number;
  /** The same seed gives the same names, answers and history (default 1). */
  seed?: number;
  /** "Today" for the data (default: now): the periods, dates and history are placed around it. */
  now?: Date;
  /** Rows written so far and in all, after each batch. */
  onProgress?: (done: number, total: number) => void;
  /** How the announcements handler renders a copy (`renderAnnouncement`), for the history's copies. */
  render: RenderAnnouncement;
}

export interface DemoSeedResult {
  province: string;
  /** The communes that got cooperatives, the demo commune first. */
  communes: string[];
  cooperatives: number;
  /** Directors, members and the two officers. */
  people: number;
  /** Annual and quarterly reports, drafts included. */
  reports: number;
  announcements: number;
  provinceOfficerId: number;
  communeOfficerId: number;
  /** The periods that have reports: annual [previous, current], quarterly [previous, current]. */
  periods: { annual: [string, string]; quarterly: [string, string] };
  /** An earlier demo seed was found and replaced. */
  replaced: boolean;
}

export const DEMO_DEFAULT_COOPERATIVES = 200;
export const DEMO_MAX_COOPERATIVES = 100_000;

/** Bad options for seedDemo (the message says what is allowed). */
export class DemoSeedError extends Error {
  override name = 'DemoSeedError';
}

/**
 * Fills the demo province (`DEMO.province`, the one `npm run chat -- --as officer` works in) with
 * generated cooperatives in ~8 communes, their directors and members with accounts on every
 * channel, a province and a commune officer, annual reports of the previous and current period
 * (~95% and ~85% submitted, some drafts, reviewed or returned), quick reports of two quarters and a
 * finished announcement history with its deliveries and RSVPs. Deterministic for a seed and `now`.
 * Running it again replaces what an earlier run created (see clearDemoData) rather than adding to it.
 *
 *   const result = await seedDemo(db, { cooperatives: 30, seed: 7 });
 */
export async function seedDemo(db: Db, o: SeedDemoOptions): Promise<DemoSeedResult> {
  const count = o.cooperatives ?? DEMO_DEFAULT_COOPERATIVES;
  const seed = o.seed ?? 1;
  const now = o.now ?? new Date();
  if (!Number.isInteger(count) || count < 1 || count > DEMO_MAX_COOPERATIVES) {
    throw new DemoSeedError(`The number of cooperatives must be a whole number from 1 to ${DEMO_MAX_COOPERATIVES} (got ${count}).`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) throw new DemoSeedError(`The seed must be a whole number ≥ 0 (got ${seed}).`);
  if (Number.isNaN(now.getTime())) throw new DemoSeedError('The date "now" is not a valid date.');

  const cleared = await clearDemoData(db);
  const area = planDemoArea(seed, count, now);
  const plan = planDemoReports(seed, area, now);
  const history = planDemoAnnouncements(seed, area, now, plan.periods.annualCurrent);

  const demoCoop = await db.cooperative.upsert({
    where: { registrationCode: DEMO.cooperative.registrationCode },
    update: {},
    create: { ...DEMO.cooperative, province: DEMO.province, commune: DEMO.commune },
    select: { id: true },
  });
  // The console's demo cooperative may already have reports its console director filed: kept, not generated.
  const taken = new Set(
    (await db.report.findMany({ where: { cooperativeId: demoCoop.id }, select: { form: true, period: true } })).map((r) => `${r.form}:${r.period}`),
  );
  const reports = plan.reports.filter((r) => r.cooperative !== 0 || !taken.has(`${r.form.id}:${r.period}`));
  const accounts = area.people.reduce((n, p) => n + p.accounts.length, 0);
  const revisions = reports.reduce((n, r) => n + r.revisions.length, 0);
  const copies = history.reduce((n, a) => n + a.outbox.length + a.rsvps.length, 0);
  const total = area.cooperatives.length - 1 + area.people.length + accounts + reports.length + revisions + history.length + copies;
  let done = 0;
  const progress = (rows: number) => {
    done += rows;
    o.onProgress?.(done, total);
  };
  o.onProgress?.(0, total);

  const coopIds = [demoCoop.id, ...(await reserveIds(db, 'Cooperative', area.cooperatives.length - 1))];
  await insertRows(
    db,
    'Cooperative',
    area.cooperatives.slice(1).map((c, i): Prisma.CooperativeCreateManyInput => ({
      id: coopIds[i + 1]!,
      name: c.name,
      registrationCode: c.registrationCode,
      province: DEMO.province,
      commune: c.commune,
      sector: c.sector,
      kind: c.kind,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: now,
    })),
    progress,
  );

  const personIds = await reserveIds(db, 'Person', area.people.length);
  await insertRows(
    db,
    'Person',
    area.people.map((p, i): Prisma.PersonCreateManyInput => ({
      id: personIds[i]!,
      name: p.name,
      role: p.role,
      cooperativeId: p.cooperative === null ? null : coopIds[p.cooperative]!,
      province: p.province,
      commune: p.commune,
      canReport: p.canReport,
      locale: p.locale,
      announcementsOffAt: p.announcementsOffAt,
      createdAt: p.createdAt,
      updatedAt: now,
    })),
    progress,
  );
  await insertRows(
    db,
    'ChannelAccount',
    area.people.flatMap((p, i) =>
      p.accounts.map((a): Prisma.ChannelAccountCreateManyInput => ({ ...a, personId: personIds[i]!, displayName: p.name, platformLocale: 'vi' })),
    ),
    progress,
  );

  const officerId = { province: personIds[area.provinceOfficer]!, commune: personIds[area.communeOfficer]! };
  const reportIds = await reserveIds(db, 'Report', reports.length);
  await insertRows(
    db,
    'Report',
    reports.map((r, i): Prisma.ReportCreateManyInput => {
      const director = personIds[area.cooperatives[r.cooperative]!.director]!;
      const last = r.revisions[r.revisions.length - 1];
      return {
        id: reportIds[i]!,
        cooperativeId: coopIds[r.cooperative]!,
        form: r.form.id,
        period: r.period,
        status: r.status,
        answers: r.answers as Prisma.InputJsonValue,
        formVersion: last ? r.form.version : null,
        revision: r.revisions.length,
        submittedAt: last?.submittedAt ?? null,
        submittedById: last ? director : null,
        reviewedAt: r.reviewedAt,
        reviewedById: r.reviewer ? officerId[r.reviewer] : null,
        reviewComment: r.reviewComment,
        // A row without `draft` gets NULL (see insertRows).
        ...(r.draft ? { draft: r.draft as Prisma.InputJsonValue } : {}),
        draftVersion: r.draft ? r.form.version : null,
        draftUpdatedAt: r.draftUpdatedAt,
        draftUpdatedById: r.draft ? director : null,
        createdById: director,
        createdAt: r.createdAt,
        updatedAt: r.reviewedAt ?? last?.submittedAt ?? r.draftUpdatedAt ?? r.createdAt,
      };
    }),
    progress,
  );
  await insertRows(
    db,
    'ReportRevision',
    reports.flatMap((r, i) =>
      r.revisions.map((v): Prisma.ReportRevisionCreateManyInput => ({
        reportId: reportIds[i]!,
        revision: v.revision,
        formVersion: r.form.version,
        answers: v.answers as Prisma.InputJsonValue,
        submittedById: personIds[area.cooperatives[r.cooperative]!.director]!,
        submittedAt: v.submittedAt,
      })),
    ),
    progress,
  );

  for (const a of history) {
    const row = await db.announcement.create({
      data: {
        kind: a.kind,
        title: a.title,
        body: a.body,
        startsAt: a.startsAt,
        place: a.place,
        registerBy: a.registerBy,
        audience: a.audience,
        province: DEMO.province,
        communes: a.communes,
        sectors: a.sectors,
        status: 'done',
        createdById: officerId[a.author],
        createdAt: a.createdAt,
        queuedAt: a.queuedAt,
        finishedAt: a.finishedAt,
        attendeeReminderAt: a.attendeeReminderAt,
      },
      select: { id: true },
    });
    progress(1);
    // Demo people all read Vietnamese (their locale is vi, or unset with vi the default).
    const message = o.render({ ...a, id: row.id }, 'vi') as unknown as Prisma.InputJsonValue;
    await insertRows(
      db,
      'OutboxMessage',
      a.outbox.map((c): Prisma.OutboxMessageCreateManyInput => ({
        topic: announcementTopic(row.id),
        personId: personIds[c.person]!,
        announcementId: row.id,
        message,
        status: c.status,
        attempts: 1,
        availableAt: a.queuedAt,
        sentAt: c.sentAt,
        channel: c.channel,
        externalId: c.externalId,
        lastError: c.lastError,
        createdAt: a.queuedAt,
      })),
      progress,
    );
    await insertRows(
      db,
      'Rsvp',
      a.rsvps.map((v): Prisma.RsvpCreateManyInput => ({
        announcementId: row.id,
        personId: personIds[v.person]!,
        attending: v.attending,
        answeredAt: v.answeredAt,
      })),
      progress,
    );
  }

  const communes = DEMO_COMMUNES.filter((c) => area.cooperatives.some((coop) => coop.commune === c));
  const result: DemoSeedResult = {
    province: DEMO.province,
    communes,
    cooperatives: area.cooperatives.length,
    people: area.people.length,
    reports: reports.length,
    announcements: history.length,
    provinceOfficerId: officerId.province,
    communeOfficerId: officerId.commune,
    periods: {
      annual: [plan.periods.annualPrevious, plan.periods.annualCurrent],
      quarterly: [plan.periods.quarterPrevious, plan.periods.quarterCurrent],
    },
    replaced: cleared.cooperatives + cleared.people > 0,
  };
  await writeAudit(db, {
    actorId: null,
    action: 'demo.seeded',
    subject: `province:${DEMO.province}`,
    details: {
      seed,
      cooperatives: result.cooperatives,
      people: result.people,
      reports: result.reports,
      announcements: result.announcements,
      replaced: result.replaced,
    },
  });
  // Fresh statistics for the planner after a bulk load (PGlite has no autovacuum to gather them):
  // without them the first export of 10,000 reports took a third longer.
  await db.$executeRawUnsafe('ANALYZE');
  return result;
}
