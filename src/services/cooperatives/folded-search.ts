import { Prisma } from '../../generated/prisma/client.js';
import { foldText } from '../../lib/vietnamese-text.js';

const VIETNAMESE_LETTERS = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
const FROM = [...VIETNAMESE_LETTERS, ...VIETNAMESE_LETTERS.toUpperCase(), ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
/** What each letter of FROM folds to (one ASCII letter each, as foldText does). */
const TO = FROM.map((c) => foldText(c));
if (TO.some((c) => c.length !== 1)) throw new Error('folded-search: a letter does not fold to exactly one character');

/** The words of a search as typed: folded (no diacritics, lower case), at most 8, each at most 60 characters. */
export function searchWords(input: string | undefined): string[] {
  if (!input) return [];
  return foldText(input)
    .split(' ')
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 60));
}

const likeEscape = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * SQL: every word appears in one of the columns, folded the way foldText folds (Vietnamese letters
 * without their marks, đ → d, lower case), so «tan lap» finds «Xã Tân Lập». Postgres' own
 * translate(), so it runs on PGlite and Postgres alike without the unaccent extension.
 */
export function foldedMatch(columns: readonly Prisma.Sql[], words: readonly string[]): Prisma.Sql {
  if (!words.length) return Prisma.sql`true`;
  const from = FROM.join('');
  const to = TO.join('');
  const folded = columns.map((col) => Prisma.sql`translate(coalesce(${col}, ''), ${from}, ${to})`);
  return Prisma.join(
    words.map((w) => {
      const pattern = `%${likeEscape(w)}%`;
      return Prisma.sql`(${Prisma.join(
        folded.map((f) => Prisma.sql`${f} like ${pattern}`),
        ' or ',
      )})`;
    }),
    ' and ',
  );
}
