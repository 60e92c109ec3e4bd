import type { Db } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { mayReviewDrafts, reviewsAllDrafts, type DraftReviewer } from '../access/draft-access.js';
import { questionsCoveredBy } from '../access/jurisdiction.js';

export interface KnowledgeDraftRow {
  id: number;
  questionId: number | null;
  question: string;
  answer: string;
  createdAt: Date;
  createdBy: string | null;
  reviewedAt: Date | null;
  /** The question's area when it was asked (null: unknown, or the question was erased). */
  province: string | null;
  commune: string | null;
}

/**
 * The drafts a reviewer may see (access/draft-access.ts), as a Prisma filter: every draft for
 * admins and national officers; for a province's officer, the drafts of the questions their
 * province answers (a draft keeps its question's id, not a relation, hence the nested query).
 */
export async function draftsVisibleTo(db: Db, who: DraftReviewer): Promise<Prisma.KnowledgeDraftWhereInput> {
  if (!mayReviewDrafts(who)) return { id: { in: [] } };
  if (reviewsAllDrafts(who)) return {};
  const questions = await db.question.findMany({
    where: { ...questionsCoveredBy({ province: who.province, commune: null }), id: { in: await draftQuestionIds(db) } },
    select: { id: true },
  });
  return { questionId: { in: questions.map((q) => q.id) } };
}

async function draftQuestionIds(db: Db): Promise<number[]> {
  const rows = await db.knowledgeDraft.findMany({ where: { questionId: { not: null } }, distinct: ['questionId'], select: { questionId: true } });
  return rows.flatMap((r) => (r.questionId === null ? [] : [r.questionId]));
}

/** Adds who proposed each draft and its question's area. */
export async function describeDrafts(
  db: Db,
  drafts: { id: number; questionId: number | null; question: string; answer: string; createdAt: Date; createdById: number | null; reviewedAt: Date | null }[],
): Promise<KnowledgeDraftRow[]> {
  const personIds = [...new Set(drafts.flatMap((d) => (d.createdById === null ? [] : [d.createdById])))];
  const questionIds = [...new Set(drafts.flatMap((d) => (d.questionId === null ? [] : [d.questionId])))];
  const [people, questions] = await Promise.all([
    personIds.length ? db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } }) : [],
    questionIds.length ? db.question.findMany({ where: { id: { in: questionIds } }, select: { id: true, province: true, commune: true } }) : [],
  ]);
  const names = new Map(people.map((p) => [p.id, p.name] as const));
  const areas = new Map(questions.map((q) => [q.id, q] as const));
  return drafts.map(({ createdById, ...d }) => ({
    ...d,
    createdBy: createdById === null ? null : (names.get(createdById) ?? null),
    province: d.questionId === null ? null : (areas.get(d.questionId)?.province ?? null),
    commune: d.questionId === null ? null : (areas.get(d.questionId)?.commune ?? null),
  }));
}

/** The unreviewed drafts a reviewer may see, oldest first; `total` counts them all. */
export async function listKnowledgeDrafts(db: Db, o: { reviewer: DraftReviewer; limit: number }): Promise<{ drafts: KnowledgeDraftRow[]; total: number }> {
  const where: Prisma.KnowledgeDraftWhereInput = { AND: [{ reviewedAt: null }, await draftsVisibleTo(db, o.reviewer)] };
  const [rows, total] = await Promise.all([
    db.knowledgeDraft.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: o.limit }),
    db.knowledgeDraft.count({ where }),
  ]);
  return { drafts: await describeDrafts(db, rows), total };
}
