import { beforeAll, describe, expect, it } from 'vitest';
import type { Button, OutboundMessage } from '../../../../src/lib/messages.js';
import { OA_BUTTON_TITLE_LIMIT, OA_MAX_BUTTONS, OA_TEXT_LIMIT, toOaSends, type OaSend } from '../../../../src/adapters/zalo/oa-render.js';
import { createI18n, type T } from '../../../../src/i18n/i18n.js';

type MessageSend = Extract<OaSend, { kind: 'message' }>;
type QuickReplies = { type: string; payload: { buttons: { title: string; type: string; payload: string }[] } };
type InfoRequest = { type: string; payload: { template_type: string; elements: { title: string; subtitle: string }[] } };

const cp = (s: string) => [...s].length;
const words = (n: number) => Array.from({ length: n }, (_, i) => `chữ${i}`).join(' ');
const buttons = (n: number, label = (i: number) => `Lựa chọn ${i + 1}`): Button[][] => [
  Array.from({ length: n }, (_, i) => ({ label: label(i), action: `a:${i}` })),
];
const report = { filename: 'bao-cao.csv', content: new TextEncoder().encode('a,b\n1,2\n'), mimeType: 'text/csv' };

const VI_HINT_6 = 'Trả lời bằng số (1–6) hoặc gõ nội dung để chọn.';
const VI_HINT_ONE = 'Gõ 1 hoặc gõ nội dung trên để chọn.';
const EN_HINT_6 = 'Reply with a number (1–6) or type the option.';

let t: T;
let en: T;
beforeAll(async () => {
  const { translator } = await createI18n();
  t = translator('vi');
  en = translator('en');
});

const messages = (sends: OaSend[]) => sends.filter((s): s is MessageSend => s.kind === 'message');

