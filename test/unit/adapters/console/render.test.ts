import { describe, expect, it } from 'vitest';
import { toJsonReply, toTerminalText } from '../../../../src/adapters/console/render.js';
import type { OutboundMessage } from '../../../../src/lib/messages.js';

const menu: OutboundMessage = {
  text: 'Bạn muốn làm gì?',
  buttons: [
    [
      { label: '📝 Đăng ký', action: 'profile' },
      { label: '🎟 Nhập mã mời', action: 'invite' },
    ],
    [{ label: 'Quyền riêng tư', action: 'privacy' }],
  ],
};

describe('toJsonReply', () => {
  it('gives just the text for a plain message', () => {
    expect(toJsonReply({ text: 'Xin chào' })).toEqual({ text: 'Xin chào' });
  });

  it('keeps button rows with only label and action', () => {
    expect(toJsonReply(menu)).toEqual({
      text: 'Bạn muốn làm gì?',
      buttons: [
        [
          { label: '📝 Đăng ký', action: 'profile' },
          { label: '🎟 Nhập mã mời', action: 'invite' },
        ],
        [{ label: 'Quyền riêng tư', action: 'privacy' }],
      ],
    });
  });

  it('drops extra button properties and does not share the input objects', () => {
    const button = { label: 'OK', action: 'ok', extra: 1 };
    const out = toJsonReply({ text: 't', buttons: [[button]] });
    expect(out.buttons).toEqual([[{ label: 'OK', action: 'ok' }]]);
    expect(out.buttons![0]![0]).not.toBe(button);
  });

  it('omits buttons when there are none', () => {
    expect(toJsonReply({ text: 't', buttons: [] })).not.toHaveProperty('buttons');
  });

  it('adds the document path when given', () => {
    expect(toJsonReply({ text: 'Báo cáo' }, '/tmp/out/bao-cao.csv')).toEqual({ text: 'Báo cáo', document: '/tmp/out/bao-cao.csv' });
    expect(toJsonReply({ text: 'Báo cáo' })).not.toHaveProperty('document');
  });

  it('does not include contact requests or the input mode', () => {
    const out = toJsonReply({ text: 'Số điện thoại?', requestContact: { label: 'Gửi số' }, input: 'text' });
    expect(out).toEqual({ text: 'Số điện thoại?' });
  });
});

describe('toTerminalText', () => {
  it('shows a plain message as its text', () => {
    expect(toTerminalText({ text: 'Xin chào' })).toBe('Xin chào');
  });

  it('numbers the buttons of all rows in order, from 1, below the text', () => {
    expect(toTerminalText(menu)).toBe(['Bạn muốn làm gì?', '  1. 📝 Đăng ký', '  2. 🎟 Nhập mã mời', '  3. Quyền riêng tư'].join('\n'));
  });

  it('numbers past 9 without padding', () => {
    const buttons = Array.from({ length: 11 }, (_, i) => [{ label: `Mục ${i + 1}`, action: `a${i}` }]);
    const lines = toTerminalText({ text: 'Chọn', buttons }).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe('  10. Mục 10');
    expect(lines[11]).toBe('  11. Mục 11');
  });

  it('shows the document path last, after the buttons', () => {
    expect(toTerminalText({ text: 'Báo cáo', buttons: [[{ label: 'OK', action: 'ok' }]] }, 'out/bao-cao.csv')).toBe('Báo cáo\n  1. OK\n  📎 out/bao-cao.csv');
  });

  it('keeps multi-line text as it is', () => {
    expect(toTerminalText({ text: 'Dòng 1\nDòng 2', buttons: [[{ label: 'OK', action: 'ok' }]] })).toBe('Dòng 1\nDòng 2\n  1. OK');
  });

  it('shows nothing extra for a contact request (the text asks for the number)', () => {
    expect(toTerminalText({ text: 'Nhập số điện thoại', requestContact: { label: 'Gửi số' } })).toBe('Nhập số điện thoại');
  });
});
