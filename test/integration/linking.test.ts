import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, InboundMessage } from '../../src/lib/messages.js';
import { createLinkCode, LINK_CODE_TTL_MS } from '../../src/services/people/create-link-code.js';
import { higherRole, mergePeople, redeemLinkCode, ROLE_ORDER } from '../../src/services/people/link-accounts.js';
import { markAccountBlocked } from '../../src/services/people/mark-account-blocked.js';
import { markAccountUnreachable } from '../../src/services/people/mark-account-unreachable.js';
import { pickReachableAccount } from '../../src/services/people/pick-reachable-account.js';
import { touchAccount } from '../../src/services/people/touch-account.js';
import { createCooperative, createDirector, createMember, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const LINK_LABEL = '🔗 Liên kết Zalo/Telegram';

const on = (channel: ChannelName, id: string, input: string | Partial<InboundMessage>) => sayOn(app, channel, id, input);
const tg = (id: string, input: string | Partial<InboundMessage>) => on('telegram', id, input);
const zalo = (id: string, input: string | Partial<InboundMessage>) => on('zalo_bot', id, input);

/** Sends the code, checks the confirmation names the other app, and confirms. */
async function confirmLink(id: string, code: string) {
  const ask = await zalo(id, `/lienket ${code}`);
  expect(texts(ask)).toContain('Mã này thuộc hồ sơ đang dùng trên Telegram');
  expect(labels(ask)).toEqual(['✅ Liên kết', 'Không liên kết']);
  return zalo(id, { action: 'link:confirm' });
}

function account(channel: ChannelName, externalId: string) {
  return db().channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId } }, include: { person: true } });
}

async function codeOf(personId: number) {
  const row = await db().linkCode.findFirstOrThrow({ where: { personId, usedAt: null }, orderBy: { createdAt: 'desc' } });
  return row.code;
}

/** "K7M2Q9XA" typed as "k7m2-q9xa". */
const sloppy = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();

