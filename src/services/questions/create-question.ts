import type { Db } from '../../db/database.js';
import type { Question } from '../../generated/prisma/client.js';

export interface NewQuestion {
  askerId: number;
  text: string;
  /** The knowledge-base article the bot thought closest, if any. */
  articleId?: string | null;
  now: Date;
}

/**
 * Stores a question for the officers. The asker's area is copied onto it as it is now: their
 * cooperative's province and commune when they belong to one, else their own (an officer's, or
 * nothing for a guest), so that later moves do not change who is responsible for it.
 */
export async function createQuestion(db: Db, q: NewQuestion): Promise<Question> {
  const asker = await db.person.findUniqueOrThrow({
    where: { id: q.askerId },
    select: { province: true, commune: true, cooperativeId: true, cooperative: { select: { province: true, commune: true } } },
  });
  const area = asker.cooperative ?? asker;
  return db.question.create({
    data: {
      askerId: q.askerId,
      text: q.text,
      articleId: q.articleId ?? null,
      province: area.province?.trim() || null,
      commune: area.commune?.trim() || null,
      cooperativeId: asker.cooperativeId,
      createdAt: q.now,
    },
  });
}
