import type { Db } from '../../db/database.js';
import type { Question } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import type { Locale } from '../../i18n/i18n.js';
import { localeFields, preferredLocale } from '../people/preferred-locale.js';
import { coversArea, isStaff } from '../access/jurisdiction.js';

export interface Answerer {
  personId: number;
  role: Role;
  province: string | null;
  commune: string | null;
}

export type AnswerRefusal = 'not_found' | 'not_yours' | 'already_answered';
export type AnsweredQuestion = Question & { askerLocale: Locale };

/**
 * Records an officer's answer. The update only applies while the question is still open, so when
 * two officers answer at once exactly one wins and the other gets 'already_answered'. Officers may
 * answer questions of their jurisdiction (access/jurisdiction.ts); admins any question.
 */
export async function answerQuestion(
  db: Db,
  a: { questionId: number; answerer: Answerer; text: string; now: Date },
): Promise<AnsweredQuestion | AnswerRefusal> {
  const found = await db.question.findUnique({ where: { id: a.questionId }, select: { province: true, commune: true } });
  if (!found) return 'not_found';
  if (!isStaff(a.answerer.role) || (a.answerer.role !== 'admin' && !coversArea(a.answerer, found))) return 'not_yours';
  const { count } = await db.question.updateMany({
    where: { id: a.questionId, status: 'open' },
    data: { status: 'answered', answerText: a.text, answeredById: a.answerer.personId, answeredAt: a.now },
  });
  if (count === 0) return 'already_answered';
  const q = await db.question.findUnique({
    where: { id: a.questionId },
    include: {
      asker: {
        select: localeFields,
      },
    },
  });
  if (!q) return 'not_found'; // the asker erased their data in between
  const { asker, ...question } = q;
  return { ...question, askerLocale: preferredLocale(asker) };
}
