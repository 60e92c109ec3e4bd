import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/services/invites/create-invite.js';
import { INVITE_WRONG_GLOBAL, INVITE_WRONG_PER_ACCOUNT } from '../../src/services/invites/invite-attempts.js';
import { redeemInvite } from '../../src/services/invites/redeem-invite.js';
import { createCooperative } from '../support/factories.js';
import { createTestApp, say, sayOn, texts, type TestApp } from '../support/test-app.js';

// Issue 15: invite codes (which can grant the officer role) had no wrong-guess limit, and a NUL
// in a platform display name made every message from that user fail.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const personOf = async (channel: string, user: string) =>
  (await app.db.prisma.channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: user } }, include: { person: true } })).person;

describe('wrong invite codes', () => {
  it(`refuses every code after ${INVITE_WRONG_PER_ACCOUNT} wrong ones in an hour, the right one too, says when to try again, and accepts it after the hour`, async () => {
    const coop = await createCooperative(app.db.prisma);
    const invite = await createInvite(app.db.prisma, { role: 'member', cooperativeId: coop.id });
    await say(app, 'guesser', '/start');
    for (let i = 0; i < INVITE_WRONG_PER_ACCOUNT; i++) {
      const replies = await say(app, 'guesser', `/moi WRONG${i}XY`);
      expect(texts(replies)).toContain('Không tìm thấy mã mời này');
    }
    // The sixth attempt, with the right code, is refused: guessing gains nothing during the window.
    const refused = await say(app, 'guesser', `/moi ${invite.code}`);
    expect(texts(refused)).toContain('nhập sai mã mời quá nhiều lần');
    expect(texts(refused)).toMatch(/thử lại sau \d\d:\d\d/);
    const me = await personOf('console', 'guesser');
    expect(me.role).toBe('guest');
    // Every wrong attempt and every refusal is audited (without the code).
    const audit = await app.db.prisma.auditLog.findMany({ where: { actorId: me.id }, orderBy: { id: 'asc' } });
    // Try again when the first wrong attempt is an hour old.
    const again = await redeemInvite(app.db.prisma, me.id, invite.code, new Date());
    expect(again).toMatchObject({ ok: false, reason: 'too_many' });
    expect((again as { retryAt: Date }).retryAt.getTime()).toBe(audit[0]!.at.getTime() + 3600_000);
    expect(audit.filter((a) => a.action === 'invite.wrong_code')).toHaveLength(INVITE_WRONG_PER_ACCOUNT);
    expect(audit.filter((a) => a.action === 'invite.limited')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(invite.code);
    // Another account is not affected.
    expect(texts(await say(app, 'someone-else', `/moi WRONGZZZ`))).toContain('Không tìm thấy mã mời này');
    // An hour later (the attempts moved an hour into the past) the right code is accepted.
    await app.db.prisma.auditLog.updateMany({ where: { actorId: me.id }, data: { at: new Date(Date.now() - 3601_000) } });
    const accepted = await say(app, 'guesser', `/moi ${invite.code}`);
    expect(texts(accepted)).toContain('Đã xác nhận');
    expect((await personOf('console', 'guesser')).role).toBe('member');
  });

  it('answers in the user language', async () => {
    for (let i = 0; i <= INVITE_WRONG_PER_ACCOUNT; i++) await say(app, 'guesser-en', { text: `/moi BADCODE${i}`, localeHint: 'en' });
    const replies = await say(app, 'guesser-en', { text: '/moi ABCDEFGH', localeHint: 'en' });
    expect(texts(replies)).toMatch(/Too many wrong invite codes\. For safety, please try again after \d\d:\d\d \(Vietnam time\)\./);
  });

  it(`holds a global limit of ${INVITE_WRONG_GLOBAL} wrong codes a minute across accounts, kept in the database`, async () => {
    const now = new Date(Date.now() + 3 * 3600_000); // clear of the attempts above
    await app.db.prisma.auditLog.createMany({
      data: Array.from({ length: INVITE_WRONG_GLOBAL }, (_, i) => ({
        actorId: null,
        action: 'invite.wrong_code',
        at: new Date(now.getTime() - 50_000 + i * 100),
      })),
    });
    await say(app, 'fresh-account', '/start');
    const me = await personOf('console', 'fresh-account');
    const busy = await redeemInvite(app.db.prisma, me.id, 'ABCDEFGH', now);
    expect(busy).toMatchObject({ ok: false, reason: 'busy' });
    expect((busy as { retryAt: Date }).retryAt.getTime()).toBe(now.getTime() + 10_000);
    const replies = await say(app, 'fresh-account', { text: '/moi ABCDEFGH', receivedAt: now });
    expect(texts(replies)).toContain('quá nhiều lượt nhập mã mời');
    // A minute later the window has moved on.
    expect(await redeemInvite(app.db.prisma, me.id, 'ABCDEFGH', new Date(now.getTime() + 61_000))).toMatchObject({ ok: false, reason: 'not_found' });
  });
});

describe('NUL and control characters', () => {
  it('a NUL in a display name: the user still gets replies, and the name is stored clean', async () => {
    for (const channel of ['console', 'telegram'] as const) {
      const id = `nul-${channel}`;
      const first = await sayOn(app, channel, id, { text: '/start', displayName: 'Nguyễn\u0000 Văn\u0007 A\u001b[31m\nB' });
      expect(texts(first)).toContain('Xin chào');
      const second = await sayOn(app, channel, id, { text: '/menu', displayName: '\u0000Bình\u0000' });
      expect(texts(second).length).toBeGreaterThan(0);
      expect(texts(second)).not.toContain('Xin lỗi');
      const account = await app.db.prisma.channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: id } } });
      expect(account.displayName).toBe('Nguyễn Văn A[31m B');
    }
  });

  it('a name typed with NUL and control characters is stored clean, without an error', async () => {
    const user = 'nul-profile';
    await say(app, user, '/start');
    await say(app, user, 'Đăng ký thông tin');
    await say(app, user, 'Đồng ý');
    const askPhone = await say(app, user, 'Lê\u0000 Văn\u0008 Tám');
    expect(texts(askPhone)).toContain('Số điện thoại');
    expect((await personOf('console', user)).name).toBe('Lê Văn Tám');
    const errors = app.logs.filter((l) => l.level === 50);
    expect(errors).toEqual([]);
  });
});
