import { describe, expect, it } from 'vitest';
import { cleanText, foldText } from '../../../src/lib/vietnamese-text.js';

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
