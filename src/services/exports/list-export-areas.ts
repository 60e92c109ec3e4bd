import type { Db } from '../../db/database.js';
import { listAreaCommunes } from '../announcements/find-audience.js';
import type { Jurisdiction } from '../access/jurisdiction.js';

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * The areas an officer may narrow an export to: a province officer the communes of their province,
 * a national officer (no province) the provinces; a commune officer none (their commune is the
 * whole of their area). Only areas with active cooperatives, sorted the Vietnamese way.
 */
export async function listExportAreas(db: Pick<Db, 'cooperative'>, j: Jurisdiction): Promise<{ level: 'commune' | 'province' | 'none'; options: string[] }> {
  if (j.province && j.commune) return { level: 'none', options: [] };
  if (j.province) return { level: 'commune', options: await listAreaCommunes(db, j.province) };
  const rows = await db.cooperative.findMany({ where: { status: 'active' }, distinct: ['province'], select: { province: true } });
  return { level: 'province', options: rows.map((r) => r.province).sort(collator.compare) };
}
