import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCooperative, createDirector, createMember, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, labels, say, texts, type TestApp, actions } from '../support/test-app.js';

/**
 * Issue 17, part 4: clearly off-topic questions are declined with the menu and never reach the
 * officers' queue (Question rows, their notifications, the UnansweredQuestion list of the knowledge
 * base's gaps); farming technique is pointed to the extension service; cooperative questions work
 * as before. Part 5: help lists the commands of the person's role; /chinhsach leads back to the menu.
 */
let app: TestApp;
let memberId: number;
beforeAll(async () => {
  app = await createTestApp();
  const htx = await createCooperative(app.db.prisma);
  memberId = await createMember(app.db.prisma, { cooperativeId: htx.id, consent: true, name: 'Xã viên A', accounts: 'ot-member' });
  await createDirector(app.db.prisma, { cooperativeId: htx.id, consent: true, name: 'Chủ nhiệm B', accounts: 'ot-director' });
  await createOfficer(app.db.prisma, { province: 'Lâm Đồng', consent: true, name: 'Cán bộ C', accounts: 'ot-officer' });
  await createPerson(app.db.prisma, { accounts: 'ot-guest' });
  await createMember(app.db.prisma, { cooperativeId: htx.id, locale: 'en', consent: true, name: 'Member E', accounts: 'ot-member-en' });
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
/** The rows an officer's queue is made of: questions sent to officers, and unanswered questions for the knowledge base. */
const queue = async () => ({ questions: await db().question.count(), unanswered: await db().unansweredQuestion.count() });
const MAIN_MENU = '📚 Chính sách hỗ trợ HTX';

describe('off-topic questions', () => {
  it.each([
    'ket qua xo so mien bac hom nay',
    'gia vang sjc hom nay bao nhieu',
    'giá lúa hôm nay ở Đồng Tháp bao nhiêu 1 ký',
    'thoi tiet da lat ngay mai',
    'ke cho toi nghe mot truyen cuoi',
    'em bi dau da day uong thuoc gi',
    'toi nay doi tuyen Viet Nam da bong voi ai',
  ])('declines «%s» with the main menu, and offers no officer', async (q) => {
    const before = await queue();
    const replies = await say(app, 'ot-member', q);
    expect(texts(replies)).toContain('nằm ngoài phạm vi của Trợ lý HTX');
    expect(labels(replies)).toContain(MAIN_MENU);
    expect(actions(replies)).not.toContain('ask');
    expect(await queue()).toEqual(before);
    // No question is kept for "ask an officer" afterwards.
    const state = await db().conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: 'ot-member' } } });
    expect(state?.flow ?? null).toBeNull();
  });

  it('declines in the person’s language', async () => {
    const replies = await say(app, 'ot-member-en', 'What is the gold price today?');
    expect(texts(replies)).toContain('outside what HTX Assistant covers');
    expect(actions(replies)).not.toContain('ask');
  });

  it('is not sent to officers through "ask an officer" either', async () => {
    const before = await queue();
    expect(texts(await say(app, 'ot-member', { action: 'ask' }))).toContain('Anh/chị gõ câu hỏi');
    const replies = await say(app, 'ot-member', 'xo so vietlott hom nay ra so may');
    expect(texts(replies)).toContain('nằm ngoài phạm vi của Trợ lý HTX');
    expect(labels(replies)).toContain(MAIN_MENU);
    expect(await queue()).toEqual(before);
    expect(await db().question.count({ where: { askerId: memberId } })).toBe(0);
  });
});

describe('farming technique', () => {
  it.each(['lua bi ray nau phun thuoc gi', 'Cây cà phê bị vàng lá thì bón phân gì?', 'heo nha em bi sot bo an thi chua the nao'])(
    'points «%s» to khuyến nông, not to an officer',
    async (q) => {
      const before = await queue();
      const replies = await say(app, 'ot-director', q);
      const text = texts(replies);
      expect(text).toContain('khuyến nông');
      expect(text).toContain('Trung tâm Khuyến nông tỉnh');
      expect(text).not.toMatch(/\d{3}[ .]?\d{3,4}[ .]?\d{3,4}/); // no phone number
      expect(labels(replies)).toContain(MAIN_MENU);
      expect(actions(replies)).not.toContain('ask');
      expect(await queue()).toEqual(before);
    },
  );
});

describe('cooperative questions', () => {
  it('still answers one that mentions a price or tax, with "ask an officer"', async () => {
    const replies = await say(app, 'ot-member', 'htx thu phi dich vu lam dat cua xa vien thi co phai nop thue khong');
    expect(texts(replies)).not.toContain('nằm ngoài phạm vi');
    expect(texts(replies)).not.toContain('khuyến nông');
    expect(actions(replies)).toContain('ask');
  });

  it('still offers an officer what the knowledge base cannot answer, and sends it', async () => {
    const q = 'giá dịch vụ tưới tiêu HTX thu của xã viên hôm nay là bao nhiêu thì đúng quy định';
    const before = await queue();
    const replies = await say(app, 'ot-member', q);
    expect(texts(replies)).not.toContain('nằm ngoài phạm vi');
    expect(actions(replies)).toContain('ask');
    const confirm = await say(app, 'ot-member', { action: 'ask' });
    expect(texts(confirm)).toContain(q);
    await say(app, 'ot-member', { action: 'ask:send' });
    expect((await queue()).questions).toBe(before.questions + 1);
    expect(await db().question.findFirst({ where: { askerId: memberId, text: q } })).not.toBeNull();
  });
});

describe('help (/trogiup) shows the commands of the person’s role', () => {
  const OFFICER_ONLY = ['/duyetbaocao', '/thongbao', '/ketquathongbao', '/xuatbaocao', '/chitieu', '/dangnhap'];

  it('a member: no officers’ tools, no reports', async () => {
    const text = texts(await say(app, 'ot-member', '/trogiup'));
    expect(text).toContain('/chinhsach');
    expect(text).toContain('/cauhoi – câu hỏi gửi cán bộ');
    expect(text).toContain('/tatthongbao');
    for (const c of [...OFFICER_ONLY, '/baocao', '/uyquyen']) expect(text, c).not.toContain(c);
  });

  it('a director: the reports and delegation, no officers’ tools', async () => {
    const text = texts(await say(app, 'ot-director', '/help'));
    expect(text).toContain('/baocao');
    expect(text).toContain('/uyquyen');
    for (const c of [...OFFICER_ONLY, '/moi']) expect(text, c).not.toContain(c);
  });

  it('an officer: the officers’ tools, not the cooperative’s', async () => {
    const text = texts(await say(app, 'ot-officer', '/trogiup'));
    for (const c of OFFICER_ONLY) expect(text, c).toContain(c);
    expect(text).toContain('/cauhoi – câu hỏi của người dân');
    for (const c of ['/baocao', '/uyquyen', '/moi', '/tatthongbao']) expect(text, c).not.toContain(c);
  });

  it('a guest: how to enter an invite code', async () => {
    const text = texts(await say(app, 'ot-guest', { action: 'menu:help' }));
    expect(text).toContain('/moi');
    for (const c of [...OFFICER_ONLY, '/baocao']) expect(text, c).not.toContain(c);
  });
});

describe('/chinhsach', () => {
  it('leads back to the main menu', async () => {
    const topics = await say(app, 'ot-member', '/chinhsach');
    const back = topics[0]!.buttons!.flat().at(-1)!;
    expect(back).toEqual({ label: '⬅️ Về menu', action: 'menu:main' });
    const menu = await say(app, 'ot-member', { action: back.action });
    expect(labels(menu)).toContain(MAIN_MENU);
  });
});
