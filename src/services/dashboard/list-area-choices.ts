import type { Db } from '../../db/database.js';

export interface AreaChoices {
  /** Provinces with cooperatives (offered to a national officer only). */
  provinces: string[];
  /** Communes with cooperatives in the province (none without a province). */
  communes: string[];
  /** Sectors of the cooperatives in the province (or the country). */
  sectors: string[];
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** What the dashboard's filters offer in a province (null: the whole country). */
export async function listAreaChoices(db: Db, o: { province: string | null; national: boolean }): Promise<AreaChoices> {
  const inProvince = o.province ? { province: o.province } : {};
  const [provinces, communes, sectors] = await Promise.all([
    o.national ? db.cooperative.findMany({ distinct: ['province'], select: { province: true } }) : Promise.resolve([]),
    o.province
      ? db.cooperative.findMany({ where: { ...inProvince, commune: { not: null } }, distinct: ['commune'], select: { commune: true } })
      : Promise.resolve([]),
    db.cooperative.findMany({ where: inProvince, distinct: ['sector'], select: { sector: true } }),
  ]);
  return {
    provinces: provinces.map((p) => p.province).sort(collator.compare),
    communes: communes.flatMap((c) => (c.commune ? [c.commune] : [])).sort(collator.compare),
    sectors: sectors.map((s) => s.sector).sort(collator.compare),
  };
}
