import type { Role } from '../../generated/prisma/enums.js';
import type { Jurisdiction } from './jurisdiction.js';

/** An officer or admin reading knowledge-base drafts. */
export interface DraftReviewer extends Jurisdiction {
  personId: number;
  role: Role;
}

/**
 * Who reviews the drafts officers propose for the knowledge base (an answered question kept with
 * "save as draft"): the knowledge base serves the whole country, so admins, national officers and
 * officers of a whole province review them; a commune officer proposes drafts but does not review.
 * A province officer reviews the drafts of their province's questions (and of questions with no
 * known area, which their province answers too: access/jurisdiction.ts); admins and national
 * officers review every draft.
 */
export function mayReviewDrafts(who: Pick<DraftReviewer, 'role' | 'commune'>): boolean {
  return who.role === 'admin' || (who.role === 'officer' && !who.commune);
}

/** Whether the reviewer sees every draft (no province), else only their province's. */
export function reviewsAllDrafts(who: Pick<DraftReviewer, 'role' | 'province'>): boolean {
  return who.role === 'admin' || !who.province;
}
