import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../support/console-driver.js';
import { createTestApp, say, texts, labels, type TestApp } from '../support/test-app.js';

let app: TestApp;

/** Asks; when the bot offers "did you mean", picks its first suggestion. Returns the article shown. */
async function answerOf(user: string, question: string) {
  const first = await say(app, user, question);
  if (texts(first).includes('Căn cứ:')) return first;
  expect(texts(first)).toContain('Có phải một trong các mục dưới đây');
  const pick = first[0]!.buttons!.flat().find((b) => b.action.startsWith('pol:a:'))!;
  return say(app, user, { action: pick.action });
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('policy questions', () => {
  it('answers a tax question typed without diacritics, with the citation line and the buttons', async () => {
    const chat = consoleSession(app.router);
    const line = await chat.send('htx chan nuoi heo co phai nop thue thu nhap doanh nghiep khong');
    await chat.end();
    const reply = line.replies[0]!;
    expect(reply.text).toMatch(/^📘 .*(thuế|TNDN)/i);
    expect(reply.text).toMatch(/\nCăn cứ:\n• .*(Luật|Nghị định).*: «.+»/);
    const actions = reply.buttons!.flat().map((b) => b.action);
    expect(actions).toEqual(expect.arrayContaining(['ask']));
    expect(actions.some((a) => /^pol:up:tax-/.test(a))).toBe(true);
  });

  it('answers every free-text line independently, and in English for English speakers', async () => {
    const first = await answerOf('qa-2', 'vay von quy ho tro phat trien htx');
    expect(texts(first)).toContain('Căn cứ:');
    const second = await say(app, 'qa-2', 'HTX muốn thuê đất làm nhà kho có được miễn tiền thuê đất không');
    expect(texts(second)).toContain('Căn cứ:');
    expect(texts(second)).not.toBe(texts(first));
    const en = await say(app, 'qa-en', { text: 'cooperative corporate income tax exemption', localeHint: 'en' });
    expect(texts(en)).toMatch(/Legal basis:\n• |not sure|could not find|Is it one of these/);
  });

  it('offers an officer when it has no confident answer', async () => {
    const replies = await say(app, 'qa-3', 'lam the nao de nhap ho khau cho con moi sinh');
    expect(texts(replies)).toContain('chưa tìm thấy thông tin chắc chắn');
    expect(labels(replies)).toContain('🙋 Hỏi cán bộ');
    const state = await app.db.prisma.conversationState.findUniqueOrThrow({ where: { channel_chatId: { channel: 'console', chatId: 'qa-3' } } });
    expect(state).toMatchObject({ flow: 'qa', data: { q: 'lam the nao de nhap ho khau cho con moi sinh' } });
    // "Ask an officer" picks up the question just asked.
    const confirm = await say(app, 'qa-3', { action: 'ask' });
    expect(texts(confirm)).toContain('lam the nao de nhap ho khau cho con moi sinh');
  });

  it('browses by topic with /chinhsach, and never shows an article past its end date as current', async () => {
    const topics = await say(app, 'qa-4', '/chinhsach');
    expect(labels(topics)).toContain('🧾 Thuế, phí');
    const tax = await say(app, 'qa-4', '3');
    const taxActions = tax[0]!.buttons!.flat().map((b) => b.action);
    expect(taxActions.length).toBeGreaterThan(5);
    // The 2021–2025 agricultural land-use tax exemption ended on 31/12/2025: history, not current.
    expect(taxActions).toContain('pol:a:tax-agricultural-land-use-tax');
    expect(taxActions).not.toContain('pol:a:tax-agricultural-land-use-tax-2021-2025');
    const old = await say(app, 'qa-4', { action: 'pol:a:tax-agricultural-land-use-tax-2021-2025' });
    expect(texts(old)).toContain('không còn áp dụng');
    const article = await say(app, 'qa-4', { action: taxActions[0]! });
    expect(texts(article)).toContain('Căn cứ:');
  });

  it('records "helpful" and "not right" with the question', async () => {
    const answer = await answerOf('qa-5', 'thu tuc thanh lap htx can giay to gi');
    const down = answer[0]!.buttons!.flat().find((b) => b.action.startsWith('pol:down:'))!;
    const after = await say(app, 'qa-5', { action: down.action });
    expect(texts(after)).toContain('rà soát lại');
    const feedback = await app.db.prisma.answerFeedback.findFirstOrThrow({ where: { articleId: down.action.slice('pol:down:'.length) } });
    expect(feedback).toMatchObject({ helpful: false, question: 'thu tuc thanh lap htx can giay to gi' });
    const up = await say(app, 'qa-5', { action: down.action.replace('pol:down:', 'pol:up:') });
    expect(texts(up)).toContain('Cảm ơn anh/chị đã phản hồi');
  });

  it('greets and thanks without searching', async () => {
    expect(texts(await say(app, 'qa-6', 'xin chao'))).toContain('gõ câu hỏi về chính sách');
    expect(texts(await say(app, 'qa-6', 'cam on'))).toContain('Không có gì');
  });

  it('logged no errors', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
