import type { Db } from '../../db/database.js';
import { mayReviewDrafts, type DraftReviewer } from '../access/draft-access.js';
import { writeAudit } from '../audit/write-audit.js';
import { draftsVisibleTo } from './list-knowledge-drafts.js';

export type MarkDraftResult = 'reviewed' | 'already_reviewed' | 'not_found' | 'not_allowed' | 'outside_jurisdiction';

/**
 * Marks a knowledge-base draft as done (written up as an article, or rejected), as
 * `npm run admin -- drafts reviewed <id>` does, by a reviewer allowed to (access/draft-access.ts).
 * Only an unreviewed draft changes (two reviewers at once: one wins); each review is audited.
 */
export async function markDraftReviewed(db: Db, o: { draftId: number; reviewer: DraftReviewer; now: Date }): Promise<MarkDraftResult> {
  if (!mayReviewDrafts(o.reviewer)) return 'not_allowed';
  const draft = await db.knowledgeDraft.findUnique({ where: { id: o.draftId }, select: { id: true, reviewedAt: true } });
  if (!draft) return 'not_found';
  const visible = await draftsVisibleTo(db, o.reviewer);
  const { count } = await db.knowledgeDraft.updateMany({ where: { AND: [{ id: draft.id, reviewedAt: null }, visible] }, data: { reviewedAt: o.now } });
  if (count === 0) {
    const inArea = await db.knowledgeDraft.count({ where: { AND: [{ id: draft.id }, visible] } });
    return inArea ? 'already_reviewed' : 'outside_jurisdiction';
  }
  await writeAudit(db, { actorId: o.reviewer.personId, action: 'knowledge_draft.reviewed', subject: `knowledge_draft:${draft.id}`, details: { via: 'web' } });
  return 'reviewed';
}
