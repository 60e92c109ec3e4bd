import type { Db } from '../../db/database.js';
import type { AreaScope } from '../access/officer-scope.js';
import type { FormDef } from '../reports/form-definition.js';
import { cooperativesIn } from '../access/report-access.js';

/**
 * The latest period, not after `upTo`, with a submitted report of the form in the area; null when
 * there is none. (Periods of one form sort as text: `2025` < `2026`, `2025-Q4` < `2026-Q1`.)
 */
export async function latestReportPeriod(db: Db, o: { form: FormDef; scope: AreaScope; upTo: string }): Promise<string | null> {
  const found = await db.report.findFirst({
    where: {
      form: o.form.id,
      period: { lte: o.upTo },
      revision: { gt: 0 },
      cooperative: cooperativesIn({ province: o.scope.province ?? null, commune: o.scope.commune ?? null }),
    },
    orderBy: { period: 'desc' },
    select: { period: true },
  });
  return found?.period ?? null;
}
