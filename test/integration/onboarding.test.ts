import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/services/invites/create-invite.js';
import { consoleSession } from '../support/console-driver.js';
import { createCooperative } from '../support/factories.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function person(user: string) {
  const account = await app.db.prisma.channelAccount.findUniqueOrThrow({
    where: { channel_externalId: { channel: 'console', externalId: user } },
    include: { person: { include: { cooperative: true } } },
  });
  return account.person;
}

describe('first contact', () => {
  it('greets in Vietnamese with the main menu, and stores only the platform id', async () => {
    const chat = consoleSession(app.router);
    const line = await chat.send('/start');
    await chat.end();
    expect(line.replies).toHaveLength(1);
    expect(line.replies[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    const labels = line.replies[0]!.buttons!.flat().map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['📝 Đăng ký thông tin', '🔑 Nhập mã mời', '🔒 Dữ liệu của tôi', '❓ Trợ giúp']));
    const p = await person('console-user');
    expect(p).toMatchObject({ role: 'guest', name: null, phone: null, privacyConsentAt: null });
  });

  it('answers in English when the platform says the user speaks English', async () => {
    const replies = await say(app, 'eng', { text: '/start', localeHint: 'en-US' });
    expect(texts(replies)).toContain('Hello! I am HTX Assistant');
  });
});

describe('registering a profile', () => {
  it('asks consent first, then name and phone, re-asking politely on bad input', async () => {
    const chat = consoleSession(app.router);
    const u = (text: string) => chat.send({ user: 'lan', text });
    await u('/start');
    const notice = await u('Đăng ky thong tin'); // label typed loosely
    expect(notice.replies[0]!.text).toContain('Về dữ liệu cá nhân');
    expect((await person('lan')).privacyConsentAt).toBeNull();

    const askName = await u('dong y');
    expect(askName.replies[0]!.text).toContain('họ và tên');
    expect((await person('lan')).privacyConsentAt).toBeInstanceOf(Date);

    const badName = await u('12345');
    expect(badName.replies[0]!.text).toContain('Họ tên cần từ 2 đến 80 chữ cái');
    const askPhone = await u('  Trần   Thị Lan ');
    expect(askPhone.replies[0]!.text).toContain('Số điện thoại');
    // A number on a text question is an answer, not button 1.
    const badPhone = await u('1');
    expect(badPhone.replies[0]!.text).toContain('Số điện thoại chưa đúng');
    const done = await u('+84 912.345.678');
    expect(done.replies[0]!.text).toContain('Đã lưu thông tin. Cảm ơn anh/chị Trần Thị Lan!');
    await chat.end();
    expect(await person('lan')).toMatchObject({ name: 'Trần Thị Lan', phone: '0912345678' });
  });

  it('stores nothing personal when consent is declined', async () => {
    await say(app, 'minh', '/hoso');
    const r = await say(app, 'minh', 'Không đồng ý');
    expect(texts(r)).toContain('Tôi sẽ không lưu họ tên');
    expect(await person('minh')).toMatchObject({ name: null, phone: null, privacyConsentAt: null });
    // And the flow is over: free text is no longer taken as a name.
    expect(texts(await say(app, 'minh', 'Nguyễn Văn Minh'))).not.toContain('Số điện thoại');
  });

  it("takes a shared contact only when it is the user's own number", async () => {
    await say(app, 'hoa', '/hoso');
    await say(app, 'hoa', '1');
    await say(app, 'hoa', 'Lê Hoa');
    const other = await say(app, 'hoa', { contact: { phone: '0987654321', userId: 'someone-else' } });
    expect(texts(other)).toContain('của chính anh/chị');
    await say(app, 'hoa', { contact: { phone: '84987654321', userId: 'hoa' } });
    expect((await person('hoa')).phone).toBe('0987654321');
  });
});

describe('invites', () => {
  it('binds a director to the cooperative through a /start deep link, then asks consent', async () => {
    const coop = await createCooperative(app.db.prisma, { name: 'HTX Rau sạch Đà Lạt', province: 'Lâm Đồng', commune: 'Xã Xuân Thọ' });
    const invite = await createInvite(app.db.prisma, { role: 'director', cooperativeId: coop.id });
    const r = await say(app, 'dir', `/start ${invite.code}`);
    expect(texts(r)).toContain('Vai trò của anh/chị: Chủ nhiệm / Giám đốc HTX Rau sạch Đà Lạt');
    expect(texts(r)).toContain('Về dữ liệu cá nhân');
    expect(await person('dir')).toMatchObject({ role: 'director', cooperativeId: coop.id, province: 'Lâm Đồng', commune: 'Xã Xuân Thọ' });
    // Single use: a second person cannot reuse it.
    expect(texts(await say(app, 'dir2', `/start ${invite.code}`))).toContain('đã được dùng hết');
    expect((await person('dir2')).role).toBe('guest');
  });

  it('accepts a code typed loosely in the invite flow and refuses expired ones', async () => {
    const officer = await createInvite(app.db.prisma, { role: 'officer', province: 'Thái Nguyên', maxUses: 5 });
    const old = await createInvite(app.db.prisma, { role: 'officer', province: 'Thái Nguyên', now: new Date(Date.now() - 30 * 86_400_000) });
    await say(app, 'off', '/start');
    await say(app, 'off', '🔑 Nhập mã mời');
    expect(texts(await say(app, 'off', 'abc'))).toContain('Mã mời gồm 10 chữ và số');
    expect(texts(await say(app, 'off', old.code.toLowerCase()))).toContain('đã hết hạn');
    const spaced = `${officer.code.slice(0, 4)} ${officer.code.slice(4)}`.toLowerCase();
    expect(texts(await say(app, 'off', spaced))).toContain('Cán bộ quản lý – Thái Nguyên');
    expect(await person('off')).toMatchObject({ role: 'officer', province: 'Thái Nguyên', cooperativeId: null });
    const audit = await app.db.prisma.auditLog.findMany({ where: { action: 'invite.redeemed' } });
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

describe('language', () => {
  it('switches to English and back, remembered for the person', async () => {
    await say(app, 'lang', '/ngonngu');
    expect(texts(await say(app, 'lang', 'English'))).toContain('Switched to English');
    expect(texts(await say(app, 'lang', '/menu'))).toContain('What do you need?');
    expect((await person('lang')).locale).toBe('en');
    await say(app, 'lang', '/lang');
    expect(texts(await say(app, 'lang', '1'))).toContain('Đã chuyển sang tiếng Việt');
  });
});