describe('toOaSends', () => {
  it('has the documented limits', () => {
    expect([OA_TEXT_LIMIT, OA_MAX_BUTTONS, OA_BUTTON_TITLE_LIMIT]).toEqual([2000, 5, 100]);
  });

  it('sends a plain text as one message without attachment', () => {
    expect(toOaSends({ text: 'Xin chào' }, t)).toEqual([{ kind: 'message', message: { text: 'Xin chào' } }]);
  });

  it('sends nothing for an empty message', () => {
    expect(toOaSends({ text: '' }, t)).toEqual([]);
    expect(toOaSends({ text: '   ', buttons: [] }, t)).toEqual([]);
  });

  it('splits a 2,500-character text into 2 messages of at most 2,000 code points, buttons on the last only', () => {
    const text = words(600).slice(0, 2500);
    expect(cp(text)).toBe(2500);
    const sends = toOaSends({ text, buttons: buttons(2) }, t);
    expect(sends).toHaveLength(2);
    const msgs = messages(sends);
    for (const s of msgs) expect(cp(s.message.text!)).toBeLessThanOrEqual(OA_TEXT_LIMIT);
    expect(
      msgs
        .map((s) => s.message.text)
        .join(' ')
        .split(' '),
    ).toEqual(text.split(' '));
    expect(msgs[0]!.message.attachment).toBeUndefined();
    expect(msgs[1]!.message.attachment).toMatchObject({ type: 'template' });
  });

  it('counts code points, not UTF-16 units, against the 2,000 limit', () => {
    const text = '🌾'.repeat(OA_TEXT_LIMIT);
    expect(toOaSends({ text }, t)).toEqual([{ kind: 'message', message: { text } }]);
  });

  it.each([1, 3, 5])('renders %i buttons as oa.query.show quick replies whose payload is the label', (n) => {
    const msg: OutboundMessage = { text: 'Anh/chị muốn làm gì?', buttons: buttons(n) };
    const sends = toOaSends(msg, t);
    expect(sends).toHaveLength(1);
    const { message } = sends[0] as MessageSend;
    expect(message.text).toBe('Anh/chị muốn làm gì?');
    const attachment = message.attachment as QuickReplies;
    expect(attachment.type).toBe('template');
    expect(attachment.payload.buttons).toEqual(
      Array.from({ length: n }, (_, i) => ({ title: `Lựa chọn ${i + 1}`, type: 'oa.query.show', payload: `Lựa chọn ${i + 1}` })),
    );
  });

  it('flattens button rows in order', () => {
    const msg: OutboundMessage = {
      text: 'Chọn',
      buttons: [
        [
          { label: 'A', action: 'a' },
          { label: 'B', action: 'b' },
        ],
        [{ label: 'C', action: 'c' }],
      ],
    };
    const attachment = (toOaSends(msg, t)[0] as MessageSend).message.attachment as QuickReplies;
    expect(attachment.payload.buttons.map((b) => b.title)).toEqual(['A', 'B', 'C']);
  });

  it('renders 6 buttons as a numbered list with the hint, without attachment', () => {
    const sends = toOaSends({ text: 'Chọn một mục:', buttons: buttons(6) }, t);
    expect(sends).toHaveLength(1);
    const { message } = sends[0] as MessageSend;
    expect(message.attachment).toBeUndefined();
    expect(message.text).toBe(['Chọn một mục:', '', ...Array.from({ length: 6 }, (_, i) => `${i + 1}. Lựa chọn ${i + 1}`), VI_HINT_6].join('\n'));
  });

  it('renders a label over 100 code points as a numbered list', () => {
    const long = 'Đ'.repeat(OA_BUTTON_TITLE_LIMIT + 1);
    const sends = toOaSends({ text: 'Chọn', buttons: [[{ label: long, action: 'x' }]] }, t);
    const { message } = sends[0] as MessageSend;
    expect(message.attachment).toBeUndefined();
    expect(message.text).toBe(`Chọn\n\n1. ${long}\n${VI_HINT_ONE}`);
  });

  it('keeps quick replies for a 100-code-point label of astral characters (200 UTF-16 units)', () => {
    const label = '🌾'.repeat(OA_BUTTON_TITLE_LIMIT);
    expect(label.length).toBe(2 * OA_BUTTON_TITLE_LIMIT);
    const { message } = toOaSends({ text: 'Chọn', buttons: [[{ label, action: 'x' }]] }, t)[0] as MessageSend;
    expect((message.attachment as QuickReplies).payload.buttons[0]).toEqual({ title: label, type: 'oa.query.show', payload: label });
  });

  it('still sends a non-empty text when the text is empty and there are quick replies', () => {
    const { message } = toOaSends({ text: '', buttons: buttons(2) }, t)[0] as MessageSend;
    expect(message.text?.trim()).toBeTruthy();
    expect(message.text).toBe('Lựa chọn 1 · Lựa chọn 2');
    expect(message.attachment).toMatchObject({ type: 'template' });
  });

  it('still sends a non-empty text when the text is empty and buttons become a numbered list', () => {
    const sends = toOaSends({ text: '', buttons: buttons(6) }, t);
    expect(sends).toHaveLength(1);
    const { message } = sends[0] as MessageSend;
    expect(message.text).toMatch(/^1\. Lựa chọn 1\n/);
    expect(message.attachment).toBeUndefined();
  });

  it('adds the hint in English with an English translator', () => {
    const { message } = toOaSends({ text: 'Pick one:', buttons: buttons(6), input: 'choice' }, en)[0] as MessageSend;
    expect(message.text!.split('\n').at(-1)).toBe(EN_HINT_6);
  });

  it('adds no hint line when the user is expected to type an answer', () => {
    const { message } = toOaSends({ text: 'Tên HTX?', buttons: buttons(6), input: 'text' }, t)[0] as MessageSend;
    const lines = message.text!.split('\n');
    expect(lines.at(-1)).toBe('6. Lựa chọn 6');
    expect(message.text).not.toContain(VI_HINT_6);
  });

  describe('contact request', () => {
    it('adds an optional request_user_info card after the text', () => {
      const sends = toOaSends({ text: 'Chia sẻ số điện thoại?', requestContact: { label: '📱 Chia sẻ số điện thoại' } }, t);
      expect(sends).toEqual([
        { kind: 'message', message: { text: 'Chia sẻ số điện thoại?' } },
        {
          kind: 'message',
          optional: true,
          message: {
            attachment: {
              type: 'template',
              payload: {
                template_type: 'request_user_info',
                elements: [{ title: '📱 Chia sẻ số điện thoại', subtitle: t('text_menu.share_info_subtitle') }],
              },
            },
          },
        },
      ]);
      expect(t('text_menu.share_info_subtitle')).not.toBe('text_menu.share_info_subtitle');
    });

    it('cuts a long label to 100 code points for the card title', () => {
      const label = '📱'.repeat(150);
      const sends = messages(toOaSends({ text: 'x', requestContact: { label } }, t));
      const card = sends.at(-1)!;
      expect(card.optional).toBe(true);
      const title = (card.message.attachment as InfoRequest).payload.elements[0]!.title;
      expect(cp(title)).toBe(OA_BUTTON_TITLE_LIMIT);
      expect(label.startsWith(title)).toBe(true);
    });

    it('uses the English subtitle with an English translator', () => {
      const card = messages(toOaSends({ text: 'x', requestContact: { label: 'Share' } }, en)).at(-1)!;
      expect((card.message.attachment as InfoRequest).payload.elements[0]!.subtitle).toBe(en('text_menu.share_info_subtitle'));
      expect(en('text_menu.share_info_subtitle')).not.toBe(t('text_menu.share_info_subtitle'));
    });

    it('does not mark the text messages optional', () => {
      const sends = messages(toOaSends({ text: 'x', buttons: buttons(2), requestContact: { label: 'Share' } }, t));
      expect(sends.map((s) => s.optional)).toEqual([undefined, true]);
    });
  });

  describe('document', () => {
    it('sends the file after the text, without a note', () => {
      const sends = toOaSends({ text: 'Báo cáo của anh/chị:', document: report }, t);
      expect(sends).toEqual([
        { kind: 'message', message: { text: 'Báo cáo của anh/chị:' } },
        { kind: 'file', document: report },
      ]);
    });

    it('sends only the file when there is no text', () => {
      expect(toOaSends({ text: '', document: report }, t)).toEqual([{ kind: 'file', document: report }]);
    });

    it('puts the file last, after buttons and the contact card', () => {
      const sends = toOaSends({ text: 'x', buttons: buttons(6), requestContact: { label: 'Share' }, document: report }, t);
      expect(sends.map((s) => s.kind)).toEqual(['message', 'message', 'file']);
      expect(sends.at(-1)).toEqual({ kind: 'file', document: report });
    });
  });
});
