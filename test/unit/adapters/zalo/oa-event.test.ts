import { describe, expect, it } from 'vitest';
import { mapOaEvent, OaEventSchema, type OaEventAction } from '../../../../src/adapters/zalo/oa-event.js';

const at = new Date('2025-05-01T08:00:00Z');
const APP = '3608465249409039670';
const OA = '388613280878808645';
const USER = '246845883529197922';
const TS = '1746086400123';

/** A user event as Zalo posts it (before schema parsing). */
function userEvent(event_name: string, message?: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app_id: APP,
    event_name,
    sender: { id: USER },
    recipient: { id: OA },
    user_id_by_app: '552177279717587730',
    ...(message ? { message } : {}),
    timestamp: TS,
    ...extra,
  };
}

const map = (raw: unknown): OaEventAction => mapOaEvent(OaEventSchema.parse(raw), at);
const base = { channel: 'zalo_oa', chatId: USER, userId: USER, receivedAt: at };

describe('OaEventSchema', () => {
  it('coerces numeric ids and timestamp to strings', () => {
    const e = OaEventSchema.parse({
      app_id: 3608465249409039,
      event_name: 'user_send_text',
      sender: { id: 2468 },
      recipient: { id: 1357 },
      follower: { id: 9753 },
      message: { msg_id: 42, text: 'hi' },
      info: { phone: 84987654321 },
      timestamp: 1746086400123,
    });
    expect(e).toMatchObject({
      app_id: '3608465249409039',
      sender: { id: '2468' },
      recipient: { id: '1357' },
      follower: { id: '9753' },
      message: { msg_id: '42', text: 'hi' },
      info: { phone: '84987654321' },
      timestamp: '1746086400123',
    });
  });

  it('keeps fields it does not read', () => {
    const e = OaEventSchema.parse(userEvent('user_send_text', { msg_id: 'm', text: 'x', extra: 1 }));
    expect(e).toMatchObject({ user_id_by_app: '552177279717587730', message: { extra: 1 } });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a missing timestamp', { event_name: 'user_send_text', sender: { id: USER } }],
    ['a non-numeric timestamp', { event_name: 'user_send_text', timestamp: '2025-05-01T08:00:00Z' }],
    ['an empty timestamp', { event_name: 'user_send_text', timestamp: '' }],
    ['a missing event_name', { timestamp: TS }],
    ['an empty event_name', { event_name: '', timestamp: TS }],
    ['a sender without id', { event_name: 'user_send_text', timestamp: TS, sender: {} }],
    ['a sender with an empty id', { event_name: 'user_send_text', timestamp: TS, sender: { id: '' } }],
    ['attachments that are not an array', { event_name: 'user_send_image', timestamp: TS, message: { attachments: {} } }],
  ])('rejects %s', (_, raw) => {
    expect(OaEventSchema.safeParse(raw).success).toBe(false);
  });
});

