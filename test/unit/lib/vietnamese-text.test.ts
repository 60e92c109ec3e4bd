import { describe, expect, it } from 'vitest';
import { cleanText, foldText, matchesPhrase, truncate } from '../../../src/lib/vietnamese-text.js';

/** True when the string has no lone (unpaired) UTF-16 surrogate. */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('cleanText', () => {
  it('composes decomposed (NFD) input into NFC', () => {
    const nfd = 'Hợp tác xã'.normalize('NFD');
    expect(nfd).not.toBe('Hợp tác xã'.normalize('NFC'));

    const cleaned = cleanText(nfd);

    expect(cleaned).toBe('Hợp tác xã'.normalize('NFC'));
    expect(cleaned.normalize('NFC')).toBe(cleaned);
  });

  it.each([
    ['zero-width space', '\u200B'],
    ['zero-width non-joiner', '\u200C'],
    ['zero-width joiner', '\u200D'],
    ['byte order mark', '\uFEFF'],
    ['soft hyphen', '\u00AD'],
    ['left-to-right mark', '\u200E'],
    ['word joiner', '\u2060'],
  ])('removes the invisible %s', (_name, ch) => {
    expect(cleanText(`Đồng${ch} ý${ch}`)).toBe('Đồng ý');
  });

  it('removes control characters but keeps tabs and newlines', () => {
    expect(cleanText('a\u0000b\u0007c\u001Bd\u007Fe')).toBe('abcde');
    expect(cleanText('cột 1\tcột 2\ndòng 2')).toBe('cột 1\tcột 2\ndòng 2');
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(cleanText('dòng 1\r\ndòng 2\rdòng 3')).toBe('dòng 1\ndòng 2\ndòng 3');
  });

  it('trims surrounding whitespace, including whitespace revealed by removing invisibles', () => {
    expect(cleanText('  \n Xin chào \t ')).toBe('Xin chào');
    expect(cleanText('\uFEFF  Xin chào\u200B  ')).toBe('Xin chào');
  });

  it('leaves clean text unchanged (case and diacritics are kept)', () => {
    expect(cleanText('Trợ lý HTX')).toBe('Trợ lý HTX');
  });

  it('returns an empty string for input that is only invisible or blank', () => {
    expect(cleanText('\u200B\uFEFF \r\n ')).toBe('');
  });
});

describe('foldText', () => {
  it('lower-cases and strips diacritics, turning đ into d', () => {
    expect(foldText('Đồng ý')).toBe('dong y');
    expect(foldText('HỢP TÁC XÃ')).toBe('hop tac xa');
    expect(foldText('đăng ký')).toBe('dang ky');
  });

  it('folds NFD and NFC spellings of the same word to the same text', () => {
    expect(foldText('Hủy'.normalize('NFD'))).toBe(foldText('Hủy'.normalize('NFC')));
    expect(foldText('Hủy'.normalize('NFD'))).toBe('huy');
  });

  it('collapses runs of whitespace (spaces, tabs, newlines) into one space and trims', () => {
    expect(foldText('  Hợp   tác\t\txã \n mới  ')).toBe('hop tac xa moi');
  });

  it('ignores invisible characters', () => {
    expect(foldText('Đồng\u200B ý\uFEFF')).toBe('dong y');
  });

  it('keeps punctuation, digits and emoji', () => {
    expect(foldText('Số 2!')).toBe('so 2!');
    expect(foldText('✅ Có')).toBe('✅ co');
  });
});

describe('matchesPhrase', () => {
  it('matches regardless of case and diacritics', () => {
    for (const typed of ['huy', 'Hủy', 'HUỶ', 'hủy', 'Huỷ']) {
      expect(matchesPhrase(typed, ['hủy']), typed).toBe(true);
    }
  });

  it('matches any phrase in the list', () => {
    expect(matchesPhrase('thôi', ['hủy', 'thoi', 'cancel'])).toBe(true);
    expect(matchesPhrase('CANCEL', ['hủy', 'thoi', 'cancel'])).toBe(true);
  });

  it('ignores trailing sentence punctuation in the input', () => {
    expect(matchesPhrase('Hủy!', ['hủy'])).toBe(true);
    expect(matchesPhrase('hủy...', ['hủy'])).toBe(true);
    expect(matchesPhrase('hủy?!', ['hủy'])).toBe(true);
  });

  it('ignores surrounding and repeated whitespace', () => {
    expect(matchesPhrase('  đồng   ý ', ['Đồng ý'])).toBe(true);
  });

  it('requires the whole input to equal a phrase, not just contain it', () => {
    expect(matchesPhrase('không hủy', ['hủy'])).toBe(false);
    expect(matchesPhrase('hủy bỏ', ['hủy'])).toBe(false);
  });

  it('does not match when the list is empty', () => {
    expect(matchesPhrase('hủy', [])).toBe(false);
  });
});

describe('truncate', () => {
  it('returns the input unchanged when it fits', () => {
    expect(truncate('Xin chào', 8)).toBe('Xin chào');
    expect(truncate('Xin chào', 100)).toBe('Xin chào');
    expect(truncate('', 3)).toBe('');
  });

  it('cuts to exactly max characters, the last being an ellipsis', () => {
    const out = truncate('Hợp tác xã nông nghiệp', 10);
    expect(out).toBe('Hợp tác x…');
    expect([...out]).toHaveLength(10);
  });

  it('counts emoji (surrogate pairs) as one character and never splits them', () => {
    const text = '😀😃😄😁😆';
    expect(text.length).toBe(10); // UTF-16 code units
    expect(truncate(text, 5)).toBe(text);

    const out = truncate(text, 3);
    expect(out).toBe('😀😃…');
    expect(wellFormed(out)).toBe(true);
  });

  it('keeps a surrogate pair whole when it lands right at the cut', () => {
    const out = truncate('ab😀cd', 4);
    expect(out).toBe('ab😀…');
    expect(wellFormed(out)).toBe(true);
  });

  it('returns only the ellipsis when max is 1', () => {
    expect(truncate('abc', 1)).toBe('…');
  });
});
