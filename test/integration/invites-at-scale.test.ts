import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as invitesCommand } from '../../scripts/admin/invites.js';
import type { Db } from '../../src/db/database.js';
import { createAreaInvites } from '../../src/services/invites/create-area-invites.js';
import { createInvite } from '../../src/services/invites/create-invite.js';
import { formatInviteCode } from '../../src/services/invites/invite-code.js';
import { CARDS_PER_PAGE, writeInviteSheet } from '../../src/services/invites/invite-sheet-pdf.js';
import { queueInviteMessages } from '../../src/services/invites/queue-invite-messages.js';
import { consoleSession } from '../support/console-driver.js';
import { createCooperative, createDirector, createOfficer, createPerson } from '../support/factories.js';
import { readPdf } from '../support/read-pdf.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
const db = (): Db => app.db.prisma;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const PROVINCE = 'Đắk Lắk';

/** A director imported from the register: a person on record with no chat account. */
const pendingDirector = (cooperativeId: number, name: string, phone: string) => createDirector(db(), { cooperativeId, name, phone });

async function personOf(channel: string, externalId: string) {
  const account = await db().channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId } }, include: { person: true } });
  return account.person;
}

/** Runs `npm run admin -- invites …` in process: its exit code and what it printed. */
async function admin(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await invitesCommand(app.db, ['invites', ...args]);
    return { code, out, err, last: JSON.parse(out.at(-1) ?? 'null') as Record<string, unknown> | null };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('redeeming an invite made for a director on record', () => {
  it('makes the chat account that person, keeping the register’s name and phone, in a real conversation', async () => {
    const coop = await createCooperative(db(), { name: 'HTX Cà phê Ea Tul', province: PROVINCE, commune: 'Xã Ea Súp' });
    const directorId = await pendingDirector(coop.id, 'Y Bhăm Niê', '+84912000111');
    const invite = await createInvite(db(), { role: 'director', cooperativeId: coop.id, personId: directorId, validDays: 60 });
    expect(invite.code).toMatch(/^[A-Z2-9]{10}$/);

    const chat = consoleSession(app.router);
    await chat.send({ user: 'ybham', text: '/start' });
    const guestId = (await personOf('console', 'ybham')).id;
    await db().question.create({ data: { askerId: guestId, text: 'Vay vốn thế nào?' } });
    // Typed the way it is printed, in its two groups.
    const [first, second] = formatInviteCode(invite.code).split('-');
    const line = await chat.send({ user: 'ybham', text: `/moi ${first!.toLowerCase()} ${second}` });
    await chat.end();
    expect(line.replies[0]!.text).toContain('✅ Đã xác nhận');
    expect(line.replies[0]!.text).toContain('HTX Cà phê Ea Tul');

    const now = await personOf('console', 'ybham');
    expect(now).toMatchObject({ id: directorId, role: 'director', cooperativeId: coop.id, name: 'Y Bhăm Niê', phone: '+84912000111', province: PROVINCE });
    expect(await db().person.findUnique({ where: { id: guestId } })).toBeNull(); // the empty guest merged away
    expect(await db().question.count({ where: { askerId: directorId } })).toBe(1); // what the guest asked moved along
    expect(await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ uses: 1 });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'invite.redeemed', subject: `invite:${invite.id}` } });
    expect(audit).toMatchObject({ actorId: directorId, details: { role: 'director', mergedPersonId: guestId } });

    // And the next message is answered as the director (the identity cache forgot the guest).
    const menu = await sayOn(app, 'console', 'ybham', '/start');
    expect(texts(menu)).not.toContain('Nhập mã mời');
  });

  it('works from the Telegram deep link (/start <code>)', async () => {
    const coop = await createCooperative(db(), { province: PROVINCE, commune: 'Xã Ea Súp' });
    const directorId = await pendingDirector(coop.id, 'Nguyễn Thị Hoa', '0987000222');
    const invite = await createInvite(db(), { role: 'director', cooperativeId: coop.id, personId: directorId });
    const replies = await sayOn(app, 'telegram', '7001', `/start ${invite.code}`);
    expect(texts(replies)).toContain('✅ Đã xác nhận');
    expect(await personOf('telegram', '7001')).toMatchObject({ id: directorId, role: 'director', cooperativeId: coop.id, name: 'Nguyễn Thị Hoa' });
  });

  it('refuses politely, and changes nothing, when the account already has another role', async () => {
    const coop = await createCooperative(db(), { province: PROVINCE, commune: 'Xã Ea Súp' });
    const directorId = await pendingDirector(coop.id, 'Lê Văn Tám', '0987000333');
    const invite = await createInvite(db(), { role: 'director', cooperativeId: coop.id, personId: directorId });
    const officerId = await createOfficer(db(), { province: PROVINCE, name: 'Cán bộ Hà', accounts: 'officer-ha' });

    const replies = await sayOn(app, 'console', 'officer-ha', `/moi ${invite.code}`);
    expect(texts(replies)).toContain('tài khoản này đã gắn với vai trò hoặc HTX khác');
    expect(await personOf('console', 'officer-ha')).toMatchObject({ id: officerId, role: 'officer', province: PROVINCE, cooperativeId: null });
    expect(await db().person.findUniqueOrThrow({ where: { id: directorId }, include: { accounts: true } })).toMatchObject({ accounts: [] });
    expect(await db().invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ uses: 0 });
    // Audited, but not counted as a wrong guess.
    expect(await db().auditLog.count({ where: { actorId: officerId, action: 'invite.refused' } })).toBe(1);
    expect(await db().auditLog.count({ where: { actorId: officerId, action: 'invite.wrong_code' } })).toBe(0);

    // Once someone joined as that person, the invite is spent for anyone else.
    await sayOn(app, 'console', 'tam', `/moi ${invite.code}`);
    expect((await personOf('console', 'tam')).id).toBe(directorId);
    const late = await sayOn(app, 'console', 'someone-else', `/moi ${invite.code}`);
    expect(texts(late)).toContain('đã được dùng hết');
  });
});

