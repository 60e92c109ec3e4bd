import type { Db } from '../../db/database.js';
import { areasCoveredBy, type Jurisdiction } from '../access/jurisdiction.js';
import type { UnansweredOutcome } from './record-unanswered.js';

/** The window the officers' list looks back over. */
export const UNANSWERED_WINDOW_DAYS = 30;
/** The newest questions shown per topic. */
export const UNANSWERED_PER_TOPIC = 20;
/** The group of questions whose nearest article had no topic (nothing close). */
export const OTHER_TOPIC = 'other';

export interface UnansweredItem {
  text: string;
  createdAt: Date;
  outcome: UnansweredOutcome;
  closestArticleId: string | null;
}

export interface UnansweredGroup {
  /** A knowledge-base topic, or `other`. */
  topic: string;
  /** Every question of the topic in the window (may exceed the ones listed). */
  count: number;
  /** The newest ones, newest first. */
  questions: UnansweredItem[];
}

export interface UnansweredList {
  since: Date;
  total: number;
  /** Largest group first. */
  groups: UnansweredGroup[];
}

/**
 * The questions the bot could not answer in the last 30 days within an officer's jurisdiction (the
 * area rule of access/jurisdiction.ts, applied in the query), grouped by the topic of the nearest article
 * (none: `other`), each group with its count and its newest 20 questions.
 */
export async function listUnanswered(db: Db, j: Jurisdiction, now: Date): Promise<UnansweredList> {
  const since = new Date(now.getTime() - UNANSWERED_WINDOW_DAYS * 86_400_000);
  const where = { createdAt: { gte: since, lte: now }, ...areasCoveredBy(j) };
  const counts = await db.unansweredQuestion.groupBy({ by: ['topic'], where, _count: { _all: true } });
  const groups = await Promise.all(
    counts.map(async (c) => {
      const rows = await db.unansweredQuestion.findMany({
        where: { ...where, topic: c.topic },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: UNANSWERED_PER_TOPIC,
        select: { text: true, createdAt: true, outcome: true, closestArticleId: true },
      });
      return {
        topic: c.topic ?? OTHER_TOPIC,
        count: c._count._all,
        questions: rows.map((r) => ({ ...r, outcome: r.outcome as UnansweredOutcome })),
      };
    }),
  );
  // Two stored groups can both read `other` (no topic, and a topic stored as "other"): merge them.
  const merged = new Map<string, UnansweredGroup>();
  for (const g of groups) {
    const had = merged.get(g.topic);
    if (!had) merged.set(g.topic, g);
    else {
      had.count += g.count;
      had.questions = [...had.questions, ...g.questions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, UNANSWERED_PER_TOPIC);
    }
  }
  const sorted = [...merged.values()].sort(
    (a, b) => b.count - a.count || (a.topic === OTHER_TOPIC ? 1 : b.topic === OTHER_TOPIC ? -1 : a.topic.localeCompare(b.topic)),
  );
  return { since, total: sorted.reduce((n, g) => n + g.count, 0), groups: sorted };
}