describe('linking a Zalo account to a director on Telegram', () => {
  it("gives the Zalo account the director's person, role and cooperative; the guest person is gone", async () => {
    const htx = await createCooperative(db());
    const aId = await createDirector(db(), {
      cooperativeId: htx.id,
      province: htx.province,
      commune: htx.commune!,
      name: 'Nguyễn Văn An',
      phone: '0912345678',
      consent: true,
      accounts: { channel: 'telegram', externalId: 'tg-dir' },
    });

    const menu = await tg('tg-dir', '/menu');
    expect(labels(menu)).toContain(LINK_LABEL);
    const offer = await tg('tg-dir', { action: 'link' });
    const code = await codeOf(aId);
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
    expect(texts(offer)).toContain(`/lienket ${code}`);
    expect(texts(offer)).toContain('một lần, trong 15 phút');
    expect(offer[0]!.buttons!.flat()).toEqual([{ label: '⬅️ Về menu', action: 'menu:main' }]);

    expect(texts(await zalo('zl-1', '/start'))).toContain('Xin chào!');
    const bId = (await account('zalo_bot', 'zl-1')).personId;
    expect(bId).not.toBe(aId);

    const asked = await zalo('zl-1', `/lienket ${sloppy(code)}`);
    expect(texts(asked)).toMatch(/\(vai trò: .*HTX Thử nghiệm/);
    expect((await account('zalo_bot', 'zl-1')).personId).toBe(bId); // nothing happens before the confirmation
    const linked = await zalo('zl-1', '2'); // typed: the confirmation's second button
    expect(texts(linked)).toContain('Hai tài khoản vẫn tách riêng');
    expect((await account('zalo_bot', 'zl-1')).personId).toBe(bId);
    await confirmLink('zl-1', sloppy(code));
    const linkedAgain = await zalo('zl-1', '/menu');
    expect(labels(linkedAgain)).toContain('👤 Hồ sơ của tôi');
    expect(labels(linkedAgain)).not.toContain('🔑 Nhập mã mời');

    const z = await account('zalo_bot', 'zl-1');
    expect(z.personId).toBe(aId);
    expect(z.person).toMatchObject({ role: 'director', cooperativeId: htx.id, name: 'Nguyễn Văn An', phone: '0912345678' });
    expect(await db().person.findUnique({ where: { id: bId } })).toBeNull();
    expect((await db().linkCode.findUniqueOrThrow({ where: { code } })).usedAt).toBeInstanceOf(Date);

    // The Zalo chat now speaks for the same person.
    const data = await zalo('zl-1', '/dulieu');
    expect(texts(data)).toContain('Họ tên: Nguyễn Văn An');
    expect(texts(data)).toContain('Telegram, Zalo');

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'account.linked', subject: `person:${aId}` } });
    expect(audit.details).toMatchObject({ channels: ['telegram', 'zalo_bot'] });
    expect(JSON.stringify(audit)).not.toMatch(/Nguyễn|0912345678/);

    // One-time: nobody else can use it.
    expect(texts(await zalo('zl-2', `/lienket ${code}`))).toContain('đã được dùng rồi');
    expect((await account('zalo_bot', 'zl-2')).person.role).toBe('guest');
  });

  it('says "already linked" for accounts of one person, and does not consume the code', async () => {
    const aId = await createPerson(db(), { name: 'Trần Bình', consent: true, accounts: { channel: 'telegram', externalId: 'tg-same' } });
    await tg('tg-same', '/lienket');
    const first = await codeOf(aId);
    await confirmLink('zl-same', first);
    expect((await account('zalo_bot', 'zl-same')).personId).toBe(aId);

    await tg('tg-same', '/link');
    const second = await codeOf(aId);
    expect(second).not.toBe(first);
    expect(texts(await zalo('zl-same', `/lienket ${second}`))).toContain('đã được liên kết rồi');
    expect(texts(await tg('tg-same', `/lienket ${second}`))).toContain('đã được liên kết rồi');
    expect((await db().linkCode.findUniqueOrThrow({ where: { code: second } })).usedAt).toBeNull();
  });

  it('refuses an expired code, an unknown code and a malformed one', async () => {
    const aId = await createMember(db(), { cooperativeId: (await createCooperative(db())).id, accounts: { channel: 'telegram', externalId: 'tg-old' } });
    const { code } = await createLinkCode(db(), aId, new Date(Date.now() - LINK_CODE_TTL_MS - 60_000));
    expect(texts(await zalo('zl-old', `/lienket ${code}`))).toContain('đã hết hạn');
    expect((await account('zalo_bot', 'zl-old')).person.role).toBe('guest');
    expect(texts(await zalo('zl-old', '/lienket ABCD2345'))).toContain('Không tìm thấy mã liên kết');
    expect(texts(await zalo('zl-old', '/lienket abc'))).toContain('gồm 8 chữ và số');
  });

  it('refuses to merge two directors of different cooperatives, changing nothing', async () => {
    const x = await createCooperative(db());
    const y = await createCooperative(db(), { province: 'Thái Nguyên', commune: 'Xã Tân Cương' });
    const aId = await createDirector(db(), {
      cooperativeId: x.id,
      province: x.province,
      commune: x.commune!,
      accounts: { channel: 'telegram', externalId: 'tg-x' },
    });
    const bId = await createDirector(db(), {
      cooperativeId: y.id,
      province: y.province,
      commune: y.commune!,
      name: 'Lê Hoa',
      consent: true,
      accounts: { channel: 'zalo_bot', externalId: 'zl-y' },
    });
    await tg('tg-x', '/lienket');
    const code = await codeOf(aId);
    expect(texts(await confirmLink('zl-y', code))).toContain('hai HTX hoặc hai địa bàn khác nhau');
    expect((await account('zalo_bot', 'zl-y')).person).toMatchObject({ id: bId, role: 'director', cooperativeId: y.id, name: 'Lê Hoa' });
    expect((await account('telegram', 'tg-x')).person).toMatchObject({ id: aId, role: 'director', cooperativeId: x.id });
    expect((await db().linkCode.findUniqueOrThrow({ where: { code } })).usedAt).toBeNull();
  });

  it('refuses officers of two different provinces', async () => {
    const aId = await createOfficer(db(), { province: 'Hà Giang', accounts: { channel: 'telegram', externalId: 'tg-off-a' } });
    const bId = await createOfficer(db(), { province: 'Cao Bằng', accounts: { channel: 'zalo_oa', externalId: 'oa-off-b' } });
    const { code } = await createLinkCode(db(), aId);
    const b = await account('zalo_oa', 'oa-off-b');
    expect(await redeemLinkCode(db(), { code, accountId: b.id })).toEqual({ ok: false, reason: 'conflict' });
    expect(await db().person.findUnique({ where: { id: bId } })).not.toBeNull();
  });

  it('stops wrong guesses after 5 in 10 minutes, for that account only', async () => {
    const aId = await createPerson(db(), { consent: true, accounts: { channel: 'telegram', externalId: 'tg-rate' } });
    const { code } = await createLinkCode(db(), aId);
    for (let i = 0; i < 5; i++) expect(texts(await zalo('zl-rate', `/lienket ABCD234${i + 5}`))).toContain('Không tìm thấy');
    expect(texts(await zalo('zl-rate', `/lienket ${code}`))).toContain('nhập sai mã nhiều lần');
    expect((await db().linkCode.findUniqueOrThrow({ where: { code } })).usedAt).toBeNull();
    // Another account is not affected.
    expect(texts(await confirmLink('zl-rate-2', code))).toContain('Đã liên kết tài khoản');
  });

  it('shows the menu entry only to people with a consented profile or a role, and answers in English', async () => {
    expect(labels(await zalo('zl-new', '/start'))).not.toContain(LINK_LABEL);
    await createPerson(db(), { consent: true, accounts: { channel: 'zalo_bot', externalId: 'zl-consented' } });
    expect(labels(await zalo('zl-consented', '/menu'))).toContain(LINK_LABEL);
    await createPerson(db(), { consent: true, locale: 'en', accounts: { channel: 'telegram', externalId: 'tg-en' } });
    expect(labels(await tg('tg-en', '/menu'))).toContain('🔗 Link Zalo/Telegram');
    expect(texts(await tg('tg-en', '/link'))).toContain('The code works once, for 15 minutes.');
  });
});

