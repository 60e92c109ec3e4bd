import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import { listOpenQuestions } from '../../src/services/questions/list-open-questions.js';
import { coversArea } from '../../src/services/access/jurisdiction.js';
import { consoleSession } from '../support/console-driver.js';
import { createCooperative, createDirector, createMember, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp, actions } from '../support/test-app.js';

let app: TestApp;
let notices: ConsoleNotices;
beforeAll(async () => {
  app = await createTestApp();
  notices = createConsoleNotices(app.services);
  app.setNotifier(notices.notify);
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const OFFICER_MENU = '📥 Câu hỏi của người dân';

const on = (channel: ChannelName, id: string, input: string | Partial<InboundMessage>) => sayOn(app, channel, id, input);
const con = (id: string, input: string | Partial<InboundMessage>) => on('console', id, input);
const press = (id: string, action: string, channel: ChannelName = 'console') => on(channel, id, { action });

/** Asks through the bot: the button, the typed question, the confirmation, send. Returns the question. */
async function ask(user: string, q: string, channel: ChannelName = 'console') {
  const prompt = await press(user, 'ask', channel);
  expect(texts(prompt)).toContain('Anh/chị gõ câu hỏi');
  const confirm = await on(channel, user, q);
  expect(texts(confirm)).toContain(`Gửi câu hỏi này cho cán bộ?\n«${q}»`);
  expect(labels(confirm)).toEqual(['📨 Gửi', '✏️ Gõ lại câu hỏi', 'Hủy']);
  const sent = await press(user, 'ask:send', channel);
  const question = await db().question.findFirstOrThrow({ where: { text: q }, orderBy: { id: 'desc' } });
  return { sent, question };
}

const noticesFor = (user: string, all = notices.drain()) => all.filter((n) => n.user === user);

describe('asking an officer and getting the answer back', () => {
  it("routes the question to the area's officers, relays one answer, keeps a knowledge draft", async () => {
    const htx = await createCooperative(db());
    const officer = await createOfficer(db(), { province: 'Lâm Đồng', accounts: 'off-ld' });
    const officer2 = await createOfficer(db(), { province: 'Lâm Đồng', accounts: 'off-ld2' });
    await createOfficer(db(), { province: 'Đắk Nông', accounts: 'off-other' });
    await createOfficer(db(), { province: 'Lâm Đồng', commune: 'Xã Khác', accounts: 'off-commune' });
    const director = await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-ld' });
    await createMember(db(), { cooperativeId: htx.id, accounts: 'mem-ld' });
    notices.drain();

    expect(labels(await con('off-ld', '/menu'))).toContain(OFFICER_MENU);
    expect(labels(await con('dir-ld', '/menu'))).not.toContain(OFFICER_MENU);

    const q = 'HTX thuê đất làm nhà kính có được miễn tiền thuê đất không?';
    const { sent, question } = await ask('dir-ld', q);
    expect(texts(sent)).toContain(`Đã gửi câu hỏi #${question.id} cho cán bộ`);
    expect(texts(sent)).toContain('chuyển câu trả lời đến anh/chị tại đây');
    expect(question).toMatchObject({
      askerId: director,
      status: 'open',
      province: 'Lâm Đồng',
      commune: 'Xã Xuân Thọ',
      cooperativeId: htx.id,
      deliveredAt: null,
    });

    // Both province officers are told, in one message with an answer button; nobody else.
    const told = notices.drain();
    expect(told.map((n) => n.user).sort()).toEqual(['off-ld', 'off-ld2']);
    expect(told[0]!.reply.text).toBe(`❓ Câu hỏi mới #${question.id} (${htx.name}):\n«${q}»`);
    expect(told[0]!.reply.buttons).toEqual([[{ label: '✍️ Trả lời', action: `ans:${question.id}` }]]);

    const asked = await db().auditLog.findFirstOrThrow({ where: { action: 'question.asked', subject: `question:${question.id}` } });
    expect(asked.actorId).toBe(director);
    expect(asked.details).toMatchObject({ officers: 2, notified: 2 });
    expect(JSON.stringify(asked)).not.toContain('nhà kính');

    // The officer lists the open questions of the province.
    const list = await con('off-ld', '/cauhoi');
    expect(texts(list)).toContain(`#${question.id} · vừa xong · ${htx.name}: «${q.slice(0, 40)}`);
    expect(actions(list)).toContain(`ans:${question.id}`);
    expect(actions(list)).toContain('menu:main');
    expect(actions(await press('off-ld', 'questions'))).toContain(`ans:${question.id}`);

    // Outside the area, or not an officer: no.
    expect(actions(await con('off-other', '/cauhoi'))).not.toContain(`ans:${question.id}`);
    expect(actions(await con('off-commune', '/cauhoi'))).not.toContain(`ans:${question.id}`);
    expect(texts(await press('off-other', `ans:${question.id}`))).toContain(`Câu hỏi #${question.id} không thuộc địa bàn anh/chị phụ trách`);
    expect(texts(await press('mem-ld', `ans:${question.id}`))).toContain('chỉ dành cho cán bộ');
    expect(texts(await press('off-other', `kbdraft:${question.id}`))).toContain('không thuộc địa bàn');

    // Two officers open it; the first answer wins.
    const shown = await press('off-ld', `ans:${question.id}`);
    expect(texts(shown)).toContain(`Câu hỏi #${question.id} · vừa xong · ${htx.name}:\n«${q}»`);
    expect(shown[0]!.input).toBe('text');
    expect(texts(await press('off-ld2', `ans:${question.id}`))).toContain('gõ câu trả lời');

    expect(texts(await con('off-ld', 'x'))).toContain('Câu trả lời cần dài từ 2 đến 2000 ký tự');
    const answer = 'Có. HTX được miễn tiền thuê đất theo Luật Hợp tác xã 2023; anh/chị liên hệ phòng Kinh tế xã để làm hồ sơ.';
    const done = await con('off-ld', answer);
    expect(texts(done)).toContain(`Đã gửi câu trả lời đến người hỏi (câu hỏi #${question.id})`);
    expect(done[0]!.buttons!.flat()).toEqual([
      { label: '📚 Đề xuất thêm vào cơ sở kiến thức', action: `kbdraft:${question.id}` },
      { label: '⬅️ Về menu', action: 'menu:main' },
    ]);
    const relayed = notices.drain();
    expect(relayed.map((n) => n.user)).toEqual(['dir-ld']);
    expect(relayed[0]!.reply.text).toBe(`💬 Cán bộ đã trả lời câu hỏi của anh/chị: «${q}»\n\n${answer}`);
    expect(relayed[0]!.reply.buttons!.flat().map((b) => b.action)).toEqual(['menu:main']);

    const answered = await db().question.findUniqueOrThrow({ where: { id: question.id } });
    expect(answered).toMatchObject({ status: 'answered', answerText: answer, answeredById: officer });
    expect(answered.deliveredAt).toBeInstanceOf(Date);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'question.answered', subject: `question:${question.id}` } });
    expect(audit).toMatchObject({ actorId: officer, details: { delivered: true } });
    expect(JSON.stringify(audit)).not.toContain('miễn tiền');

    const late = await con('off-ld2', 'Một câu trả lời khác.');
    expect(texts(late)).toContain(`Câu hỏi #${question.id} đã được cán bộ khác trả lời rồi`);
    expect(notices.drain()).toEqual([]);
    expect((await db().question.findUniqueOrThrow({ where: { id: question.id } })).answerText).toBe(answer);
    expect(texts(await press('off-ld2', `ans:${question.id}`))).toContain('đã được cán bộ khác trả lời');
    expect(texts(await press('off-ld', `ans:${question.id}`))).toContain(`Anh/chị đã trả lời câu hỏi #${question.id} rồi`);
    expect(actions(await con('off-ld', '/cauhoi'))).not.toContain(`ans:${question.id}`);
    expect(officer2).toBeGreaterThan(0);

    // One draft per question, whoever presses.
    const saved = await press('off-ld', `kbdraft:${question.id}`);
    const draft = await db().knowledgeDraft.findFirstOrThrow({ where: { questionId: question.id } });
    expect(texts(saved)).toContain(`Đã lưu bản nháp #${draft.id} để rà soát (npm run admin -- drafts)`);
    expect(draft).toMatchObject({ question: q, answer, createdById: officer, reviewedAt: null });
    expect(texts(await press('off-ld2', `kbdraft:${question.id}`))).toContain(`đã có bản nháp #${draft.id}`);
    expect(await db().knowledgeDraft.count({ where: { questionId: question.id } })).toBe(1);
    expect(texts(await press('mem-ld', `kbdraft:${question.id}`))).toContain('chỉ dành cho cán bộ');

    // The asker reads the answer again any time.
    const mine = await con('dir-ld', '/cauhoi');
    expect(texts(mine)).toContain(`#${question.id} · vừa xong · ✅ đã trả lời\n«${q}»\n💬 ${answer}`);
  });

  it('sends the question the bot just tried to answer, with its article, after a confirmation', async () => {
    const htx = await createCooperative(db(), { province: 'Lâm Đồng', commune: 'Xã Đạ Tẻh' });
    await createOfficer(db(), { province: 'Lâm Đồng', locale: 'en', accounts: 'off-ld3' });
    await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-qa' });
    const q = 'Vay vốn ưu đãi cho HTX cần điều kiện gì?';
    await db().conversationState.create({
      data: {
        channel: 'console',
        chatId: 'dir-qa',
        flow: 'qa',
        step: 'answered',
        data: { q, articleId: 'credit-preferential-loans' },
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    notices.drain();

    const confirm = await press('dir-qa', 'ask');
    expect(texts(confirm)).toBe(`Gửi câu hỏi này cho cán bộ?\n«${q}»`);
    expect(actions(confirm)).toEqual(['ask:send', 'ask:edit', 'ask:cancel']);
    await press('dir-qa', 'ask:send');
    const question = await db().question.findFirstOrThrow({ where: { text: q } });
    expect(question.articleId).toBe('credit-preferential-loans');

    // An officer who chose English is told in English.
    const told = noticesFor('off-ld3');
    expect(told).toHaveLength(1);
    expect(told[0]!.reply.text).toBe(`❓ New question #${question.id} (${htx.name}):\n«${q}»`);
    expect(told[0]!.reply.buttons).toEqual([[{ label: '✍️ Answer', action: `ans:${question.id}` }]]);
    expect(texts(await con('off-ld3', '/cauhoi'))).toContain(`#${question.id} · just now · ${htx.name}`);
  });

  it('lets the asker retype or cancel, and refuses an empty or overlong question', async () => {
    await createMember(db(), { cooperativeId: (await createCooperative(db())).id, accounts: 'mem-edit' });
    await press('mem-edit', 'ask');
    expect(texts(await con('mem-edit', 'a'))).toContain('Câu hỏi cần dài từ 2 đến 1000 ký tự');
    expect(texts(await con('mem-edit', 'x'.repeat(1001)))).toContain('Câu hỏi cần dài từ 2 đến 1000 ký tự');
    await con('mem-edit', 'Câu hỏi thứ nhất');
    expect(texts(await press('mem-edit', 'ask:edit'))).toContain('Anh/chị gõ câu hỏi');
    expect(texts(await con('mem-edit', 'Câu hỏi thứ hai'))).toContain('«Câu hỏi thứ hai»');
    // Typed text at the confirmation replaces the question.
    expect(texts(await con('mem-edit', 'Câu hỏi thứ ba'))).toContain('«Câu hỏi thứ ba»');
    expect(texts(await press('mem-edit', 'ask:cancel'))).toContain('Đã hủy, câu hỏi chưa được gửi');
    expect(await db().question.count({ where: { text: { startsWith: 'Câu hỏi thứ' } } })).toBe(0);
    // The confirmation's buttons do nothing once it is closed.
    expect(texts(await press('mem-edit', 'ask:send'))).toContain('Nút này đã hết hạn');
    expect(await db().question.count({ where: { text: { startsWith: 'Câu hỏi thứ' } } })).toBe(0);
  });

  it('keeps a question when no officer is responsible yet, for the first one who comes', async () => {
    const htx = await createCooperative(db(), { province: 'Cà Mau', commune: 'Xã Tân Hưng' });
    const director = await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-cm' });
    notices.drain();
    const { sent, question } = await ask('dir-cm', 'Thủ tục thành lập liên hiệp HTX thế nào?');
    expect(texts(sent)).toContain(`Đã lưu câu hỏi #${question.id}`);
    expect(texts(sent)).toContain('sẽ được trả lời khi có cán bộ');
    expect(notices.drain()).toEqual([]);
    expect(question).toMatchObject({ askerId: director, status: 'open', province: 'Cà Mau' });
    expect(texts(await con('dir-cm', '/cauhoi'))).toContain(`#${question.id} · vừa xong · ⏳ đang chờ cán bộ trả lời`);

    await createOfficer(db(), { province: 'Cà Mau', commune: 'Xã Tân Hưng', accounts: 'off-cm' });
    expect(actions(await con('off-cm', '/cauhoi'))).toContain(`ans:${question.id}`);
  });

  it('stores an answer the asker cannot be reached for, and tells the officer', async () => {
    const htx = await createCooperative(db(), { province: 'Lâm Đồng', commune: 'Xã Lộc Thành' });
    await createOfficer(db(), { province: 'Lâm Đồng', commune: 'Xã Lộc Thành', accounts: 'off-ld4' });
    // On Telegram only: the console notifier cannot reach this person.
    await createDirector(db(), { cooperativeId: htx.id, accounts: { channel: 'telegram', externalId: 'tg-dir' } });
    notices.drain();
    const { question } = await ask('tg-dir', 'Có hỗ trợ chuyển đổi số cho HTX không?', 'telegram');
    expect(noticesFor('off-ld4')).toHaveLength(1);

    await press('off-ld4', `ans:${question.id}`);
    const done = await con('off-ld4', 'Có, theo chương trình chuyển đổi số quốc gia.');
    expect(texts(done)).toContain(`Đã lưu câu trả lời cho câu hỏi #${question.id}, nhưng lúc này chưa gửi được đến người hỏi`);
    expect(texts(done)).toContain('/cauhoi');
    expect(notices.drain()).toEqual([]);
    const row = await db().question.findUniqueOrThrow({ where: { id: question.id } });
    expect(row).toMatchObject({ status: 'answered', deliveredAt: null });
    expect((await db().auditLog.findFirstOrThrow({ where: { action: 'question.answered', subject: `question:${question.id}` } })).details).toMatchObject({
      delivered: false,
    });

    expect(texts(await on('telegram', 'tg-dir', '/cauhoi'))).toContain('💬 Có, theo chương trình chuyển đổi số quốc gia.');
  });

  it('lets a guest ask; a question with no area goes to province-wide officers, not commune ones', async () => {
    const guest = await createPerson(db(), { accounts: 'guest-1' });
    notices.drain();
    const { question } = await ask('guest-1', 'HTX là gì vậy?');
    expect(question).toMatchObject({ askerId: guest, province: null, commune: null, cooperativeId: null });
    const told = notices.drain();
    const users = told.map((n) => n.user);
    expect(users).toContain('off-ld');
    expect(users).toContain('off-other');
    expect(users).not.toContain('off-commune');
    expect(users).not.toContain('off-cm');
    expect(told.find((n) => n.user === 'off-ld')!.reply.text).toContain(`#${question.id} (chưa rõ địa bàn)`);
    expect(texts(await press('guest-1', `ans:${question.id}`))).toContain('chỉ dành cho cán bộ');
  });

  it('lets an admin answer outside their area; an officer without a province sees every question', async () => {
    const htx = await createCooperative(db(), { province: 'Sơn La', commune: null });
    await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-sl' });
    await createPerson(db(), { role: 'admin', province: 'Hà Nội', accounts: 'adm-hn' });
    await createOfficer(db(), { accounts: 'off-all' });
    notices.drain();
    const { question } = await ask('dir-sl', 'Hỏi về đào tạo cán bộ HTX');
    expect(noticesFor('off-all')).toHaveLength(1);
    expect(actions(await con('adm-hn', '/cauhoi'))).not.toContain(`ans:${question.id}`);
    await press('adm-hn', `ans:${question.id}`);
    expect(texts(await con('adm-hn', 'Liên hệ Liên minh HTX tỉnh.'))).toContain('Đã gửi câu trả lời');
    expect((await db().question.findUniqueOrThrow({ where: { id: question.id } })).status).toBe('answered');
  });

  it('lists exactly the questions the jurisdiction rule covers', async () => {
    const rows = await db().question.findMany({ where: { status: 'open' } });
    expect(rows.length).toBeGreaterThan(0);
    const jurisdictions = [
      { province: null, commune: null },
      { province: 'Lâm Đồng', commune: null },
      { province: 'Lâm Đồng', commune: 'Xã Lộc Thành' },
      { province: 'Cà Mau', commune: 'Xã Tân Hưng' },
      { province: 'Nơi khác', commune: null },
    ];
    for (const j of jurisdictions) {
      const listed = (await listOpenQuestions(db(), j, 1000)).questions.map((q) => q.id).sort((a, b) => a - b);
      expect(listed, JSON.stringify(j)).toEqual(
        rows
          .filter((q) => coversArea(j, q))
          .map((q) => q.id)
          .sort((a, b) => a - b),
      );
    }
  });

  it("prints the officer's notice in the console channel's jsonl output", async () => {
    const htx = await createCooperative(db(), { province: 'Điện Biên', commune: null });
    await createOfficer(db(), { province: 'Điện Biên', accounts: 'off-db' });
    await createDirector(db(), { cooperativeId: htx.id, accounts: 'dir-db' });
    notices.drain();
    const chat = consoleSession(app.router, 'exports', notices);
    try {
      await chat.send({ user: 'dir-db', action: 'ask' });
      await chat.send({ user: 'dir-db', text: 'Xin hỏi về chính sách tín dụng' });
      const line = await chat.send({ user: 'dir-db', action: 'ask:send' });
      const id = (await db().question.findFirstOrThrow({ where: { text: 'Xin hỏi về chính sách tín dụng' } })).id;
      const forOfficer = line.notices!.filter((n) => n.user === 'off-db'); // and off-all, the national officer
      expect(forOfficer).toHaveLength(1);
      expect(forOfficer[0]).toMatchObject({ text: `❓ Câu hỏi mới #${id} (${htx.name}):\n«Xin hỏi về chính sách tín dụng»` });
      await chat.send({ user: 'off-db', action: `ans:${id}` });
      const answered = await chat.send({ user: 'off-db', text: 'Anh/chị liên hệ Ngân hàng Chính sách xã hội.' });
      expect(answered.notices).toHaveLength(1);
      expect(answered.notices![0]).toMatchObject({ user: 'dir-db' });
      expect(answered.notices![0]!.text).toContain('Anh/chị liên hệ Ngân hàng Chính sách xã hội.');
    } finally {
      await chat.end();
    }
  });

  it('logged no error or warning', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});
