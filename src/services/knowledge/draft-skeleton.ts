import { TOPICS } from './article.js';

/** What a draft's skeleton is made of. */
export interface DraftForSkeleton {
  id: number;
  questionId: number | null;
  question: string;
  answer: string;
  createdAt: Date;
}

/**
 * A knowledge-base draft (an officer's answer proposed with "save as draft") as the skeleton of an
 * article (knowledge/README.md): the question and the answer filled in, the rest to complete
 * before it goes in knowledge/<topic>/<id>.md. `npm run admin -- drafts` prints the same text, and
 * the web dashboard shows it. `today` is the `last_reviewed` day (YYYY-MM-DD).
 */
export function draftSkeleton(d: DraftForSkeleton, today: string): string {
  const q = (s: string) => JSON.stringify(s); // a JSON string is a valid double-quoted YAML scalar
  return [
    `<!-- draft #${d.id}${d.questionId ? ` · question #${d.questionId}` : ''} · ${d.createdAt.toISOString().slice(0, 10)} · then: npm run admin -- drafts reviewed ${d.id} -->`,
    '---',
    'id: TOPIC-short-name            # kebab-case ASCII, starts with the topic, = the file name',
    `topic: TOPIC                    # ${TOPICS.join(' | ')}`,
    'title:',
    '  vi: "…"',
    '  en: "…"',
    'questions:                      # 3–5; at least 2 typed without diacritics',
    `  - ${q(d.question.replace(/\s+/g, ' ').trim())}`,
    'keywords: []',
    'legal_basis: []                 # 1–3: { document: "Nghị định số …/…/NĐ-CP", date, article }',
    `last_reviewed: "${today}"`,
    '---',
    '## vi',
    d.answer.trim(),
    '',
    '## en',
    '…',
    '',
  ].join('\n');
}
