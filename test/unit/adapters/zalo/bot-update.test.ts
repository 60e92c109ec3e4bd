import { describe, expect, it } from 'vitest';
import { mapBotUpdate, parseBotUpdate, type BotUpdate } from '../../../../src/adapters/zalo/bot-update.js';

const at = new Date('2025-05-01T08:00:00Z');

/** An update as the Bot API sends it, with the given event name and message fields. */
function raw(event_name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name,
    message: {
      from: { id: '6ede9afa66b88fe6d6a9', display_name: 'Ngọc Lan', is_bot: false },
      chat: { id: '6ede9afa66b88fe6d6a9', chat_type: 'PRIVATE' },
      message_id: '2d758cb5e222177a4e35',
      date: 1750316131602,
      ...fields,
    },
  };
}

const parse = (body: unknown): BotUpdate => {
  const u = parseBotUpdate(body);
  if (!u) throw new Error('expected the update to parse');
  return u;
};

const base = {
  channel: 'zalo_bot',
  chatId: '6ede9afa66b88fe6d6a9',
  userId: '6ede9afa66b88fe6d6a9',
  displayName: 'Ngọc Lan',
  platformMessageId: '2d758cb5e222177a4e35',
  receivedAt: at,
};

describe('parseBotUpdate', () => {
  const bare = raw('message.text.received', { text: 'Xin chào' });

  it('accepts a bare update', () => {
    expect(parseBotUpdate(bare)).toMatchObject({ event_name: 'message.text.received', message: { text: 'Xin chào' } });
  });

  it('accepts an update wrapped as {ok: true, result: {...}}', () => {
    expect(parseBotUpdate({ ok: true, result: bare })).toEqual(parseBotUpdate(bare));
  });

  it('coerces numeric ids to strings', () => {
    const u = parse(raw('message.text.received', { text: 'a', message_id: 123, from: { id: 456 }, chat: { id: 789 } }));
    expect(u.message).toMatchObject({ message_id: '123', from: { id: '456' }, chat: { id: '789' } });
  });

  it('keeps fields it does not read', () => {
    expect(parse(raw('message.text.received', { text: 'a', extra: true })).message).toMatchObject({ extra: true });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'message.text.received'],
    ['a number', 42],
    ['an array', [bare]],
    ['an empty object', {}],
    ['{ok: true} without a result', { ok: true }],
    ['{ok: true, result: null}', { ok: true, result: null }],
    ['{ok: false, error_code: 408}', { ok: false, error_code: 408, description: 'Request timeout' }],
    ['an update without a message', { event_name: 'message.text.received' }],
    ['a message without from', { event_name: 'message.text.received', message: { message_id: '1', chat: { id: '2' }, text: 'a' } }],
    ['a message without chat', { event_name: 'message.text.received', message: { message_id: '1', from: { id: '2' }, text: 'a' } }],
    ['a message without message_id', { event_name: 'message.text.received', message: { from: { id: '1' }, chat: { id: '2' }, text: 'a' } }],
    ['an empty message_id', raw('message.text.received', { message_id: '' })],
    ['a non-string text', raw('message.text.received', { text: 5 })],
  ])('returns null for %s', (_, body) => {
    expect(parseBotUpdate(body)).toBeNull();
  });
});

