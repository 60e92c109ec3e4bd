import { foldText } from '../lib/vietnamese-text.js';
import type { SavedMenu } from '../services/conversations/conversation.js';

/**
 * Maps typed text to one of the last buttons shown: its label (diacritics and case ignored) or,
 * when the menu was a choice, its number ("2", "2.", "số 2"). Returns the action, or undefined.
 */
/** A label or typed text reduced to letters, digits and single spaces: "✅ Đồng ý!" → "dong y". */
function bare(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function resolveTypedButton(text: string, menu: SavedMenu | null): string | undefined {
  if (!menu || menu.buttons.length === 0 || !text) return undefined;
  const folded = bare(text);
  if (!folded) return undefined;
  const byLabel = menu.buttons.find((b) => bare(b.label) === folded);
  if (byLabel) return byLabel.action;
  if (menu.input !== 'choice') return undefined;
  const m = /^(?:so )?(\d{1,3})$/.exec(folded);
  if (!m) return undefined;
  return menu.buttons[Number(m[1]) - 1]?.action;
}
