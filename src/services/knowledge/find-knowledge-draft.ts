import type { Db } from '../../db/database.js';
import { mayReviewDrafts, type DraftReviewer } from '../access/draft-access.js';
import { describeDrafts, draftsVisibleTo, type KnowledgeDraftRow } from './list-knowledge-drafts.js';

/**
 * One draft, if the reviewer may see it (access/draft-access.ts): 'not_allowed' for a person who
 * does not review drafts, 'outside_jurisdiction' for another province's, 'not_found' otherwise.
 */
export async function findKnowledgeDraft(
  db: Db,
  o: { draftId: number; reviewer: DraftReviewer },
): Promise<KnowledgeDraftRow | 'not_found' | 'not_allowed' | 'outside_jurisdiction'> {
  if (!mayReviewDrafts(o.reviewer)) return 'not_allowed';
  const draft = await db.knowledgeDraft.findUnique({ where: { id: o.draftId } });
  if (!draft) return 'not_found';
  const visible = await db.knowledgeDraft.count({ where: { AND: [{ id: draft.id }, await draftsVisibleTo(db, o.reviewer)] } });
  if (!visible) return 'outside_jurisdiction';
  return (await describeDrafts(db, [draft]))[0]!;
}
