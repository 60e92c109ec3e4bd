import { describe, expect, it } from 'vitest';
import { answersOlderMenu, resolveTypedButton } from '../../../src/router/resolve-button.js';
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
      expect(resolveTypedButton('dong y khong', choice)).toBeUndefined();
      // "khong" is not part of a label here but a "no" (issue 17): it presses "❌ Không đồng ý".
      expect(resolveTypedButton('khong', choice)).toBe('consent:no');
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

describe('yes and no, as people type them (issue 17)', () => {
  const rsvp: SavedMenu = {
    input: 'choice',
    buttons: [
      { label: '✅ Tôi sẽ tham dự', action: 'rsvp:7:y' },
      { label: 'Không tham dự', action: 'rsvp:7:n' },
    ],
  };
  it.each(['có', 'co', 'ừ', 'ok', 'được', 'dc', 'tham dự', 'tham du', 'co tham du', 'đi', 'dự', 'dạ có', 'Tôi sẽ tham dự'])(
    '%j means "will attend"',
    (typed) => {
      expect(resolveTypedButton(typed, rsvp)).toBe('rsvp:7:y');
    },
  );
  it.each(['không', 'ko', 'k', 'hong', 'không tham dự', 'khong tham du', 'không dự', 'bận', 'ban', 'khong di', 'dạ không'])(
    '%j means "will not attend"',
    (typed) => {
      expect(resolveTypedButton(typed, rsvp)).toBe('rsvp:7:n');
    },
  );
  it('reads the changed answer after a colon, and English labels', () => {
    expect(resolveTypedButton('khong tham du', { input: 'choice', buttons: [{ label: '🔄 Đổi: không tham dự', action: 'rsvp:7:n' }] })).toBe('rsvp:7:n');
    const en: SavedMenu = {
      input: 'choice',
      buttons: [
        { label: '✅ I will attend', action: 'y' },
        { label: 'Will not attend', action: 'n' },
      ],
    };
    expect(resolveTypedButton('yes', en)).toBe('y');
    expect(resolveTypedButton('no', en)).toBe('n');
    expect(resolveTypedButton('busy', en)).toBe('n');
  });
  it('"có" presses the action of a question whose other answer is "Không"', () => {
    const ask: SavedMenu = {
      input: 'choice',
      buttons: [
        { label: '🔕 Tắt thông báo', action: 'sub:off' },
        { label: 'Không', action: 'menu:main' },
      ],
    };
    expect(resolveTypedButton('có', ask)).toBe('sub:off');
    expect(resolveTypedButton('ko', ask)).toBe('menu:main');
  });
  it('never reads "dung" (dừng or đúng) as yes, nor yes/no where no single button means it', () => {
    expect(resolveTypedButton('dung', rsvp)).toBeUndefined();
    expect(
      resolveTypedButton('ok', {
        input: 'choice',
        buttons: [
          { label: 'Tiếng Việt', action: 'lang:vi' },
          { label: 'English', action: 'lang:en' },
        ],
      }),
    ).toBeUndefined();
    expect(resolveTypedButton('có', textMenu)).toBeUndefined();
  });
  it('"không đồng ý" / "ko" presses "❌ Không đồng ý"', () => {
    expect(resolveTypedButton('ko', choice)).toBe('consent:no');
    expect(resolveTypedButton('ok', choice)).toBe('consent:yes');
  });
});

describe('answersOlderMenu', () => {
  const main: SavedMenu = {
    input: 'choice',
    buttons: [
      { label: '📝 Đăng ký thông tin', action: 'profile' },
      { label: '🔒 Dữ liệu của tôi', action: 'privacy:show' },
      { label: '❓ Trợ giúp', action: 'menu:help' },
    ],
  };
  const two: SavedMenu = {
    input: 'choice',
    buttons: [
      { label: 'A', action: 'a' },
      { label: 'B', action: 'b' },
    ],
  };
  it('is a label of the older menu, or a number only it has', () => {
    expect(answersOlderMenu('du lieu cua toi', two, main)).toBe(true);
    expect(answersOlderMenu('3', two, main)).toBe(true);
    expect(answersOlderMenu('3', null, main)).toBe(true);
    expect(answersOlderMenu('2', two, main)).toBe(false);
    expect(answersOlderMenu('vay von', two, main)).toBe(false);
  });
  it('is never a typed answer to a question expecting text', () => {
    expect(answersOlderMenu('3', { ...two, input: 'text' }, main)).toBe(false);
    expect(answersOlderMenu('3', two, undefined)).toBe(false);
  });
});
