import { describe, expect, it } from 'vitest';
import { mapUpdate, type TelegramUpdate } from '../../../../src/adapters/telegram/map-update.js';

const at = new Date('2025-05-01T08:00:00Z');
const user = { id: 1001, first_name: 'Lan', last_name: 'Nguyễn', language_code: 'vi' };
const chat = { id: 1001, type: 'private' };

/** An update carrying a message with the given extra fields. */
function messageUpdate(fields: Record<string, unknown>, overrides: Partial<TelegramUpdate> = {}): TelegramUpdate {
  return { update_id: 555, message: { message_id: 7, from: user, chat, date: 1_746_086_400, ...fields }, ...overrides };
}

describe('mapUpdate', () => {
  it('maps a text message', () => {
    expect(mapUpdate(messageUpdate({ text: 'Xin chào' }), at)).toEqual({
      channel: 'telegram',
      platformMessageId: '555',
      receivedAt: at,
      chatId: '1001',
      userId: '1001',
      localeHint: 'vi',
      displayName: 'Lan Nguyễn',
      text: 'Xin chào',
    });
  });

  it('keeps a /start payload as part of the text', () => {
    expect(mapUpdate(messageUpdate({ text: '/start XK7M9QPA' }), at)).toMatchObject({ text: '/start XK7M9QPA' });
  });

  it('uses the update_id, as a string, as platformMessageId', () => {
    expect(mapUpdate(messageUpdate({ text: 'a' }, { update_id: 987654321 }), at)?.platformMessageId).toBe('987654321');
  });

  it('takes chatId from the chat and userId from the sender in a group', () => {
    const update: TelegramUpdate = { update_id: 1, message: { message_id: 1, from: user, chat: { id: -100200, type: 'supergroup' }, text: 'hi' } };
    expect(mapUpdate(update, at)).toMatchObject({ chatId: '-100200', userId: '1001' });
  });

  it('passes language_code as localeHint', () => {
    const update = messageUpdate({ text: 'hi', from: { ...user, language_code: 'en-US' } });
    expect(mapUpdate(update, at)?.localeHint).toBe('en-US');
  });

  it('leaves localeHint undefined when Telegram gives no language', () => {
    const update = messageUpdate({ text: 'hi', from: { id: 1, first_name: 'A' } });
    expect(mapUpdate(update, at)?.localeHint).toBeUndefined();
  });

  it('builds displayName from whichever names are present', () => {
    expect(mapUpdate(messageUpdate({ text: 'x', from: { id: 1, first_name: 'Lan' } }), at)?.displayName).toBe('Lan');
    expect(mapUpdate(messageUpdate({ text: 'x', from: { id: 1, last_name: 'Trần' } }), at)?.displayName).toBe('Trần');
    expect(mapUpdate(messageUpdate({ text: 'x', from: { id: 1 } }), at)?.displayName).toBeUndefined();
  });

  it('uses the current time when no receivedAt is given', () => {
    const before = Date.now();
    const msg = mapUpdate(messageUpdate({ text: 'x' }));
    expect(msg?.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(msg?.receivedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  describe('callback queries', () => {
    it('maps a pressed button to its action, with chatId from the message chat', () => {
      const update: TelegramUpdate = {
        update_id: 556,
        callback_query: { id: 'cq1', from: user, data: 'consent:yes', message: { chat: { id: -100300 } } },
      };
      expect(mapUpdate(update, at)).toEqual({
        channel: 'telegram',
        platformMessageId: '556',
        receivedAt: at,
        chatId: '-100300',
        userId: '1001',
        action: 'consent:yes',
        localeHint: 'vi',
        displayName: 'Lan Nguyễn',
      });
    });

    it('falls back to the sender id as chatId when the message is missing', () => {
      const update: TelegramUpdate = { update_id: 557, callback_query: { id: 'cq2', from: user, data: 'menu' } };
      expect(mapUpdate(update, at)).toMatchObject({ chatId: '1001', action: 'menu' });
    });

    it('maps a callback query without data to an empty action', () => {
      const update: TelegramUpdate = { update_id: 558, callback_query: { id: 'cq3', from: user, message: { chat: { id: 1 } } } };
      expect(mapUpdate(update, at)?.action).toBe('');
    });

    it('has no text', () => {
      const update: TelegramUpdate = { update_id: 559, callback_query: { id: 'cq4', from: user, data: 'x' } };
      expect(mapUpdate(update, at)?.text).toBeUndefined();
    });
  });

  describe('contacts', () => {
    it('maps a shared contact', () => {
      const update = messageUpdate({ contact: { phone_number: '+84912345678', user_id: 1001, first_name: 'Lan' } });
      const msg = mapUpdate(update, at);
      expect(msg).toMatchObject({ chatId: '1001', userId: '1001', contact: { phone: '+84912345678', userId: '1001', firstName: 'Lan' } });
      expect(msg?.text).toBeUndefined();
      expect(msg?.unsupported).toBeUndefined();
    });

    it('leaves contact.userId undefined for a contact that is not a Telegram user', () => {
      const update = messageUpdate({ contact: { phone_number: '0912345678', first_name: 'Bình' } });
      expect(mapUpdate(update, at)?.contact).toEqual({ phone: '0912345678', userId: undefined, firstName: 'Bình' });
    });
  });

  describe('unsupported content', () => {
    it('maps a photo with a caption to unsupported "photo" with the caption as text', () => {
      const update = messageUpdate({ photo: [{ file_id: 'p1', width: 90, height: 90 }], caption: 'Ảnh ruộng lúa' });
      expect(mapUpdate(update, at)).toMatchObject({ unsupported: 'photo', text: 'Ảnh ruộng lúa' });
    });

    it('maps a photo without caption to unsupported "photo" without text', () => {
      const msg = mapUpdate(messageUpdate({ photo: [{ file_id: 'p1' }] }), at);
      expect(msg?.unsupported).toBe('photo');
      expect(msg?.text).toBeUndefined();
    });

    it.each(['sticker', 'voice', 'video', 'location', 'document', 'poll'])('maps a %s to unsupported of that kind', (kind) => {
      const msg = mapUpdate(messageUpdate({ [kind]: { file_id: 'f' } }), at);
      expect(msg).toMatchObject({ chatId: '1001', userId: '1001', unsupported: kind });
    });

    it('names a GIF "animation" although Telegram also sends it as a document', () => {
      const msg = mapUpdate(messageUpdate({ document: { file_id: 'd' }, animation: { file_id: 'a' } }), at);
      expect(msg?.unsupported).toBe('animation');
    });

    it('maps any other message kind to unsupported "other"', () => {
      const msg = mapUpdate(messageUpdate({ new_chat_members: [{ id: 2 }] }), at);
      expect(msg?.unsupported).toBe('other');
    });
  });

  describe('ignored updates', () => {
    it('returns null for a message without a sender', () => {
      const update: TelegramUpdate = { update_id: 1, message: { message_id: 1, chat, text: 'from a channel' } };
      expect(mapUpdate(update, at)).toBeNull();
    });

    it('returns null for an update without message or callback query', () => {
      expect(mapUpdate({ update_id: 1 }, at)).toBeNull();
      const edited = { update_id: 2, edited_message: { message_id: 1, from: user, chat, text: 'sửa' } } as TelegramUpdate;
      expect(mapUpdate(edited, at)).toBeNull();
    });
  });
});