describe('mapOaEvent', () => {
  it('maps user_send_text to a message keyed on msg_id', () => {
    expect(map(userEvent('user_send_text', { msg_id: 'a1b2c3', text: 'Xin chào' }))).toEqual({
      kind: 'message',
      msg: { ...base, platformMessageId: 'a1b2c3', text: 'Xin chào' },
    });
  });

  it('keeps an empty text message as text', () => {
    expect(map(userEvent('user_send_text', { msg_id: 'm', text: '' }))).toEqual({ kind: 'message', msg: { ...base, platformMessageId: 'm', text: '' } });
  });

  it('maps numeric sender ids and msg_id to strings', () => {
    const action = map({ event_name: 'user_send_text', sender: { id: 2468 }, message: { msg_id: 99, text: 'a' }, timestamp: 1746086400123 });
    expect(action).toEqual({ kind: 'message', msg: { ...base, chatId: '2468', userId: '2468', platformMessageId: '99', text: 'a' } });
  });

  it('uses the default receivedAt when none is given', () => {
    const before = Date.now();
    const action = mapOaEvent(OaEventSchema.parse(userEvent('user_send_text', { msg_id: 'm', text: 'a' })));
    expect(action.kind === 'message' && action.msg.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  describe('non-text user messages', () => {
    const image = [{ type: 'image', payload: { thumbnail: 'https://x/t.jpg', url: 'https://x/i.jpg' } }];
    it.each<[string, string, Record<string, unknown>, string, string | undefined]>([
      ['an image without text', 'user_send_image', { msg_id: 'i1', attachments: image }, 'photo', undefined],
      ['an image with text', 'user_send_image', { msg_id: 'i2', text: 'Ảnh giấy phép', attachments: image }, 'photo', 'Ảnh giấy phép'],
      ['an image with empty text', 'user_send_image', { msg_id: 'i3', text: '', attachments: image }, 'photo', undefined],
      ['a link with text', 'user_send_link', { msg_id: 'l1', text: 'xem https://htx.vn' }, 'link', 'xem https://htx.vn'],
      ['a gif', 'user_send_gif', { msg_id: 'g1' }, 'animation', undefined],
      ['a sticker', 'user_send_sticker', { msg_id: 's1', attachments: [{ type: 'sticker' }] }, 'sticker', undefined],
      ['a sticker with text (text dropped)', 'user_send_sticker', { msg_id: 's2', text: 'hihi' }, 'sticker', undefined],
      ['audio', 'user_send_audio', { msg_id: 'a1', attachments: [{ type: 'audio' }] }, 'voice', undefined],
      ['video', 'user_send_video', { msg_id: 'v1' }, 'video', undefined],
      ['a file', 'user_send_file', { msg_id: 'f1', attachments: [{ type: 'file' }] }, 'document', undefined],
      ['a location', 'user_send_location', { msg_id: 'p1' }, 'location', undefined],
      ['a business card', 'user_send_business_card', { msg_id: 'c1' }, 'contact_card', undefined],
      ['an unknown kind', 'user_send_xyz', { msg_id: 'x1' }, 'other', undefined],
    ])('maps %s to unsupported', (_, name, message, unsupported, text) => {
      const action = map(userEvent(name, message));
      expect(action).toEqual({ kind: 'message', msg: { ...base, platformMessageId: message.msg_id, unsupported, text } });
      if (action.kind === 'message') expect(action.msg.text).toBe(text);
    });
  });

  describe('follow and unfollow', () => {
    const followEvent = (name: string, extra: Record<string, unknown> = {}) => ({
      oa_id: OA,
      follower: { id: USER },
      user_id_by_app: '552177279717587730',
      event_name: name,
      source: 'testing_webhook',
      app_id: APP,
      timestamp: TS,
      ...extra,
    });

    it('greets a new follower as if they had sent /start, once per follow event', () => {
      expect(map(followEvent('follow'))).toEqual({
        kind: 'follow',
        userId: USER,
        msg: { ...base, text: '/start', platformMessageId: `follow:${USER}:${TS}` },
      });
    });

    it('gives two follow events different platformMessageIds', () => {
      const a = map(followEvent('follow'));
      const b = map(followEvent('follow', { timestamp: '1746086499999' }));
      expect(a.kind === 'follow' && b.kind === 'follow' && a.msg.platformMessageId !== b.msg.platformMessageId).toBe(true);
    });

    it('maps unfollow', () => {
      expect(map(followEvent('unfollow'))).toEqual({ kind: 'unfollow', userId: USER });
    });

    it.each(['follow', 'unfollow'])('falls back to the sender for %s without a follower', (name) => {
      const action = map({ event_name: name, sender: { id: '777' }, timestamp: TS });
      expect(action).toMatchObject({ kind: name, userId: '777' });
    });

    it.each(['follow', 'unfollow'])('ignores %s without any user id', (name) => {
      expect(map({ event_name: name, timestamp: TS }).kind).toBe('ignore');
    });
  });

  describe('user_submit_info', () => {
    const info = { address: '12 Lê Lợi', phone: '84987654321', city: 'Huế', district: 'Phú Hội', name: 'Nguyễn Văn An', ward: 'Phường 1' };

    it('maps shared info to a contact', () => {
      expect(map(userEvent('user_submit_info', undefined, { info }))).toEqual({
        kind: 'message',
        msg: { ...base, platformMessageId: `info:${USER}:${TS}`, contact: { phone: '84987654321', userId: USER, firstName: 'Nguyễn Văn An' } },
      });
    });

    it('coerces a numeric phone to a string', () => {
      const action = map(userEvent('user_submit_info', undefined, { info: { phone: 84987654321 } }));
      expect(action).toMatchObject({ kind: 'message', msg: { contact: { phone: '84987654321', userId: USER } } });
      if (action.kind === 'message') expect(action.msg.contact?.firstName).toBeUndefined();
    });

    it.each<[string, Record<string, unknown>]>([
      ['without a phone', { info: { name: 'An' } }],
      ['with an empty phone', { info: { name: 'An', phone: '' } }],
      ['without info', {}],
    ])('ignores it %s', (_, extra) => {
      expect(map(userEvent('user_submit_info', undefined, extra))).toMatchObject({ kind: 'ignore' });
    });
  });

  describe('ignored events', () => {
    it.each<[string, Record<string, unknown>]>([
      [
        'oa_send_text (our own echo)',
        { app_id: APP, event_name: 'oa_send_text', sender: { id: OA }, recipient: { id: USER }, message: { msg_id: 'e1', text: 'Chào bạn' }, timestamp: TS },
      ],
      ['oa_send_image (our own echo)', { event_name: 'oa_send_image', sender: { id: OA }, message: { msg_id: 'e2' }, timestamp: TS }],
      ['user_seen_message', userEvent('user_seen_message', { msg_ids: ['a', 'b'] })],
      ['user_received_message', userEvent('user_received_message', { msg_id: 'r1' })],
      ['user_reacted_message', userEvent('user_reacted_message', { msg_id: 'r2', react_icon: '/-heart' })],
      ['a user message without a sender', { event_name: 'user_send_text', message: { msg_id: 'm1', text: 'hi' }, timestamp: TS }],
      ['user_send_text without msg_id', userEvent('user_send_text', { text: 'hi' })],
      ['user_send_text without text', userEvent('user_send_text', { msg_id: 'm1' })],
      ['user_send_image without a message', userEvent('user_send_image')],
      ['an unrelated event', userEvent('change_oa_name')],
    ])('ignores %s', (_, raw) => {
      const action = map(raw);
      expect(action.kind).toBe('ignore');
      if (action.kind === 'ignore') expect(action.reason).toEqual(expect.any(String));
    });
  });
});

describe('ids that are not ids', () => {
  it('refuses a null sender id or msg_id instead of reading it as "null"', () => {
    const base = { event_name: 'user_send_text', timestamp: '1700000000000', recipient: { id: 'oa' }, message: { msg_id: 'm1', text: 'hi' } };
    expect(OaEventSchema.safeParse({ ...base, sender: { id: null } }).success).toBe(false);
    expect(OaEventSchema.safeParse({ ...base, sender: { id: 'u1' }, message: { msg_id: null, text: 'hi' } }).success).toBe(false);
  });
});
