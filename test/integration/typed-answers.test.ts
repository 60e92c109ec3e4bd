/**
 * Typed answers everywhere (issue 17, part 1): a typed number, label or yes/no answers the latest
 * message with buttons in the chat, including an announcement that came through the outbox.
 *
 * Cases tried as a new user, replayed against the router as it was before this change (each is
 * asserted below; all failed then except "a reply shown after" and `dung` asking first):
 * - `/start`, then an announcement of a training arrives, then `1`: it pressed "📝 Đăng ký
 *   thông tin" of the older main menu and opened the privacy-consent step; no RSVP was kept;
 * - after the announcement, any typed answer (`2`, even the exact label "Không tham dự", `khong
 *   tham du`, `co tham du`, `tham dự`, `bận`, `đi`, `có`, `ok`): no RSVP, since the chat's saved
 *   menu knew nothing of the announcement (the outbox sends it); the words went to the policy search;
 * - after the announcement, a label of the older menu: pressed it silently;
 * - `dung` right after a policy answer (its suggestions keep the flow `qa` open) answered "Đã hủy.":
 *   the README promises to ask first there as in any idle chat; it now asks;
 * - `dung` in an idle chat asked first already (README, Announcements: "dung" may be "đúng"; `dừng`
 *   and `STOP` opt out at once, subscription.test.ts); the answer `co` / `ok` to that question was
 *   no button label, so it went to the policy search: it now turns announcements off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementMessage } from '../../src/handlers/announcements/announcement-text.js';
import type { AnnouncementKind } from '../../src/generated/prisma/enums.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { createCooperative, createMember } from '../support/factories.js';
import { createTestApp, labels, say, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const DAY = 24 * 3_600_000;
const TITLE = 'Tập huấn kế toán HTX';

async function personOf(user: string): Promise<number> {
  const a = await db().channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel: 'console', externalId: user } } });
  return a.personId;
}

/** An announcement sent to these console users now (an outbox copy marked sent, as the console lane does). */
async function announce(users: string[], o: { kind?: AnnouncementKind; registerBy?: Date; locale?: 'vi' | 'en' } = {}): Promise<number> {
  const startsAt = new Date(Date.now() + 10 * DAY);
  const a = await db().announcement.create({
    data: {
      kind: o.kind ?? 'training',
      title: TITLE,
      body: 'Nội dung tập huấn.',
      startsAt,
      place: 'Hội trường xã',
      registerBy: o.registerBy ?? new Date(startsAt.getTime() - 2 * DAY),
      audience: 'both',
      status: 'sending',
      queuedAt: new Date(),
    },
  });
  const message = announcementMessage(app.translator(o.locale ?? 'vi'), a);
  for (const user of users) {
    await db().outboxMessage.create({
      data: {
        topic: `announcement:${a.id}`,
        personId: await personOf(user),
        announcementId: a.id,
        message: message as unknown as Prisma.InputJsonValue,
        status: 'sent',
        sentAt: new Date(),
        channel: 'console',
        externalId: user,
      },
    });
  }
  return a.id;
}

const rsvpOf = async (announcementId: number, user: string) =>
  (await db().rsvp.findUnique({ where: { announcementId_personId: { announcementId, personId: await personOf(user) } } }))?.attending ?? null;

let coopId: number;
beforeAll(async () => {
  coopId = (await createCooperative(db(), { name: 'HTX Kim Bảng', province: 'Hà Nam', commune: 'Xã Kim Bảng' })).id;
});

