import type { Db } from '../../db/database.js';
import type { CooperativeFacts } from './facts.js';
import { factsFromRows } from './gather-area-facts.js';

/**
 * What is known about a cooperative for the eligibility rules: its row (kind, sector, place), its
 * latest submitted (or accepted) annual report — members, revenue, profit … of that year, growth
 * against the report before — and the answers its director gave in the chat (Cooperative.facts),
 * which fill what no report holds. A report's figure wins over an answer for the same fact. The
 * reading itself is factsFromRows (gather-area-facts.ts), shared with an area's evaluation.
 */
export async function gatherCooperativeFacts(db: Db, cooperativeId: number): Promise<CooperativeFacts> {
  const coop = await db.cooperative.findUniqueOrThrow({
    where: { id: cooperativeId },
    select: { id: true, kind: true, sector: true, province: true, commune: true, facts: true },
  });
  const reports = await db.report.findMany({
    where: { cooperativeId, form: 'annual', status: { in: ['submitted', 'accepted'] } },
    orderBy: { period: 'desc' },
    take: 2,
    select: { id: true, period: true, answers: true, submittedAt: true },
  });
  return factsFromRows(coop, reports);
}
