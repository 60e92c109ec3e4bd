/** Yes or no, as people answer on a phone: "có", "co a", "dạ không", "ko", "ừ", "chưa", "ok". */
import { fail, ok, prepare, type ParseResult } from './parse-result.js';

/** Folded answers meaning yes. No digits: numbers are menu choices. */
const YES: ReadonlySet<string> = new Set([
  'co',
  'c',
  'co chu',
  'co roi',
  'yes',
  'y',
  'yeah',
  'yep',
  'ok',
  'oke',
  'okay',
  'okie',
  'roi',
  'r',
  'dung',
  'dung roi',
  'dung vay',
  'phai',
  'vang',
  'da',
  'u',
  'uh',
  'uk',
  'um',
  'uhm',
  'duoc',
  'dc',
  'dong y',
  '👍',
]);

/** Folded answers meaning no, with the everyday SMS spellings of "không". */
const NO: ReadonlySet<string> = new Set([
  'khong',
  'ko',
  'k',
  'kg',
  'kh',
  'khg',
  'hok',
  'hong',
  'hem',
  'khum',
  'no',
  'n',
  'nope',
  'chua',
  'khong co',
  'ko co',
  'k co',
  'chua co',
  'sai',
  'khong phai',
  'ko phai',
  'k phai',
  'khong dung',
  'ko dung',
  '👎',
]);

/**
 * Reads a yes/no answer, with or without diacritics, polite words and punctuation:
 * "Có ạ" / "co a" / "dạ có" / "vâng" / "ừ" / "ok" → true; "Không" / "ko" / "k" / "chưa có" /
 * "dạ không" / "sai" → false. Anything else, digits included, → 'not_yes_no'.
 */
export function parseYesNo(text: string): ParseResult<boolean> {
  const s = prepare(text.replace(/[,!?;:…]/g, ' '));
  if (!s) return fail('empty');
  // "Dạ" and "vâng" open a polite answer: "dạ có", "dạ không", "vâng đúng rồi".
  const core = s.replace(/^(?:da|vang)\s+(?=\S)/, '');
  if (YES.has(core)) return ok(true);
  if (NO.has(core)) return ok(false);
  return fail('not_yes_no');
}
