import type { DraftResult } from '../../services/questions/create-knowledge-draft.js';
import type { Services } from '../../services/services.js';

/**
 * "Save as a knowledge-base draft", from the chat's button or the web dashboard alike: an answered
 * question and its answer become a draft article for review, once per question, and a new draft
 * is audited. The caller has checked that the officer covers the question's area.
 */
export async function keepAsDraft(
  services: Pick<Services, 'createKnowledgeDraft' | 'writeAudit'>,
  o: { questionId: number; personId: number; now: Date },
): Promise<DraftResult> {
  const result = await services.createKnowledgeDraft({ questionId: o.questionId, createdById: o.personId, now: o.now });
  if (typeof result !== 'string' && result.created) {
    await services.writeAudit({
      actorId: o.personId,
      action: 'knowledge_draft.created',
      subject: `knowledge_draft:${result.draft.id}`,
      details: { questionId: o.questionId },
    });
  }
  return result;
}
