import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { AreaScope } from '../access/officer-scope.js';
import type { FormId } from '../reports/form-definition.js';

export interface CommuneCount {
  commune: string | null;
  /** Active cooperatives (every kind: cooperatives, unions, groups). */
  active: number;
  /** Of those, how many submitted the form for the period (at least once: `revision > 0`). */
  submitted: number;
}

/** Cooperatives of an area as a Prisma filter; a commune without its province is refused, never widened. */
export function cooperativesInScope(scope: AreaScope): Prisma.CooperativeWhereInput {
  if (scope.commune && !scope.province) throw new Error('A commune needs its province');
  if (!scope.province) return {};
  return scope.commune ? { province: scope.province, commune: scope.commune } : { province: scope.province };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Active cooperatives and submissions of one form and period, by commune (Vietnamese order,
 * cooperatives without a commune last). Two grouped counts, whatever the number of cooperatives.
 */
export async function countByCommune(db: Db, o: { form: FormId; period: string; scope: AreaScope }): Promise<CommuneCount[]> {
  const active: Prisma.CooperativeWhereInput = { ...cooperativesInScope(o.scope), status: 'active' };
  const [all, submitted] = await Promise.all([
    db.cooperative.groupBy({ by: ['commune'], where: active, _count: { _all: true } }),
    db.cooperative.groupBy({
      by: ['commune'],
      where: { ...active, reports: { some: { form: o.form, period: o.period, revision: { gt: 0 } } } },
      _count: { _all: true },
    }),
  ]);
  const done = new Map(submitted.map((g) => [g.commune, g._count._all]));
  return all
    .map((g) => ({ commune: g.commune, active: g._count._all, submitted: done.get(g.commune) ?? 0 }))
    .sort((a, b) => (a.commune === null ? 1 : b.commune === null ? -1 : collator.compare(a.commune, b.commune)));
}