describe('merging two people', () => {
  it('keeps the higher role', () => {
    expect(higherRole('guest', 'director')).toBe('director');
    expect(higherRole('admin', 'member')).toBe('admin');
    expect(higherRole('officer', 'director')).toBe('officer');
    for (const r of ROLE_ORDER) expect(higherRole(r, r)).toBe(r);
  });

  it("keeps a whole-province officer's jurisdiction when they are also a member of a cooperative", () => {
    const base = { name: null, phone: null, privacyConsentAt: null, locale: null, canReport: false };
    const member = { ...base, id: 1, role: 'member' as const, cooperativeId: 7, province: 'Lâm Đồng', commune: 'Xã Xuân Thọ' };
    const officer = { ...base, id: 2, role: 'officer' as const, cooperativeId: null, province: 'Lâm Đồng', commune: null, name: 'Võ Lan' };
    expect(mergePeople(member, officer)).toMatchObject({ role: 'officer', cooperativeId: 7, province: 'Lâm Đồng', commune: null, name: 'Võ Lan' });
    expect(mergePeople(member, { ...officer, commune: 'Xã Khác' })).toBeNull();
  });

  it("gives the code's person the redeemer's higher role; the code person's profile wins", async () => {
    const htx = await createCooperative(db());
    const aId = await createPerson(db(), { name: 'Phạm Thu', consent: true, locale: 'vi', accounts: { channel: 'telegram', externalId: 'tg-guest' } });
    await createMember(db(), {
      cooperativeId: htx.id,
      province: htx.province,
      commune: htx.commune!,
      name: 'Thu',
      phone: '0987654321',
      locale: 'en',
      consent: true,
      accounts: { channel: 'zalo_bot', externalId: 'zl-member' },
    });
    const { code } = await createLinkCode(db(), aId);
    const b = await account('zalo_bot', 'zl-member');
    const result = await redeemLinkCode(db(), { code: code.toLowerCase(), accountId: b.id });
    expect(result).toEqual({ ok: true, personId: aId, mergedPersonId: b.personId, channels: ['telegram', 'zalo_bot'] });
    expect(await db().person.findUniqueOrThrow({ where: { id: aId } })).toMatchObject({
      role: 'member',
      cooperativeId: htx.id,
      province: htx.province,
      commune: htx.commune,
      name: 'Phạm Thu',
      phone: '0987654321',
      locale: 'vi',
    });
    expect(await redeemLinkCode(db(), { code, accountId: b.id })).toEqual({ ok: false, reason: 'used' });
  });

  it('keeps only the newest unused code of a person', async () => {
    const aId = await createPerson(db(), { accounts: { channel: 'telegram', externalId: 'tg-codes' } });
    const first = await createLinkCode(db(), aId);
    const second = await createLinkCode(db(), aId);
    expect(await db().linkCode.findUnique({ where: { code: first.code } })).toBeNull();
    expect(second.expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
  });
});

describe('picking the account to reach a person on', () => {
  it('takes the most recently active reachable account, skipping opted-out, blocked, unreachable and console', async () => {
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    const person = await db().person.create({
      data: {
        accounts: {
          create: [
            { channel: 'telegram', externalId: 'r-tg', lastInboundAt: ago(60) },
            { channel: 'zalo_bot', externalId: 'r-zl', lastInboundAt: ago(10), unreachableAt: ago(5), unreachableReason: 'no interaction' },
            { channel: 'zalo_oa', externalId: 'r-oa', lastInboundAt: ago(1), optedOut: true },
            { channel: 'telegram', externalId: 'r-tg-blocked', lastInboundAt: ago(2) },
            { channel: 'console', externalId: 'r-console', lastInboundAt: ago(0) },
            { channel: 'zalo_bot', externalId: 'r-zl-silent' },
          ],
        },
      },
    });
    await markAccountBlocked(db(), 'telegram', 'r-tg-blocked');
    expect(await pickReachableAccount(db(), person.id)).toMatchObject({ channel: 'telegram', externalId: 'r-tg' });

    await markAccountUnreachable(db(), 'telegram', 'r-tg', 'not a follower');
    expect((await account('telegram', 'r-tg')).unreachableReason).toBe('not a follower');
    // Never active comes last, but is still reachable.
    expect(await pickReachableAccount(db(), person.id)).toMatchObject({ externalId: 'r-zl-silent' });

    // Writing again makes an account reachable.
    const zl = await account('zalo_bot', 'r-zl');
    await touchAccount(db(), zl.id, { at: new Date() });
    expect(await account('zalo_bot', 'r-zl')).toMatchObject({ unreachableAt: null, unreachableReason: null });
    expect(await pickReachableAccount(db(), person.id)).toMatchObject({ externalId: 'r-zl' });

    // A mark older than the last message does not count either.
    await db().channelAccount.update({ where: { id: zl.id }, data: { unreachableAt: ago(30) } });
    expect(await pickReachableAccount(db(), person.id)).toMatchObject({ externalId: 'r-zl' });

    const lonely = await db().person.create({ data: { accounts: { create: [{ channel: 'console', externalId: 'r-only-console' }] } } });
    expect(await pickReachableAccount(db(), lonely.id)).toBeNull();
  });

  it('an account marked unreachable becomes reachable when the user writes through the bot', async () => {
    const id = await createPerson(db(), { consent: true, accounts: { channel: 'zalo_oa', externalId: 'oa-back' } });
    await markAccountUnreachable(db(), 'zalo_oa', 'oa-back', 'window closed');
    expect(await pickReachableAccount(db(), id)).toBeNull();
    await on('zalo_oa', 'oa-back', '/menu');
    expect(await pickReachableAccount(db(), id)).toMatchObject({ channel: 'zalo_oa', externalId: 'oa-back' });
  });
});

describe('logs', () => {
  it('logged no errors', () => {
    expect(app.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