describe('after an announcement, typing answers it (the latest message with buttons)', () => {
  it('"1" after /start and an announcement records "will attend", not the older menu\'s "Đăng ký thông tin"', async () => {
    expect(labels(await say(app, 'ta-new', '/start'))[0]).toBe('📝 Đăng ký thông tin');
    const ann = await announce(['ta-new']);
    const r = await say(app, 'ta-new', '1');
    expect(texts(r)).toContain(`✅ Đã ghi nhận anh/chị sẽ tham dự «${TITLE}»`);
    expect(texts(r)).not.toMatch(/đồng ý|họ tên/i);
    expect(await rsvpOf(ann, 'ta-new')).toBe(true);
    const st = await db().conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: 'ta-new' } } });
    expect(st?.flow).toBeNull();
  });

  it.each([
    ['Không tham dự', false],
    ['khong tham du', false],
    ['ko tham du', false],
    ['bận', false],
    ['ban', false],
    ['không', false],
    ['ko', false],
    ['2', false],
    ['co tham du', true],
    ['tham dự', true],
    ['tham du', true],
    ['đi', true],
    ['có', true],
    ['ok', true],
    ['được', true],
    ['ừ', true],
    ['Tôi sẽ tham dự', true],
  ] as const)('"%s" records attending=%s in the Rsvp table', async (typed, attending) => {
    const user = `ta-${typed}`;
    await createMember(db(), { cooperativeId: coopId, accounts: user });
    await say(app, user, '/menu');
    const ann = await announce([user]);
    const r = await say(app, user, typed);
    expect(texts(r)).toContain(attending ? 'Đã ghi nhận anh/chị sẽ tham dự' : 'Đã ghi nhận anh/chị không tham dự');
    expect(await rsvpOf(ann, user)).toBe(attending);
  });

  it('changes the answer by typing the other one after the acknowledgement', async () => {
    await createMember(db(), { cooperativeId: coopId, accounts: 'ta-change' });
    const ann = await announce(['ta-change']);
    await say(app, 'ta-change', 'tham du');
    expect(await rsvpOf(ann, 'ta-change')).toBe(true);
    expect(texts(await say(app, 'ta-change', 'khong tham du'))).toContain('Đã đổi: anh/chị không tham dự');
    expect(await rsvpOf(ann, 'ta-change')).toBe(false);
  });

  it('answers in English for an English speaker ("no", "yes")', async () => {
    await createMember(db(), { cooperativeId: coopId, locale: 'en', accounts: 'ta-en' });
    const ann = await announce(['ta-en'], { locale: 'en' });
    expect(texts(await say(app, 'ta-en', 'no'))).toContain('Noted: you will not attend');
    expect(await rsvpOf(ann, 'ta-en')).toBe(false);
    expect(texts(await say(app, 'ta-en', 'yes'))).toContain('you will attend');
    expect(await rsvpOf(ann, 'ta-en')).toBe(true);
  });

  it('after registration closed, says so politely and records nothing', async () => {
    for (const typed of ['tham dự', '1', 'bận']) {
      const user = `ta-late-${typed}`;
      await createMember(db(), { cooperativeId: coopId, accounts: user });
      const ann = await announce([user], { registerBy: new Date(Date.now() - DAY) });
      expect(texts(await say(app, user, typed))).toContain(`Đã hết hạn đăng ký «${TITLE}»`);
      expect(await rsvpOf(ann, user)).toBeNull();
    }
  });

  it('a label or number of the older menu gets "the menu has changed" with the announcement\'s buttons, never a press', async () => {
    await createMember(db(), { cooperativeId: coopId, accounts: 'ta-old' });
    await say(app, 'ta-old', '/menu');
    const ann = await announce(['ta-old']);
    for (const typed of ['Dữ liệu của tôi', 'du lieu cua toi', '5']) {
      const r = await say(app, 'ta-old', typed);
      expect(texts(r)).toBe('Các lựa chọn đã thay đổi (đã có tin nhắn mới hơn). Mời anh/chị chọn lại trong danh sách dưới đây.');
      expect(labels(r)).toEqual(['✅ Tôi sẽ tham dự', 'Không tham dự']);
    }
    expect(await rsvpOf(ann, 'ta-old')).toBeNull();
    // The announcement's buttons are still the menu: "2" answers it.
    await say(app, 'ta-old', '2');
    expect(await rsvpOf(ann, 'ta-old')).toBe(false);
  });

  it('a reply shown after the announcement is the latest menu again', async () => {
    await createMember(db(), { cooperativeId: coopId, accounts: 'ta-after' });
    const ann = await announce(['ta-after']);
    const menu = await say(app, 'ta-after', '/ngonngu');
    expect(labels(menu)[1]).toBe('English');
    expect(texts(await say(app, 'ta-after', '2'))).toContain('Switched to English');
    expect(await rsvpOf(ann, 'ta-after')).toBeNull();
  });
});

describe('typed answers on any step with buttons', () => {
  it('a label of the menu before the current one gets "the menu has changed"', async () => {
    await say(app, 'ta-prev', '/ngonngu');
    await say(app, 'ta-prev', '/menu');
    const r = await say(app, 'ta-prev', 'English');
    expect(texts(r)).toContain('Các lựa chọn đã thay đổi');
    expect(labels(r)).toContain('❓ Trợ giúp');
    const p = await db().person.findUniqueOrThrow({ where: { id: await personOf('ta-prev') } });
    expect(p.locale).not.toBe('en');
  });

  it('"dung" in an idle chat asks first; "co" / "ok" then opts out, "ko" keeps announcements', async () => {
    expect(texts(await say(app, 'ta-dung', 'dung'))).toContain('Anh/chị muốn tắt thông báo tập huấn, hội chợ?');
    expect(texts(await say(app, 'ta-dung', 'ko'))).not.toContain('Đã tắt');
    const p1 = await db().person.findUniqueOrThrow({ where: { id: await personOf('ta-dung') } });
    expect(p1.announcementsOffAt).toBeNull();
    for (const yes of ['co', 'ok']) {
      const user = `ta-dung-${yes}`;
      expect(texts(await say(app, user, 'dung'))).not.toContain('Đã hủy');
      expect(texts(await say(app, user, yes))).toContain('Đã tắt thông báo tập huấn, hội chợ.');
      const p = await db().person.findUniqueOrThrow({ where: { id: await personOf(user) } });
      expect(p.announcementsOffAt).toBeInstanceOf(Date);
    }
  });

  it('"dung" after a policy answer (its suggestions wait in the chat) asks too, not "Đã hủy."; "dừng" opts out at once', async () => {
    await say(app, 'ta-dung-qa', 'vay vốn');
    const ask = texts(await say(app, 'ta-dung-qa', 'dung'));
    expect(ask).not.toContain('Đã hủy');
    expect(ask).toContain('Anh/chị muốn tắt thông báo tập huấn, hội chợ?');
    expect(texts(await say(app, 'ta-dung-qa', 'có'))).toContain('Đã tắt thông báo tập huấn, hội chợ.');
    await say(app, 'ta-dung-qa2', 'thủ tục thành lập htx');
    expect(texts(await say(app, 'ta-dung-qa2', 'dừng'))).toContain('Đã tắt thông báo tập huấn, hội chợ.');
    for (const user of ['ta-dung-qa', 'ta-dung-qa2']) {
      const p = await db().person.findUniqueOrThrow({ where: { id: await personOf(user) } });
      expect(p.announcementsOffAt).toBeInstanceOf(Date);
    }
  });

  it('"dung" after an announcement asks too (it is no answer to the announcement)', async () => {
    await createMember(db(), { cooperativeId: coopId, accounts: 'ta-dung-ann' });
    const ann = await announce(['ta-dung-ann']);
    expect(texts(await say(app, 'ta-dung-ann', 'dung'))).toContain('Anh/chị muốn tắt thông báo');
    expect(await rsvpOf(ann, 'ta-dung-ann')).toBeNull();
  });
});
