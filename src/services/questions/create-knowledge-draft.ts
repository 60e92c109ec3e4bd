import type { Db } from '../../db/database.js';
import type { KnowledgeDraft } from '../../generated/prisma/client.js';

export type DraftResult = { created: true; draft: KnowledgeDraft } | { created: false; draft: KnowledgeDraft } | 'not_found' | 'not_answered';

/**
 * Saves an answered question and its answer as a draft article for review, once per question:
 * the question row is locked meanwhile, so two presses never make two drafts.
 */
export async function createKnowledgeDraft(db: Db, d: { questionId: number; createdById: number; now: Date }): Promise<DraftResult> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`select "id" from "Question" where "id" = ${d.questionId} for update`;
    if (!rows.length) return 'not_found';
    const q = await tx.question.findUniqueOrThrow({ where: { id: d.questionId } });
    if (q.status !== 'answered' || !q.answerText) return 'not_answered';
    const existing = await tx.knowledgeDraft.findFirst({ where: { questionId: q.id }, orderBy: { id: 'asc' } });
    if (existing) return { created: false, draft: existing };
    const draft = await tx.knowledgeDraft.create({
      data: { questionId: q.id, question: q.text, answer: q.answerText, createdById: d.createdById, createdAt: d.now },
    });
    return { created: true, draft };
  });
}
