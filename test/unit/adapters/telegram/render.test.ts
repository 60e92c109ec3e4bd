import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../../src/lib/messages.js';
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, toTelegramCalls, type TelegramCall } from '../../../../src/adapters/telegram/render.js';

type SendMessage = Extract<TelegramCall, { method: 'sendMessage' }>;
type SendDocument = Extract<TelegramCall, { method: 'sendDocument' }>;

const cp = (s: string) => [...s].length;
const words = (n: number) => Array.from({ length: n }, (_, i) => `chữ${i}`).join(' ');

const report = { filename: 'bao-cao.csv', content: new TextEncoder().encode('a,b\n1,2\n'), mimeType: 'text/csv' };

describe('toTelegramCalls', () => {
  it('sends a short text as one sendMessage without markup', () => {
    expect(toTelegramCalls({ text: 'Xin chào' })).toEqual([{ method: 'sendMessage', text: 'Xin chào' }]);
  });

  it('renders buttons as an inline keyboard with callback_data, row by row', () => {
    const msg: OutboundMessage = {
      text: 'Bạn đồng ý không?',
      buttons: [
        [
          { label: '✅ Đồng ý', action: 'consent:yes' },
          { label: '❌ Không', action: 'consent:no' },
        ],
        [{ label: 'Hủy', action: 'cancel' }],
      ],
    };
    expect(toTelegramCalls(msg)).toEqual([
      {
        method: 'sendMessage',
        text: 'Bạn đồng ý không?',
        reply_markup: {
          inline_keyboard: [
            [
              { text: '✅ Đồng ý', callback_data: 'consent:yes' },
              { text: '❌ Không', callback_data: 'consent:no' },
            ],
            [{ text: 'Hủy', callback_data: 'cancel' }],
          ],
        },
      },
    ]);
  });

  it('splits a 9,000-character text into 3 messages of at most 4096 characters', () => {
    const text = words(2000).slice(0, 9000);
    expect(cp(text)).toBe(9000);

    const calls = toTelegramCalls({ text }) as SendMessage[];

    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.method).toBe('sendMessage');
      expect(cp(call.text)).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    }
    expect(
      calls
        .map((c) => c.text)
        .join(' ')
        .split(' '),
    ).toEqual(text.split(' '));
  });

  it('puts the inline keyboard on the last piece of a split text only', () => {
    const calls = toTelegramCalls({ text: words(2000).slice(0, 9000), buttons: [[{ label: 'OK', action: 'ok' }]] }) as SendMessage[];
    expect(calls).toHaveLength(3);
    expect(calls[0]!.reply_markup).toBeUndefined();
    expect(calls[1]!.reply_markup).toBeUndefined();
    expect(calls[2]!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
  });

  it('sends buttons with an ellipsis when the text is empty (Telegram needs text)', () => {
    expect(toTelegramCalls({ text: '', buttons: [[{ label: 'OK', action: 'ok' }]] })).toEqual([
      { method: 'sendMessage', text: '…', reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } },
    ]);
  });

  it('sends nothing for an empty message', () => {
    expect(toTelegramCalls({ text: '' })).toEqual([]);
    expect(toTelegramCalls({ text: '', buttons: [] })).toEqual([]);
  });

  describe('contact request', () => {
    it('renders a one-time reply keyboard whose first key requests the contact', () => {
      const [call] = toTelegramCalls({ text: 'Chia sẻ số điện thoại', requestContact: { label: '📱 Gửi số của tôi' } }) as SendMessage[];
      expect(call).toEqual({
        method: 'sendMessage',
        text: 'Chia sẻ số điện thoại',
        reply_markup: {
          keyboard: [[{ text: '📱 Gửi số của tôi', request_contact: true }]],
          one_time_keyboard: true,
          resize_keyboard: true,
        },
      });
    });

    it('turns the other buttons into plain keys below the contact key', () => {
      const [call] = toTelegramCalls({
        text: 'Chia sẻ số điện thoại',
        requestContact: { label: '📱 Gửi số' },
        buttons: [
          [
            { label: 'Bỏ qua', action: 'skip' },
            { label: 'Hủy', action: 'cancel' },
          ],
        ],
      }) as SendMessage[];
      expect(call!.reply_markup).toEqual({
        keyboard: [[{ text: '📱 Gửi số', request_contact: true }], [{ text: 'Bỏ qua' }, { text: 'Hủy' }]],
        one_time_keyboard: true,
        resize_keyboard: true,
      });
      expect(JSON.stringify(call)).not.toContain('callback_data');
    });
  });

  describe('documents', () => {
    it('sends a document with a short text as its caption in one call', () => {
      expect(toTelegramCalls({ text: 'Báo cáo tháng 5', document: report })).toEqual([
        { method: 'sendDocument', document: report, caption: 'Báo cáo tháng 5' },
      ]);
    });

    it('sends a document without text as one call without caption', () => {
      const calls = toTelegramCalls({ text: '', document: report }) as SendDocument[];
      expect(calls).toHaveLength(1);
      expect(calls[0]!.method).toBe('sendDocument');
      expect(calls[0]!.caption).toBeUndefined();
    });

    it('accepts a caption of exactly the caption limit', () => {
      const text = 'a'.repeat(TELEGRAM_CAPTION_LIMIT);
      expect(toTelegramCalls({ text, document: report })).toEqual([{ method: 'sendDocument', document: report, caption: text }]);
    });

    it('sends a document with a 2,000-character text without caption, then the text as a message', () => {
      const text = words(500).slice(0, 2000);
      const calls = toTelegramCalls({ text, document: report });
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatchObject({ method: 'sendDocument', document: report });
      expect((calls[0] as SendDocument).caption).toBeUndefined();
      expect(calls[1]).toEqual({ method: 'sendMessage', text });
    });

    it('counts the caption limit in characters, so emoji do not push it over', () => {
      const text = '📄'.repeat(TELEGRAM_CAPTION_LIMIT); // 2048 UTF-16 units, 1024 characters
      expect(toTelegramCalls({ text, document: report })).toHaveLength(1);
    });

    it('puts buttons on a message after the document', () => {
      const calls = toTelegramCalls({ text: 'Báo cáo', document: report, buttons: [[{ label: 'OK', action: 'ok' }]] });
      expect(calls.map((c) => c.method)).toEqual(['sendDocument', 'sendMessage']);
      expect(calls[1]).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } });
    });
  });

  it('sends a picture by URL first, then the text', () => {
    expect(toTelegramCalls({ text: 'Hội chợ OCOP', imageUrl: 'https://example.gov.vn/p.jpg' })).toEqual([
      { method: 'sendPhoto', photo: 'https://example.gov.vn/p.jpg' },
      { method: 'sendMessage', text: 'Hội chợ OCOP' },
    ]);
  });
});
