import type { Db } from '../../db/database.js';
import { cooperativesIn } from '../access/report-access.js';
import type { Jurisdiction } from '../access/jurisdiction.js';

/** The communes of the cooperatives in an officer's jurisdiction that have reports to show (for a typed commune filter). */
export async function listReviewCommunes(db: Db, j: Jurisdiction): Promise<string[]> {
  const rows = await db.cooperative.findMany({
    where: { AND: [cooperativesIn(j), { commune: { not: null } }, { reports: { some: { status: { not: 'draft' } } } }] },
    distinct: ['commune'],
    select: { commune: true },
    orderBy: { commune: 'asc' },
  });
  return rows.flatMap((r) => (r.commune ? [r.commune] : []));
}
