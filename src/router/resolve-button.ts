import { parseYesNo } from '../lib/parse-yes-no.js';
import { foldText } from '../lib/vietnamese-text.js';
import type { SavedMenu } from '../services/conversations/conversation.js';

type Shown = Pick<SavedMenu, 'buttons' | 'input'>;

/** A label or typed text reduced to letters, digits and single spaces: "✅ Đồng ý!" → "dong y". */
function bare(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded ways of saying "I will attend" (beyond yes: có, ừ, ok, được…). */
const ATTEND = new Set([
  'tham du',
  'se tham du',
  'toi se tham du',
  'co tham du',
  'toi tham du',
  'du',
  'co du',
  'di',
  'co di',
  'toi di',
  'se di',
  'toi se di',
  'dang ky',
  'dang ky tham du',
  'attend',
  'i will attend',
  'will attend',
  'attending',
  'going',
  'i will go',
  'i am going',
]);
/** Folded ways of saying "I will not attend" (beyond no: không, ko, k, hong…). */
const DECLINE = new Set([
  'khong tham du',
  'ko tham du',
  'k tham du',
  'hong tham du',
  'khong the tham du',
  'toi khong tham du',
  'khong du',
  'ko du',
  'k du',
  'khong di',
  'ko di',
  'k di',
  'hong di',
  'ban',
  'ban roi',
  'toi ban',
  'ban viec',
  'khong di duoc',
  'khong du duoc',
  'khong dong y',
  'ko dong y',
  'tu choi',
  'not attending',
  'will not attend',
  'i will not attend',
  'not attend',
  'cannot attend',
  'can not attend',
  'not going',
  'busy',
]);

/** What a typed answer or a button's label means as a yes/no answer, if it is one. */
function meaning(folded: string): 'yes' | 'no' | undefined {
  const core = folded.replace(/^(?:da|vang)\s+(?=\S)/, '').replace(/\s+(?:a|nhe|nha|roi a)$/, '');
  if (core === 'dung') return undefined; // "dừng" (stop) as often as "đúng": the stop word asks
  if (ATTEND.has(core)) return 'yes';
  if (DECLINE.has(core)) return 'no';
  const yn = parseYesNo(core);
  return yn.ok ? (yn.value ? 'yes' : 'no') : undefined;
}

/** A button's meaning from its label: "✅ Có", "Không", "✅ Tôi sẽ tham dự", "🔄 Đổi: không tham dự". */
function buttonMeaning(label: string): 'yes' | 'no' | undefined {
  const after = label.includes(':') ? label.slice(label.lastIndexOf(':') + 1) : label;
  return meaning(bare(after)) ?? meaning(bare(label));
}

/**
 * Maps typed text to one of a menu's buttons: its label (diacritics, case and emoji ignored), when
 * the menu is a choice its number ("2", "2.", "số 2"), or a common way of saying yes or no ("có",
 * "co", "ừ", "ok", "được"; "không", "ko", "k", "hong"; "tham dự", "đi"; "không dự", "bận") when
 * exactly one button means it. Returns the action, or undefined.
 */
export function resolveTypedButton(text: string, menu: Shown | null): string | undefined {
  if (!menu || menu.buttons.length === 0 || !text) return undefined;
  const folded = bare(text);
  if (!folded) return undefined;
  const byLabel = menu.buttons.find((b) => bare(b.label) === folded);
  if (byLabel) return byLabel.action;
  if (menu.input !== 'choice') return undefined;
  const m = /^(?:so )?(\d{1,3})$/.exec(folded);
  if (m) return menu.buttons[Number(m[1]) - 1]?.action;
  const wanted = meaning(folded);
  if (!wanted) return undefined;
  const meanings = menu.buttons.map((b) => buttonMeaning(b.label));
  const matching = menu.buttons.filter((_, i) => meanings[i] === wanted);
  if (matching.length === 1) return matching[0]!.action;
  // A question with its action and "Không" ("🔕 Tắt thông báo" / "Không"): "có" is the action.
  if (wanted === 'yes' && matching.length === 0 && menu.buttons.length === 2 && meanings.filter((x) => x === 'no').length === 1)
    return menu.buttons[meanings.indexOf(undefined)]?.action;
  return undefined;
}

/** A typed number ("2", "số 2"), if the text is one. */
function typedNumber(text: string): number | undefined {
  const m = /^(?:so )?(\d{1,3})$/.exec(bare(text));
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether typed text would press a button of an older menu that the latest one does not have: its
 * label, or a number beyond the latest choice menu (or with no menu at all). The user answered
 * something they saw before; "the menu has changed", never a silent press. `numbers: false` (in a
 * flow, whose steps may read numbers their own way: item numbers across pages) counts labels only.
 */
export function answersOlderMenu(text: string, latest: Shown | null, older: Shown | null | undefined, o: { numbers?: boolean } = {}): boolean {
  if (!older || older.buttons.length === 0 || !text) return false;
  if (latest?.input === 'text') return false; // a typed answer is expected: numbers and words are the answer
  const folded = bare(text);
  if (folded && older.buttons.some((b) => bare(b.label) === folded)) return true;
  const n = typedNumber(text);
  if (n === undefined || o.numbers === false || older.input !== 'choice' || n < 1 || n > older.buttons.length) return false;
  return !latest || n > latest.buttons.length;
}
