/**
 * The facts about a cooperative that eligibility rules test, each with its type: from the
 * cooperative's row (kind, sector, place), from its latest submitted annual report (members,
 * revenue, profit … of that report's year), derived from its last two reports (growth), and the
 * answers its director gave in the chat (Cooperative.facts: difficult area, equity …).
 */

export const FACT_TYPES = {
  // The cooperative's row.
  kind: 'string', // cooperative | union | group
  sector: 'string', // agriculture, fishery, forestry, trade … (tools/demo/demo-names.ts SECTOR_WEIGHTS)
  agricultural: 'boolean', // sector in AGRICULTURAL_SECTORS
  province: 'string',
  commune: 'string',
  // The latest submitted annual report (or, without one, the director's answers).
  reportYear: 'number',
  members: 'number',
  revenue: 'money',
  revenueYear: 'number',
  profit: 'money',
  totalAssets: 'money',
  charterCapital: 'money',
  rating: 'string',
  valueChain: 'boolean',
  digitalTools: 'boolean',
  managersTrained: 'number',
  tradeFairs: 'number',
  supportReceived: 'list',
  // Derived from the last two submitted annual reports.
  membersGrowth: 'boolean',
  internalShareGrowth: 'boolean',
  // Asked in the chat (ASKABLE_FACTS), stored on the cooperative.
  difficultArea: 'boolean',
  sanctioned: 'boolean',
  trainedMembers: 'boolean',
  facilityLand: 'boolean',
  stateFarmLand: 'boolean',
  badDebt: 'boolean',
  controllersCount: 'number',
  equity: 'money',
} as const;

export type FactId = keyof typeof FACT_TYPES;
export type FactType = (typeof FACT_TYPES)[FactId];
export const FACT_IDS = Object.keys(FACT_TYPES) as FactId[];

export type FactValue = string | number | boolean | string[];

/** Where a known fact came from. */
export type FactSource = 'cooperative' | 'report' | 'director';

/** What is known about one cooperative; a fact that is not known is absent. */
export interface CooperativeFacts {
  cooperativeId: number;
  values: Partial<Record<FactId, FactValue>>;
  sources: Partial<Record<FactId, FactSource>>;
  /** The latest submitted annual report the figures come from, if any. */
  report?: { id: number; period: string; year: number; submittedAt: string | null };
}

/**
 * Sectors whose cooperatives work "trong lĩnh vực nông nghiệp, lâm nghiệp, ngư nghiệp, diêm
 * nghiệp" (CIT Law 67/2025 Art. 12(2)(q); policy-facts rows 4.2, 4.3b). Salt-making has no sector
 * of its own in the app (it is recorded as agriculture or other).
 */
export const AGRICULTURAL_SECTORS: readonly string[] = ['agriculture', 'forestry', 'fishery'];

export function isFactId(s: string): s is FactId {
  return Object.hasOwn(FACT_TYPES, s);
}

/** True when `v` has the type the fact `id` holds. */
export function hasFactType(id: FactId, v: unknown): v is FactValue {
  switch (FACT_TYPES[id]) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
    case 'money':
      return typeof v === 'number' && Number.isFinite(v);
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}
