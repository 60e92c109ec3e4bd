import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { CooperativeKind, ReportStatus } from '../../generated/prisma/enums.js';
import type { Answers, FormDef } from '../reports/form-definition.js';
import { cooperativesIn } from '../access/report-access.js';
import { readAnswers } from '../reports/load-report-answers.js';
import type { AreaScope } from '../access/officer-scope.js';
import type { ExportStatus } from './report-table.js';

/** At most this many reports per page. */
export const MAX_PAGE_SIZE = 1000;

export interface ReportPageQuery {
  form: FormDef;
  period: string;
  scope: AreaScope;
  sector?: string;
  /** Only reports in these statuses (default: every submitted one). */
  status?: ExportStatus[];
  /** Reports with an id above this one (the `next` of the page before; 0: from the start). */
  after?: number;
  limit: number;
}

export interface ReportPageRow {
  reportId: number;
  cooperative: { id: number; name: string; registrationCode: string | null; province: string; commune: string | null; sector: string; kind: CooperativeKind };
  status: ReportStatus;
  revision: number;
  submittedAt: Date | null;
  formVersion: number | null;
  /** The last submitted values as stored (numbers raw, option values, ISO dates), in the form's field order. */
  answers: Answers;
}

export interface ReportPage {
  rows: ReportPageRow[];
  /** The `after` for the next page, or null when this was the last one. */
  next: number | null;
  /** Reports matching the query, over every page. */
  total: number;
}

/**
 * One page of the submitted reports of a form and period in an area (by ascending report id, so a
 * client can walk every page with `after` while new reports arrive), with their cooperative.
 */
export async function listReportPage(db: Db, q: ReportPageQuery): Promise<ReportPage> {
  if (q.scope.commune && !q.scope.province) throw new Error('A commune needs its province');
  const limit = Math.min(Math.max(1, Math.floor(q.limit)), MAX_PAGE_SIZE);
  const where: Prisma.ReportWhereInput = {
    form: q.form.id,
    period: q.period,
    revision: { gt: 0 },
    ...(q.status ? { status: { in: q.status } } : {}),
    cooperative: { ...cooperativesIn({ province: q.scope.province ?? null, commune: q.scope.commune ?? null }), ...(q.sector ? { sector: q.sector } : {}) },
  };
  const [found, total] = await Promise.all([
    db.report.findMany({
      where: { ...where, id: { gt: q.after ?? 0 } },
      orderBy: { id: 'asc' },
      take: limit + 1,
      select: {
        id: true,
        status: true,
        revision: true,
        submittedAt: true,
        formVersion: true,
        answers: true,
        cooperative: { select: { id: true, name: true, registrationCode: true, province: true, commune: true, sector: true, kind: true } },
      },
    }),
    db.report.count({ where }),
  ]);
  const page = found.slice(0, limit);
  return {
    rows: page.map(({ id, answers, ...r }) => {
      const read = readAnswers(q.form, answers);
      return { reportId: id, ...r, answers: Object.fromEntries(q.form.fields.filter((f) => f.key in read).map((f) => [f.key, read[f.key] ?? null])) };
    }),
    next: found.length > limit ? page[page.length - 1]!.id : null,
    total,
  };
}