describe('invites create', () => {
  it('invites each director without an account and each cooperative without a director, once', async () => {
    const province = 'Lâm Đồng';
    const a = await createCooperative(db(), { name: 'HTX A', province, commune: 'Xã Lạc Dương' });
    const b = await createCooperative(db(), { name: 'HTX B', province, commune: 'Xã Lạc Dương' });
    const c = await createCooperative(db(), { name: 'HTX C', province, commune: 'Xã Lạc Dương' });
    await createCooperative(db(), { name: 'HTX D (giải thể)', province, commune: 'Xã Lạc Dương', status: 'dissolved' });
    await createCooperative(db(), { name: 'HTX other province', province: 'Gia Lai', commune: 'Xã Xuân An' });
    const pendingA = await pendingDirector(a.id, 'Trần Văn A', '0912000444');
    await createDirector(db(), { cooperativeId: b.id, name: 'Joined B', accounts: 'joined-b' }); // already joined

    const first = await admin('create', '--province', 'lam dong', '--role', 'director');
    expect(first.code).toBe(0);
    expect(first.last).toEqual({ created: 2 });
    const invites = await db().invite.findMany({ where: { cooperativeId: { in: [a.id, b.id, c.id] } }, orderBy: { cooperativeId: 'asc' } });
    expect(invites.map((i) => [i.cooperativeId, i.personId, i.role, i.maxUses])).toEqual([
      [a.id, pendingA, 'director', 1],
      [c.id, null, 'director', 1],
    ]);
    const days = (invites[0]!.expiresAt.getTime() - invites[0]!.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(60);

    const again = await admin('create', '--province', 'Lâm Đồng', '--role', 'director');
    expect(again.last).toEqual({ created: 0 });

    // A revoked invite no longer counts: a fresh one is made.
    await db().invite.update({ where: { id: invites[1]!.id }, data: { revokedAt: new Date() } });
    expect((await admin('create', '--province', 'Lâm Đồng', '--commune', 'xa lac duong', '--role', 'director')).last).toEqual({ created: 1 });
  });

  it('refuses an unknown area or a missing role with a usage error', async () => {
    const unknown = await admin('create', '--province', 'Atlantis', '--role', 'director');
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toContain('Unknown province "Atlantis"');
    expect((await admin('create', '--province', 'Lâm Đồng')).code).toBe(2);
  });
});

describe('invites sheet', () => {
  it('prints one card per open director invite, with QR codes that decode to the right deep links', async () => {
    const province = 'Gia Lai';
    const commune = 'Xã Phù Cát';
    const names = [
      'HTX Nông nghiệp Ia Rvê',
      'HTX Dịch vụ Đồng Tâm',
      'Tổ hợp tác Rau sạch Ea Súp',
      'HTX Cà phê Hòa Bình',
      'HTX Mây tre đan',
      'HTX Chăn nuôi Ia Lốp',
      'HTX Lúa gạo',
      'HTX Hồ tiêu',
      'HTX Điều Thuận Phát',
    ];
    for (const [i, name] of names.entries()) {
      const coop = await createCooperative(db(), { name, province, commune });
      if (i % 2 === 0) await pendingDirector(coop.id, `Giám đốc số ${i + 1} Đặng`, `09120005${String(i).padStart(2, '0')}`);
    }
    expect((await admin('create', '--province', 'gia lai', '--commune', 'phu cat', '--role', 'director')).last).toEqual({ created: 9 });

    const links = { telegramBotUsername: 'TroLyHtxBot', zaloOaLink: 'https://zalo.me/2961857761415564889' };
    const { pdf, cards } = await writeInviteSheet(db(), { area: { province, commune }, links });
    expect(cards).toHaveLength(9); // not the cooperative of Xã Xuân An
    const read = await readPdf(pdf);
    expect(read.pages).toHaveLength(Math.ceil(cards.length / CARDS_PER_PAGE));
    expect(read.fonts.every((f) => /\+DejaVuSans(-Bold)?$/.test(f))).toBe(true);

    const text = read.pages.map((p) => p.text).join('\n');
    for (const card of cards) {
      expect(text).toContain(card.cooperativeName);
      const [first, second] = formatInviteCode(card.code).split('-');
      expect(text).toContain(`${first}\n${second}`);
      expect(text).toContain(`/moi ${card.code}`);
    }
    expect(text).toContain('Giám đốc: Giám đốc số 1 Đặng');
    expect(text).toContain('Telegram: quét mã QR Telegram rồi bấm «Bắt đầu» (Start).');
    expect(text).toContain('Zalo: quét mã Zalo, bấm «Quan tâm», rồi nhắn:');

    // Each card: a Telegram QR for its own code, then the OA's QR, in the order the cards are drawn.
    const qr = read.pages.flatMap((p) => p.qrCodes);
    expect(qr).toHaveLength(cards.length * 2);
    expect(qr.filter((_, i) => i % 2 === 0)).toEqual(cards.map((c) => `https://t.me/TroLyHtxBot?start=${c.code}`));
    expect(qr.filter((_, i) => i % 2 === 1)).toEqual(cards.map(() => links.zaloOaLink));
    const typedCodes = [...text.matchAll(/\/moi ([A-Z2-9]{10})/g)].map((m) => m[1]);
    expect(typedCodes).toEqual(cards.map((c) => c.code));
  });

  it('leaves a channel that is not configured off the cards, and the CLI says so', async () => {
    const out = `${process.env.TMPDIR ?? '/tmp'}/moi-${process.pid}.pdf`;
    const r = await admin('sheet', '--province', 'Gia Lai', '--commune', 'Xã Phù Cát', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err.join('\n')).toMatch(/TELEGRAM_BOT_USERNAME is not set|ZALO_OA_LINK is not set/);
    const { readFile, rm } = await import('node:fs/promises');
    const read = await readPdf(await readFile(out));
    await rm(out);
    expect(r.last).toMatchObject({ cards: 9, pages: 2 });
    const qr = read.pages.flatMap((p) => p.qrCodes);
    if (!process.env.TELEGRAM_BOT_USERNAME) expect(qr.some((q) => q.startsWith('https://t.me/'))).toBe(false);
  });
});

describe('invites send', () => {
  it('sends the invite in chat to a director who already wrote to the bot with the same name and phone, once', async () => {
    const province = 'Thành phố Hà Nội';
    const coop = await createCooperative(db(), { name: 'HTX Rau an toàn Văn Đức', province, commune: 'Phường Hoàn Kiếm' });
    const directorId = await pendingDirector(coop.id, 'Phạm Văn Đức', '+84912000999');
    const other = await createCooperative(db(), { name: 'HTX Khác', province, commune: 'Phường Hoàn Kiếm' });
    await pendingDirector(other.id, 'Vũ Thị Lan', '+84912000888');
    await createAreaInvites(db(), { area: { province } });
    // Đức wrote to the bot on Telegram and gave his name and phone; someone else typed Lan's phone under another name.
    const ducGuest = await createPerson(db(), {
      name: 'Pham Van Duc',
      phone: '0912000999',
      consent: true,
      accounts: { channel: 'telegram', externalId: '8001', lastInboundAt: new Date() },
    });
    await createPerson(db(), {
      name: 'Kẻ Giả Mạo',
      phone: '0912000888',
      consent: true,
      accounts: { channel: 'telegram', externalId: '8002', lastInboundAt: new Date() },
    });

    const dry = await admin('send', '--province', 'ha noi', '--dry-run');
    expect(dry.last).toMatchObject({ sent: 0, dry_run: true, would_send: 1 });
    expect(await db().outboxMessage.count({ where: { topic: { startsWith: 'invite:' } } })).toBe(0);

    const sent = await admin('send', '--province', 'ha noi');
    expect(sent.last).toEqual({ sent: 1 });
    expect(sent.err.join('\n')).toContain('1 name differs');
    const row = await db().outboxMessage.findFirstOrThrow({ where: { topic: { startsWith: 'invite:' } } });
    const invite = await db().invite.findFirstOrThrow({ where: { personId: directorId } });
    expect(row).toMatchObject({ personId: ducGuest, topic: `invite:${invite.id}`, status: 'pending' });
    const message = row.message as { text: string; buttons: { label: string; action: string }[][] };
    expect(message.text).toContain('Giám đốc HTX Rau an toàn Văn Đức');
    expect(message.text).toContain(formatInviteCode(invite.code));
    expect(message.buttons[0]![0]).toEqual({ label: '🔑 Nhận lời mời', action: `invite:${invite.code}` });
    expect((await admin('send', '--province', 'Thành phố Hà Nội')).last).toEqual({ sent: 0 }); // queued once

    // He presses the button: his account becomes the director on record.
    const replies = await sayOn(app, 'telegram', '8001', { action: `invite:${invite.code}` });
    expect(texts(replies)).toContain('✅ Đã xác nhận');
    expect(await personOf('telegram', '8001')).toMatchObject({ id: directorId, role: 'director', name: 'Phạm Văn Đức', cooperativeId: coop.id });
    // The queued message moved with him (one row per topic and person).
    expect(await db().outboxMessage.count({ where: { personId: directorId, topic: `invite:${invite.id}` } })).toBe(1);
  });

  it('queues nothing for directors nobody matched', async () => {
    const r = await queueInviteMessages(db(), { area: { province: 'Lâm Đồng' }, compose: () => ({ text: 'x' }) });
    expect(r.queued).toBe(0);
    expect(r.notSent.no_match + r.notSent.no_phone).toBeGreaterThan(0);
  });
});
