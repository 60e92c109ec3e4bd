import type { Db } from '../../src/db/database.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { DEMO } from '../../src/services/cooperatives/bind-demo-role.js';
import { DEMO_ACCOUNT_PREFIX, DEMO_CODE_PREFIX, DEMO_OFFICER_USERS } from './plan-demo-area.js';

export interface ClearedDemoData {
  cooperatives: number;
  people: number;
  announcements: number;
  reports: number;
}

/** People the demo seed created: each has a channel account whose id starts with `demo-`. */
export const demoPeople: Prisma.PersonWhereInput = { accounts: { some: { externalId: { startsWith: DEMO_ACCOUNT_PREFIX } } } };

/**
 * Deletes what an earlier demo seed created, so that seeding again replaces it instead of adding
 * to it: the cooperatives with a `DEMO-…` registration code (their reports go with them), the
 * people with `demo-…` accounts (their accounts, outbox copies and RSVPs go with them), and the
 * demo officers' announcements. The console's demo cooperative (DEMO-0001) is kept, since console
 * users are bound to it; only its generated reports (created by a generated person) are deleted.
 */
export async function clearDemoData(db: Db): Promise<ClearedDemoData> {
  const officers = await db.person.findMany({
    where: { accounts: { some: { channel: 'console', externalId: { in: Object.values(DEMO_OFFICER_USERS) } } } },
    select: { id: true },
  });
  const announcements = officers.length ? (await db.announcement.deleteMany({ where: { createdById: { in: officers.map((o) => o.id) } } })).count : 0;
  let reports = 0;
  const demoCoop = await db.cooperative.findUnique({ where: { registrationCode: DEMO.cooperative.registrationCode }, select: { id: true } });
  if (demoCoop) {
    const generated = await db.person.findMany({ where: { ...demoPeople, cooperativeId: demoCoop.id }, select: { id: true } });
    if (generated.length) {
      reports = (await db.report.deleteMany({ where: { cooperativeId: demoCoop.id, createdById: { in: generated.map((p) => p.id) } } })).count;
    }
  }
  // People before cooperatives: the other way round would first unlink every person (SET NULL).
  const people = await db.person.deleteMany({ where: demoPeople });
  const cooperatives = await db.cooperative.deleteMany({
    where: { registrationCode: { startsWith: DEMO_CODE_PREFIX, not: DEMO.cooperative.registrationCode } },
  });
  return { cooperatives: cooperatives.count, people: people.count, announcements, reports };
}
