import { foldText } from '../../lib/vietnamese-text.js';

/** "htx mình", "hợp tác xã của tôi", "bên em", "chúng tôi": the asker's own cooperative. */
const OWN = /\b(?:htx|hop tac xa|ben|ben em|ben minh)\s+(?:cua\s+)?(?:minh|toi|em|chung toi|chung em|nha|tui)\b/;
/** What it gets: supports, incentives, exemptions, its tax rate. */
const WHAT = /\b(?:duoc|dc|duoc nhung|huong|ho tro|uu dai|mien|thue|tndn|chinh sach)\b/;
/** "được gì", "bao nhiêu", "những gì", "không" … a question, not a statement. */
const ASKING = /\b(?:gi|nao|bao nhieu|khong|ko|chua|nhung|may)\b|\?/;

/**
 * True for a question about what the asker's own cooperative gets: "htx minh duoc ho tro gi",
 * "thuế TNDN của HTX mình bao nhiêu", "HTX mình được hưởng gì?". General policy questions
 * ("htx được miễn thuế gì") stay with the knowledge base.
 */
export function isEligibilityQuestion(text: string): boolean {
  const f = foldText(text).replace(/\s+/g, ' ').trim();
  return OWN.test(f) && WHAT.test(f) && ASKING.test(f);
}

/** Typed phrases that open the answer outright (folded, matched whole by the router). */
export const ELIGIBILITY_PHRASES = [
  'htx minh duoc ho tro gi',
  'htx minh duoc huong gi',
  'htx minh duoc huong ho tro gi',
  'htx cua minh duoc ho tro gi',
  'htx cua toi duoc ho tro gi',
  'htx cua toi duoc huong gi',
  'thue tndn cua htx minh bao nhieu',
  'ho tro gi cho htx minh',
];
