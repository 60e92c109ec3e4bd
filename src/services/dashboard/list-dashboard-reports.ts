import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ReportStatus } from '../../generated/prisma/enums.js';
import type { AreaScope } from '../access/officer-scope.js';
import type { ExportStatus } from '../exports/report-table.js';
import type { Answers, FormDef } from '../reports/form-definition.js';
import { cooperativesIn } from '../access/report-access.js';
import { readAnswers } from '../reports/load-report-answers.js';

export interface DashboardReportFilter {
  form: FormDef;
  period: string;
  scope: AreaScope;
  sector?: string;
  status?: ExportStatus[];
}

export interface DashboardReportRow {
  id: number;
  cooperative: { id: number; name: string; commune: string | null; sector: string };
  status: ReportStatus;
  submittedAt: Date | null;
  answers: Answers;
}

/** The filter as a Prisma condition on reports (submitted at least once). */
export function dashboardReportWhere(f: DashboardReportFilter): Prisma.ReportWhereInput {
  if (f.scope.commune && !f.scope.province) throw new Error('A commune needs its province');
  return {
    form: f.form.id,
    period: f.period,
    revision: { gt: 0 },
    ...(f.status ? { status: { in: f.status } } : {}),
    cooperative: { ...cooperativesIn({ province: f.scope.province ?? null, commune: f.scope.commune ?? null }), ...(f.sector ? { sector: f.sector } : {}) },
  };
}

/**
 * One page of the submitted reports matching a filter, by commune then cooperative name, for the
 * dashboard's table (`page` from 1), with the number of matching reports.
 */
export async function listDashboardReports(
  db: Db,
  f: DashboardReportFilter & { page: number; pageSize: number },
): Promise<{ rows: DashboardReportRow[]; total: number }> {
  const where = dashboardReportWhere(f);
  const [found, total] = await Promise.all([
    db.report.findMany({
      where,
      orderBy: [{ cooperative: { commune: 'asc' } }, { cooperative: { name: 'asc' } }, { id: 'asc' }],
      skip: (Math.max(1, f.page) - 1) * f.pageSize,
      take: f.pageSize,
      select: { id: true, status: true, submittedAt: true, answers: true, cooperative: { select: { id: true, name: true, commune: true, sector: true } } },
    }),
    db.report.count({ where }),
  ]);
  return { rows: found.map((r) => ({ ...r, answers: readAnswers(f.form, r.answers) })), total };
}
