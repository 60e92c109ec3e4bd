import type { Db } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';

/** How a policy question went unanswered: nothing close, only suggestions, or a law article's own text. */
export const UNANSWERED_OUTCOMES = ['none', 'suggest', 'law'] as const;
export type UnansweredOutcome = (typeof UNANSWERED_OUTCOMES)[number];

/** A question is stored as typed, cut to this many characters. */
export const UNANSWERED_TEXT_MAX = 500;

/** Unanswered questions are kept this long (the hourly housekeeping prunes older ones). */
export const UNANSWERED_RETENTION_MS = 90 * 86_400_000;

export interface UnansweredQuestionInput {
  text: string;
  outcome: UnansweredOutcome;
  /** The topic of the nearest knowledge-base article, if any. */
  topic: string | null;
  closestArticleId: string | null;
  /** Who asked (null: not known); only their area is kept, never the person. */
  personId: number | null;
  /** When it was asked (default: now). */
  now?: Date;
  /** Where a failure to record is reported (the question's text is never logged). */
  logger?: Logger;
}

/** An error's name, code and message with the question's text taken out (a Prisma message may echo the arguments). */
function describeError(err: unknown, text: string): { name?: string; code?: string; message: string } {
  const e = err as { name?: string; code?: string; message?: string };
  let message = String(e?.message ?? err);
  for (const form of [text, JSON.stringify(text).slice(1, -1)]) {
    for (let n = [...form].length; n >= 12; n = Math.floor(n / 2)) {
      const piece = [...form].slice(0, n).join('');
      if (message.includes(piece)) message = message.split(piece).join('[question]');
    }
  }
  return { name: e?.name, code: typeof e?.code === 'string' ? e.code : undefined, message: message.slice(0, 500) };
}

/**
 * Records a policy question the knowledge base could not answer, for the officers' list of what it
 * lacks (/dashboard/knowledge). The asker's area is copied as it is now, as createQuestion does:
 * their cooperative's province and commune when they belong to one, else their own. Recording is a
 * side note to the answer: a failure is logged as a warning (without the text) and never thrown.
 *
 * @example await recordUnansweredQuestion(db, { text: 'vay vốn mua máy gặt?', outcome: 'none', topic: null, closestArticleId: null, personId: 12 });
 */
export async function recordUnansweredQuestion(db: Db, o: UnansweredQuestionInput): Promise<void> {
  try {
    const asker =
      o.personId === null
        ? null
        : await db.person.findUnique({
            where: { id: o.personId },
            select: { province: true, commune: true, cooperativeId: true, cooperative: { select: { province: true, commune: true } } },
          });
    const area = asker?.cooperative ?? asker;
    await db.unansweredQuestion.create({
      data: {
        text: [...o.text].slice(0, UNANSWERED_TEXT_MAX).join(''),
        outcome: o.outcome,
        topic: o.topic,
        closestArticleId: o.closestArticleId,
        province: area?.province?.trim() || null,
        commune: area?.commune?.trim() || null,
        cooperativeId: asker?.cooperativeId ?? null,
        ...(o.now ? { createdAt: o.now } : {}),
      },
    });
  } catch (err) {
    const error = describeError(err, o.text);
    const warning = { error, personId: o.personId, outcome: o.outcome, topic: o.topic, closestArticleId: o.closestArticleId };
    if (o.logger) o.logger.warn(warning, 'recording an unanswered question failed');
    else process.emitWarning(`recording an unanswered question failed: ${error.message}`);
  }
}
