/** Size classes of a cooperative (quy mô): Law on Cooperatives 17/2023, Art. 16; Decree 113/2024, Arts. 4–5. */
export type SizeClass = 'micro' | 'small' | 'medium' | 'large';

interface Threshold {
  size: Exclude<SizeClass, 'micro'>;
  members: number;
  revenue: number;
  capital: number;
}

const BILLION = 1_000_000_000;

/**
 * Verified thresholds, largest first: official members, and annual revenue OR total capital.
 * Agriculture (forestry, fishery) has all three classes; industry and construction only "large"
 * is verified, so below it the class is not stated. Other sectors: not verified.
 */
const THRESHOLDS: Record<string, { classes: Threshold[]; complete: boolean }> = {
  agriculture: {
    complete: true,
    classes: [
      { size: 'large', members: 300, revenue: 50 * BILLION, capital: 10 * BILLION },
      { size: 'medium', members: 200, revenue: 10 * BILLION, capital: 5 * BILLION },
      { size: 'small', members: 50, revenue: 2 * BILLION, capital: 1 * BILLION },
    ],
  },
  industry: { complete: false, classes: [{ size: 'large', members: 100, revenue: 80 * BILLION, capital: 20 * BILLION }] },
  construction: { complete: false, classes: [{ size: 'large', members: 100, revenue: 80 * BILLION, capital: 20 * BILLION }] },
};

export interface SizeInput {
  sector: string;
  members: number;
  revenue: number;
  /** Total capital (tổng nguồn vốn), which equals total assets on the balance sheet. */
  capital: number;
}

/**
 * The size class, or null when this sector's thresholds are not verified (the bot then says so
 * rather than guess).
 */
export function sizeClass(o: SizeInput): SizeClass | null {
  const rule = THRESHOLDS[o.sector];
  if (!rule) return null;
  for (const c of rule.classes) {
    if (o.members >= c.members && (o.revenue >= c.revenue || o.capital >= c.capital)) return c.size;
  }
  return rule.complete ? 'micro' : null;
}
