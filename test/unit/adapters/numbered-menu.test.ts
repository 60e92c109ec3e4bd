import { beforeAll, describe, expect, it } from 'vitest';
import type { Button, OutboundMessage } from '../../../src/lib/messages.js';
import { numberedLines, toTextPieces } from '../../../src/adapters/numbered-menu.js';
import { createI18n, type T } from '../../../src/i18n/i18n.js';

const cp = (s: string) => [...s].length;
const buttons = (n: number): Button[][] => [Array.from({ length: n }, (_, i) => ({ label: `Mục ${i + 1}`, action: `a:${i}` }))];
const report = { filename: 'bao-cao.csv', content: new Uint8Array([1]) };

let t: T;
let en: T;
beforeAll(async () => {
  const { translator } = await createI18n();
  t = translator('vi');
  en = translator('en');
});

describe('numberedLines', () => {
  it.each<[string, OutboundMessage, string[]]>([
    ['no buttons', { text: 'x' }, []],
    ['an empty button list', { text: 'x', buttons: [] }, []],
    ['empty rows', { text: 'x', buttons: [[], []] }, []],
    ['one button', { text: 'x', buttons: buttons(1) }, ['1. Mục 1', 'Gõ 1 hoặc gõ nội dung trên để chọn.']],
    ['three buttons', { text: 'x', buttons: buttons(3) }, ['1. Mục 1', '2. Mục 2', '3. Mục 3', 'Trả lời bằng số (1–3) hoặc gõ nội dung để chọn.']],
    [
      'three buttons, input choice',
      { text: 'x', buttons: buttons(3), input: 'choice' },
      ['1. Mục 1', '2. Mục 2', '3. Mục 3', 'Trả lời bằng số (1–3) hoặc gõ nội dung để chọn.'],
    ],
    ['three buttons, input text', { text: 'x', buttons: buttons(3), input: 'text' }, ['1. Mục 1', '2. Mục 2', '3. Mục 3']],
    ['one button, input text', { text: 'x', buttons: buttons(1), input: 'text' }, ['1. Mục 1']],
    [
      'buttons across rows',
      {
        text: 'x',
        buttons: [
          [{ label: 'A', action: 'a' }],
          [
            { label: 'B', action: 'b' },
            { label: 'C', action: 'c' },
          ],
        ],
      },
      ['1. A', '2. B', '3. C', 'Trả lời bằng số (1–3) hoặc gõ nội dung để chọn.'],
    ],
  ])('renders %s', (_, msg, expected) => {
    expect(numberedLines(msg, t)).toEqual(expected);
  });

  it('translates the hints', () => {
    expect(numberedLines({ text: 'x', buttons: buttons(1) }, en).at(-1)).toBe('Type 1 or the option to choose it.');
    expect(numberedLines({ text: 'x', buttons: buttons(3) }, en).at(-1)).toBe('Reply with a number (1–3) or type the option.');
  });
});

describe('toTextPieces', () => {
  it.each<[string, OutboundMessage, { withButtons?: boolean; documentNote?: boolean }, string[]]>([
    ['plain text', { text: 'Xin chào' }, {}, ['Xin chào']],
    ['an empty message', { text: '' }, {}, []],
    ['a whitespace-only message', { text: '  \n ' }, {}, []],
    ['text and buttons', { text: 'Chọn:', buttons: buttons(2) }, {}, ['Chọn:\n\n1. Mục 1\n2. Mục 2\nTrả lời bằng số (1–2) hoặc gõ nội dung để chọn.']],
    ['buttons without text', { text: '', buttons: buttons(1), input: 'text' }, {}, ['1. Mục 1']],
    ['withButtons false', { text: 'Chọn:', buttons: buttons(2) }, { withButtons: false }, ['Chọn:']],
    ['withButtons false and no text', { text: '', buttons: buttons(2) }, { withButtons: false }, []],
    ['a document without documentNote', { text: 'Báo cáo', document: report }, {}, ['Báo cáo']],
    ['a document with documentNote false', { text: 'Báo cáo', document: report }, { documentNote: false }, ['Báo cáo']],
    [
      'a document with documentNote',
      { text: 'Báo cáo', document: report },
      { documentNote: true },
      ['Báo cáo\n\n📎 Tệp «bao-cao.csv» không gửi được qua kênh này. Anh/chị vui lòng mở Trợ lý HTX trên Telegram hoặc Zalo OA để nhận tệp.'],
    ],
    ['documentNote without a document', { text: 'Báo cáo' }, { documentNote: true }, ['Báo cáo']],
    [
      'text, buttons and a document note, in that order',
      { text: 'T', buttons: buttons(1), input: 'text', document: report },
      { documentNote: true },
      ['T\n\n1. Mục 1\n\n📎 Tệp «bao-cao.csv» không gửi được qua kênh này. Anh/chị vui lòng mở Trợ lý HTX trên Telegram hoặc Zalo OA để nhận tệp.'],
    ],
    [
      'only a document note, withButtons false',
      { text: '', buttons: buttons(3), document: report },
      { withButtons: false, documentNote: true },
      ['📎 Tệp «bao-cao.csv» không gửi được qua kênh này. Anh/chị vui lòng mở Trợ lý HTX trên Telegram hoặc Zalo OA để nhận tệp.'],
    ],
  ])('renders %s', (_, msg, o, expected) => {
    expect(toTextPieces(msg, 2000, t, o)).toEqual(expected);
  });

  it('translates the document note', () => {
    expect(toTextPieces({ text: '', document: report }, 2000, en, { documentNote: true })).toEqual([
      '📎 The file "bao-cao.csv" cannot be sent on this channel. Please open HTX Assistant on Telegram or the Zalo OA to receive it.',
    ]);
  });

  it('splits long output at the limit, with the menu at the end', () => {
    const text = Array.from({ length: 300 }, (_, i) => `từ${i}`).join(' ');
    const pieces = toTextPieces({ text, buttons: buttons(3) }, 500, t);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(cp(p)).toBeLessThanOrEqual(500);
    expect(pieces.at(-1)).toMatch(/3\. Mục 3\nTrả lời bằng số \(1–3\) hoặc gõ nội dung để chọn\.$/);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(`${text} 1. Mục 1 2. Mục 2 3. Mục 3 Trả lời bằng số (1–3) hoặc gõ nội dung để chọn.`);
  });
});
