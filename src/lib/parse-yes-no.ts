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

/** Answers that may open a sentence with no punctuation after them: "co dung zalo", "khong co doanh nghiep nao". */
const OPENINGS: ReadonlySet<string> = new Set([
  'co',
  'co roi',
  'da co',
  'khong',
  'da khong',
  'ko',
  'k',
  'khong co',
  'ko co',
  'chua',
  'chua co',
  'vang',
  'vang co',
  'yes',
  'no',
]);

/** Words after a leading "không"/"có" that turn it into something else: "không biết", "có lẽ", "có thể". */
const NOT_AN_ANSWER_AFTER: ReadonlySet<string> = new Set(['biet', 'ro', 'chac', 'nho', 'le', 'the', 'khi', 'hieu']);

/**
 * Yes or no followed by an explanation: "có, dùng zalo với sổ sách điện tử" → yes, with
 * "dùng zalo với sổ sách điện tử" as it was typed; "không ạ - chưa làm" → no. The answer is the
 * text before the first comma, semicolon, colon, dash or full stop, or a plain opening word
 * ("co dung zalo"). A plain answer has no `explanation`. "không biết", "có lẽ" → 'not_yes_no'.
 */
export function parseYesNoExplained(text: string): ParseResult<{ value: boolean; explanation?: string }> {
  const plain = parseYesNo(text);
  if (plain.ok || plain.error === 'empty') return plain.ok ? ok({ value: plain.value }) : plain;
  const trimmed = text.trim();
  const cut = /[,;:.!?–—]|\s-\s/.exec(trimmed);
  const splits: [string, string][] = [];
  if (cut && cut.index > 0) splits.push([trimmed.slice(0, cut.index), trimmed.slice(cut.index + cut[0].length)]);
  const words = trimmed.split(/\s+/);
  // Without punctuation only a plain opening word counts: "dùng zalo" is not "đúng, zalo".
  for (let n = Math.min(2, words.length - 1); n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    if (OPENINGS.has(prepare(head))) splits.push([head, words.slice(n).join(' ')]);
  }
  for (const [head, rest] of splits) {
    const answer = parseYesNo(head);
    if (!answer.ok) continue;
    const explanation = rest.replace(/^[\s,;:.!?–—-]+/, '').trim();
    const next = prepare(explanation).split(/[\s,;:.!?]+/)[0] ?? '';
    if (NOT_AN_ANSWER_AFTER.has(next)) return fail('not_yes_no');
    return ok(explanation ? { value: answer.value, explanation } : { value: answer.value });
  }
  return fail('not_yes_no');
}
