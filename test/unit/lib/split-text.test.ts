import { describe, expect, it } from 'vitest';
import { splitText } from '../../../src/lib/split-text.js';

/** Length in code points, the unit splitText counts in. */
const cp = (s: string) => [...s].length;
/** True when the string has no lone (unpaired) UTF-16 surrogate. */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** Deterministic filler: numbered words, sentences and paragraphs. */
function longText(targetLength: number): string {
  let text = '';
  for (let i = 0; text.length < targetLength; i++) {
    text += `word${i}`;
    text += i % 97 === 96 ? '.\n\n' : i % 13 === 12 ? '. ' : ' ';
  }
  return text.slice(0, targetLength).trimEnd();
}

describe('splitText', () => {
  it('returns short text as a single piece, unchanged', () => {
    expect(splitText('Xin chào', 4096)).toEqual(['Xin chào']);
  });

  it('returns text of exactly max characters as a single piece', () => {
    const text = 'a'.repeat(100);
    expect(splitText(text, 100)).toEqual([text]);
  });

  it('returns one empty piece for empty text', () => {
    expect(splitText('', 10)).toEqual(['']);
  });

  it('splits a 10,000-character text into pieces of at most 4096 that keep every word in order', () => {
    const text = longText(10_000);
    expect(text.length).toBeGreaterThan(9_990);

    const pieces = splitText(text, 4096);

    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const p of pieces) {
      expect(cp(p)).toBeLessThanOrEqual(4096);
      expect(p).toBe(p.trim()); // whitespace at cuts is trimmed
    }
    expect(words(pieces.join(' '))).toEqual(words(text));
    // Nothing but the whitespace at the cuts is lost.
    expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('prefers a paragraph break over a line break, sentence or space', () => {
    const text = `${'a '.repeat(30)}\n\n${'b '.repeat(10)}\n${'c. '.repeat(5)}${'d '.repeat(20)}`;
    const [first] = splitText(text, 80);
    expect(first).toBe('a '.repeat(30).trimEnd());
  });

  it('falls back to a line break when there is no paragraph break in range', () => {
    const text = `${'a '.repeat(30)}\n${'b. '.repeat(5)}${'c '.repeat(30)}`;
    const [first] = splitText(text, 80);
    expect(first).toBe('a '.repeat(30).trimEnd());
  });

  it('falls back to the end of a sentence when there is no line break in range', () => {
    const text = `${'a '.repeat(30)}end. ${'b '.repeat(40)}`;
    const [first, second] = splitText(text, 80);
    expect(first).toBe(`${'a '.repeat(30)}end.`);
    expect(second!.startsWith('b b')).toBe(true);
  });

  it('falls back to a space, never cutting a word', () => {
    const text = Array.from({ length: 50 }, (_, i) => `từ${i}`).join(' ');
    const pieces = splitText(text, 40);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(cp(p)).toBeLessThanOrEqual(40);
    expect(words(pieces.join(' '))).toEqual(words(text));
  });

  it('ignores a boundary in the first half of the window and cuts a long word instead', () => {
    const text = `ab ${'x'.repeat(200)}`;
    const pieces = splitText(text, 100);
    expect(pieces[0]).toBe(`ab ${'x'.repeat(97)}`);
    expect(pieces.join('')).toBe(text);
  });

  it('does not start a piece with the spaces or newlines left at a cut', () => {
    const text = `${'a'.repeat(60)}\n\n   \n${'b'.repeat(60)}`;
    const pieces = splitText(text, 80);
    expect(pieces).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
  });

  it('hard-cuts a single 9,000-character word into full pieces', () => {
    const word = 'x'.repeat(9_000);
    const pieces = splitText(word, 4096);
    expect(pieces.map(cp)).toEqual([4096, 4096, 808]);
    expect(pieces.join('')).toBe(word);
  });

  it('never splits an emoji into broken surrogates, even on a hard cut', () => {
    // 5,000 emoji without spaces: each is two UTF-16 units, so a naive cut would land mid-pair.
    const text = '😀🎉'.repeat(2_500);
    const pieces = splitText(text, 4095);
    for (const p of pieces) {
      expect(wellFormed(p)).toBe(true);
      expect(cp(p)).toBeLessThanOrEqual(4095);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('counts emoji as one character each when measuring pieces', () => {
    const text = '😀'.repeat(4096);
    expect(text.length).toBe(8192);
    expect(splitText(text, 4096)).toEqual([text]);
  });

  it('keeps emoji intact when splitting at spaces in emoji-rich text', () => {
    const text = Array.from({ length: 600 }, (_, i) => `🌾lúa${i}✅`).join(' ');
    const pieces = splitText(text, 500);
    for (const p of pieces) {
      expect(wellFormed(p)).toBe(true);
      expect(cp(p)).toBeLessThanOrEqual(500);
    }
    expect(words(pieces.join(' '))).toEqual(words(text));
  });

  it('splits 2,500 characters of Vietnamese at a word boundary with max 2000', () => {
    const sentence = 'Hợp tác xã nông nghiệp Đồng Tâm thông báo lịch họp thành viên tháng này. ';
    const text = sentence
      .repeat(Math.ceil(2_500 / sentence.length))
      .slice(0, 2_500)
      .trimEnd();
    expect(cp(text)).toBeGreaterThan(2_400);

    const pieces = splitText(text, 2000);

    expect(pieces).toHaveLength(2);
    expect(cp(pieces[0]!)).toBeLessThanOrEqual(2000);
    expect(cp(pieces[0]!)).toBeGreaterThan(1000);
    expect(pieces[0]!.endsWith('.')).toBe(true); // the sentence boundary was preferred
    expect(words(pieces.join(' '))).toEqual(words(text));
    for (const p of pieces) expect(p).toBe(p.normalize('NFC'));
  });
});
