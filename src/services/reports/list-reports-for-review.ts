import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { cooperativesIn } from '../access/report-access.js';
import type { Jurisdiction } from '../access/jurisdiction.js';

/** Reports waiting for an officer in their jurisdiction, oldest submission first. */
export async function listReportsForReview(db: Db, j: Jurisdiction, limit: number) {
  const where: Prisma.ReportWhereInput = { status: 'submitted', cooperative: cooperativesIn(j) };
  const [reports, total] = await Promise.all([
    db.report.findMany({
      where,
      orderBy: { submittedAt: 'asc' },
      take: limit,
      select: { id: true, form: true, period: true, submittedAt: true, revision: true, cooperative: { select: { name: true, commune: true } } },
    }),
    db.report.count({ where }),
  ]);
  return { reports, total };
}
