import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ rateLimit: { messages: 20, windowMs: 10_000 } });
});
afterAll(async () => {
  await app?.close();
});

const stateOf = (user: string) => app.db.prisma.conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: user } } });

/** Puts the user at the "name" step of the profile flow. */
async function atNameStep(user: string) {
  await say(app, user, '/hoso');
  await say(app, user, 'Đồng ý');
  expect((await stateOf(user))?.step).toBe('name');
}

describe('bad input never crashes the bot or loses the step', () => {
  it.each([
    ['empty text', { text: '   ' }, 'Tin nhắn trống'],
    ['only invisible characters', { text: '\u200B\u200C\uFEFF' }, 'Tin nhắn trống'],
    ['a photo', { unsupported: 'photo' }, 'chưa đọc được ảnh'],
    ['a sticker', { unsupported: 'sticker' }, 'chưa đọc được nhãn dán'],
    ['10,000 characters', { text: 'a'.repeat(10_000) }, 'Tin nhắn quá dài'],
    ['an unknown command', { text: '/foobar' }, 'Tôi không biết lệnh /foobar'],
    ['a forged button', { action: 'privacy:erase' }, 'Nút này đã hết hạn'],
    ['an invalid action id', { action: '<script>alert(1)</script>' }, 'Nút này đã hết hạn'],
    ['an oversized action id', { action: `menu:${'x'.repeat(100)}` }, 'Nút này đã hết hạn'],
  ])('%s gets a short Vietnamese answer and the flow stays where it was', async (_name, input, expected) => {
    const user = `bad-${_name}`;
    await atNameStep(user);
    const replies = await say(app, user, input);
    expect(texts(replies)).toContain(expected);
    expect(await stateOf(user)).toMatchObject({ flow: 'profile', step: 'name' });
    // The step still works afterwards.
    expect(texts(await say(app, user, 'Nguyễn Văn Tư'))).toContain('Số điện thoại');
  });

  it('reads NFD-composed Vietnamese and zero-width characters as the plain text', async () => {
    await say(app, 'nfd', '/hoso');
    const r = await say(app, 'nfd', '\u200BĐồng ý'.normalize('NFD'));
    expect(texts(r)).toContain('họ và tên');
    await say(app, 'nfd', 'Nguyễn Thị Hằng'.normalize('NFD'));
    const p = await app.db.prisma.channelAccount.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'console', externalId: 'nfd' } },
      include: { person: true },
    });
    expect(p.person.name).toBe('Nguyễn Thị Hằng'.normalize('NFC'));
    expect(texts(await say(app, 'nfd', '/tro\u200Bgiup'))).toContain('Các lệnh');
  });

  it('answers emoji-only text politely', async () => {
    expect(texts(await say(app, 'emoji', '👍🌾🐃'))).toContain('Xin lỗi, tôi chưa hiểu');
  });

  it('asks a user sending 50 messages in a second to slow down, once, and keeps serving others', async () => {
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => say(app, 'flood', `tin ${i}`)));
    const answered = burst.filter((r) => r.length > 0);
    const warnings = burst.filter((r) => texts(r).includes('gửi nhanh quá'));
    expect(answered.length).toBe(21); // 20 within the limit + one warning
    expect(warnings).toHaveLength(1);
    expect(texts(await say(app, 'calm', '/start'))).toContain('Xin chào');
    expect(app.logs.filter((l) => l.level === 50)).toEqual([]);
  });
});