describe('mapBotUpdate', () => {
  it('maps a text message', () => {
    expect(mapBotUpdate(parse(raw('message.text.received', { text: 'Xin chào' })), at)).toEqual({ ...base, text: 'Xin chào' });
  });

  it('maps a wrapped text message the same way', () => {
    expect(mapBotUpdate(parse({ ok: true, result: raw('message.text.received', { text: 'a' }) }), at)).toEqual({ ...base, text: 'a' });
  });

  it('maps numeric ids to strings', () => {
    const u = parse(raw('message.text.received', { text: 'a', message_id: 123, from: { id: 456 }, chat: { id: 789, chat_type: 'PRIVATE' } }));
    expect(mapBotUpdate(u, at)).toEqual({ ...base, displayName: undefined, chatId: '789', userId: '456', platformMessageId: '123', text: 'a' });
  });

  it('treats a chat without chat_type as private', () => {
    const u = parse(raw('message.text.received', { text: 'a', chat: { id: 'c1' } }));
    expect(mapBotUpdate(u, at)).toMatchObject({ chatId: 'c1', text: 'a' });
  });

  it.each<[string, string, Record<string, unknown>, string, string | undefined]>([
    ['a sticker', 'message.sticker.received', { sticker: 'bfe458bf64fa8da4d4eb', url: 'https://zalo/sticker.png' }, 'sticker', undefined],
    ['an image without caption', 'message.image.received', { photo_url: 'https://zalo/p.jpg' }, 'photo', undefined],
    [
      'an image with a caption',
      'message.image.received',
      { photo_url: 'https://zalo/p.jpg', caption: 'Giấy phép kinh doanh' },
      'photo',
      'Giấy phép kinh doanh',
    ],
    ['an unsupported message', 'message.unsupported.received', {}, 'other', undefined],
    ['an unknown event', 'message.location.received', {}, 'other', undefined],
    ['a text event without text', 'message.text.received', {}, 'other', undefined],
  ])('maps %s to unsupported', (_, event, fields, unsupported, text) => {
    const msg = mapBotUpdate(parse(raw(event, fields)), at);
    expect(msg).toEqual({ ...base, unsupported, text });
    expect(msg?.text).toBe(text);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a group chat', { text: 'a', chat: { id: 'g1', chat_type: 'GROUP' } }],
    ['another chat type', { text: 'a', chat: { id: 'g1', chat_type: 'CHANNEL' } }],
    ['a message from a bot', { text: 'a', from: { id: 'b1', display_name: 'Bot', is_bot: true } }],
  ])('ignores %s', (_, fields) => {
    expect(mapBotUpdate(parse(raw('message.text.received', fields)), at)).toBeNull();
  });

  it('uses the default receivedAt when none is given', () => {
    const before = Date.now();
    expect(mapBotUpdate(parse(raw('message.text.received', { text: 'a' })))!.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('updates without event_name (some documented samples)', () => {
  /** The message of `raw`, without the event name around it. */
  const bareMessage = (fields: Record<string, unknown> = {}) => ({ message: (raw('x', fields) as { message: object }).message });

  it.each<[string, Record<string, unknown>, string, Partial<ReturnType<typeof mapBotUpdate> & object>]>([
    ['text', { text: 'Xin chào' }, 'message.text.received', { text: 'Xin chào' }],
    ['a photo, with its caption', { photo_url: 'https://zalo/p.jpg', caption: 'Hoá đơn' }, 'message.image.received', { unsupported: 'photo', text: 'Hoá đơn' }],
    ['a sticker', { sticker: 'bfe458bf64fa8da4d4eb' }, 'message.sticker.received', { unsupported: 'sticker' }],
    ['anything else', { location: { lat: 21 } }, 'message.unsupported.received', { unsupported: 'other' }],
  ])('infers %s from the content', (_, fields, event, mapped) => {
    const u = parse(bareMessage(fields));
    expect(u.event_name).toBe(event);
    expect(mapBotUpdate(u, at)).toEqual({ ...base, ...mapped });
  });

  it('infers the event of a wrapped update too', () => {
    expect(parse({ ok: true, result: bareMessage({ text: 'a' }) }).event_name).toBe('message.text.received');
  });

  it('keeps an explicit event_name over the content', () => {
    expect(mapBotUpdate(parse(raw('message.sticker.received', { text: 'a', sticker: 's' })), at)).toMatchObject({ unsupported: 'sticker' });
  });
});

describe("the sender's name", () => {
  const from = (f: Record<string, unknown>) => mapBotUpdate(parse(raw('message.text.received', { text: 'a', from: { id: 'u1', ...f } })), at)?.displayName;

  it('is display_name, else from.first_name, else none', () => {
    expect(from({ display_name: 'Ngọc Lan', first_name: 'Lan' })).toBe('Ngọc Lan');
    expect(from({ first_name: 'Trần Văn Bình' })).toBe('Trần Văn Bình');
    expect(from({ display_name: '', first_name: 'Bình' })).toBe('Bình');
    expect(from({})).toBeUndefined();
  });
});

describe('ids that are not ids', () => {
  it('refuses null ids instead of reading them as "null"', () => {
    const update = {
      event_name: 'message.text.received',
      message: { message_id: null, date: 1, from: { id: 'u' }, chat: { id: 'u', chat_type: 'PRIVATE' }, text: 'hi' },
    };
    expect(parseBotUpdate(update)).toBeNull();
    expect(parseBotUpdate({ ...update, message: { ...update.message, message_id: 'm', from: { id: null } } })).toBeNull();
  });
});
