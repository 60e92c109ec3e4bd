import { describe, expect, it } from 'vitest';
import { resolveTypedButton } from '../../../src/router/resolve-button.js';
import type { SavedMenu } from '../../../src/services/conversations/conversation.js';

const choice: SavedMenu = {
  input: 'choice',
  buttons: [
    { label: '✅ Đồng ý', action: 'consent:yes' },
    { label: '❌ Không đồng ý', action: 'consent:no' },
    { label: 'Hủy', action: 'cancel' },
  ],
};

const textMenu: SavedMenu = { ...choice, input: 'text' };

describe('resolveTypedButton', () => {
  describe('by number in a choice menu', () => {
    it.each([
      ['1', 'consent:yes'],
      ['2', 'consent:no'],
      ['2.', 'consent:no'],
      [' 2 ', 'consent:no'],
      ['số 2', 'consent:no'],
      ['Số 2', 'consent:no'],
      ['so 2', 'consent:no'],
      ['SO 3', 'cancel'],
      ['3)', 'cancel'],
    ])('%j presses the matching button', (typed, action) => {
      expect(resolveTypedButton(typed, choice)).toBe(action);
    });

    it.each([['0'], ['4'], ['99'], ['999']])('the out-of-range number %j presses nothing', (typed) => {
      expect(resolveTypedButton(typed, choice)).toBeUndefined();
    });

    it('a number inside other text presses nothing', () => {
      expect(resolveTypedButton('tôi chọn 2', choice)).toBeUndefined();
      expect(resolveTypedButton('2 3', choice)).toBeUndefined();
      expect(resolveTypedButton('1234', choice)).toBeUndefined();
    });
  });

  describe('by label', () => {
    it.each([
      ['Đồng ý', 'consent:yes'],
      ['đồng ý', 'consent:yes'],
      ['dong y', 'consent:yes'],
      ['DONG Y', 'consent:yes'],
      ['✅ Đồng ý', 'consent:yes'],
      ['Đồng ý!', 'consent:yes'],
      ['  đồng   ý  ', 'consent:yes'],
      ['khong dong y', 'consent:no'],
      ['huy', 'cancel'],
      ['HỦY', 'cancel'],
    ])('%j presses the button with that label, ignoring case, diacritics, emoji and punctuation', (typed, action) => {
      expect(resolveTypedButton(typed, choice)).toBe(action);
    });

    it('matches decomposed (NFD) input', () => {
      expect(resolveTypedButton('Đồng ý'.normalize('NFD'), choice)).toBe('consent:yes');
    });

    it('requires the whole label, not a part of it', () => {
      expect(resolveTypedButton('dong', choice)).toBeUndefined();
      expect(resolveTypedButton('khong', choice)).toBeUndefined();
    });

    it('prefers a label that is itself a number over the button at that position', () => {
      const menu: SavedMenu = {
        input: 'choice',
        buttons: [
          { label: '2', action: 'two-label' },
          { label: 'Khác', action: 'other' },
        ],
      };
      expect(resolveTypedButton('2', menu)).toBe('two-label');
    });
  });

  describe('in a text menu', () => {
    it('presses a button only by its label', () => {
      expect(resolveTypedButton('huy', textMenu)).toBe('cancel');
      expect(resolveTypedButton('Đồng ý', textMenu)).toBe('consent:yes');
    });

    it('does not treat numbers as button positions (the user is typing an answer)', () => {
      expect(resolveTypedButton('1', textMenu)).toBeUndefined();
      expect(resolveTypedButton('số 3', textMenu)).toBeUndefined();
    });
  });

  describe('nothing to press', () => {
    it('returns undefined for a null menu', () => {
      expect(resolveTypedButton('1', null)).toBeUndefined();
    });

    it('returns undefined for a menu without buttons', () => {
      expect(resolveTypedButton('1', { input: 'choice', buttons: [] })).toBeUndefined();
    });

    it('returns undefined for empty text, or text with only emoji and punctuation', () => {
      expect(resolveTypedButton('', choice)).toBeUndefined();
      expect(resolveTypedButton('✅', choice)).toBeUndefined();
      expect(resolveTypedButton('...', choice)).toBeUndefined();
    });

    it('does not match an emoji-only label from emoji-only text', () => {
      const menu: SavedMenu = { input: 'choice', buttons: [{ label: '👍', action: 'like' }] };
      expect(resolveTypedButton('👍', menu)).toBeUndefined();
    });

    it('returns undefined for unrelated text', () => {
      expect(resolveTypedButton('xin chào', choice)).toBeUndefined();
    });
  });
});
