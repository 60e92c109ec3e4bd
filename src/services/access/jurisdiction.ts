import type { Prisma } from '../../generated/prisma/client.js';

/**
 * The access rules live in this folder: who is staff and what a jurisdiction covers (here), which
 * area an officer may read (officer-scope.ts), which announcements (announcement-access.ts) and
 * which reports (report-access.ts) they may see.
 *
 * Who answers which question. An officer's or admin's jurisdiction is their province and commune
 * (Person.province/commune); a question carries the asker's area when it was asked.
 *
 * - No province: the whole country (a national officer or admin): every question.
 * - A province, no commune: every question of that province, and questions with no known area
 *   (a guest without a profile), so that those always reach someone who can answer them.
 * - A province and a commune: only questions of that commune.
 *
 * Names are compared exactly, as written by the admin tool and the cooperative records.
 * Admins follow the same rule for notifications and lists, but may answer any question.
 */
export interface Jurisdiction {
  province: string | null;
  commune: string | null;
}

export interface QuestionArea {
  province: string | null;
  commune: string | null;
}

export const STAFF_ROLES = ['officer', 'admin'] as const;

export function isStaff(role: string): role is (typeof STAFF_ROLES)[number] {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** Whether the jurisdiction covers the question's area. */
export function coversArea(j: Jurisdiction, q: QuestionArea): boolean {
  if (!j.province) return true;
  if (!q.province) return !j.commune;
  if (j.province !== q.province) return false;
  return !j.commune || j.commune === q.commune;
}

/**
 * The rows carrying an asker's area (`province`, `commune`: questions, unanswered questions) that a
 * jurisdiction covers, as a filter any such Prisma model takes (the same rule as coversArea).
 */
export interface AreaFilter {
  province?: string | null;
  commune?: string;
  OR?: AreaFilter[];
}

export function areasCoveredBy(j: Jurisdiction): AreaFilter {
  if (!j.province) return {};
  const inProvince: AreaFilter = j.commune ? { province: j.province, commune: j.commune } : { province: j.province };
  return j.commune ? inProvince : { OR: [inProvince, { province: null }] };
}

/** The questions a jurisdiction covers, as a Prisma filter (the same rule as coversArea). */
export function questionsCoveredBy(j: Jurisdiction): Prisma.QuestionWhereInput {
  return areasCoveredBy(j);
}

/** The officers and admins whose jurisdiction covers an area, as a Prisma filter. */
export function staffCovering(q: QuestionArea): Prisma.PersonWhereInput {
  const local: Prisma.PersonWhereInput = !q.province
    ? { commune: null }
    : { province: q.province, OR: q.commune ? [{ commune: null }, { commune: q.commune }] : [{ commune: null }] };
  return { role: { in: [...STAFF_ROLES] }, OR: [{ province: null }, local] };
}
