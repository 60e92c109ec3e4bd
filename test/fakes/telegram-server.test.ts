import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Markup, Telegraf, TelegramError } from 'telegraf';
import { startFakeTelegram, type FakeTelegramServer } from './telegram-server.js';

let server: FakeTelegramServer;
let bot: Telegraf;

beforeEach(async () => {
  server = await startFakeTelegram();
  bot = new Telegraf(server.token, { telegram: { apiRoot: server.apiRoot } });
});
afterEach(async () => {
  await server.close();
});

/** The TelegramError a promise rejects with. */
async function telegramError(p: Promise<unknown>): Promise<TelegramError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TelegramError);
  return err as TelegramError;
}

describe('fake Telegram server', () => {
  it('answers getMe and sendMessage like Telegram, and records the calls', async () => {
    expect(server.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await bot.telegram.getMe();
    expect(me).toMatchObject({ id: 123456, is_bot: true, first_name: 'HTX Test Bot', username: 'htx_test_bot' });

    const keyboard = Markup.inlineKeyboard([Markup.button.callback('Có', 'yes')]);
    const first = await bot.telegram.sendMessage(42, 'Xin chào', keyboard);
    const second = await bot.telegram.sendMessage(42, 'Lần hai');
    expect(first).toMatchObject({ chat: { id: 42, type: 'private' }, text: 'Xin chào', reply_markup: keyboard.reply_markup });
    expect(second.message_id).toBe(first.message_id + 1);
    expect(typeof first.date).toBe('number');

    expect(server.calls.map((c) => [c.method, c.status, c.token])).toEqual([
      ['getMe', 200, server.token],
      ['sendMessage', 200, server.token],
      ['sendMessage', 200, server.token],
    ]);
    expect(server.callsOf('sendMessage')[0]?.params).toMatchObject({ chat_id: 42, text: 'Xin chào' });
    expect(server.sentTo(42)).toEqual([
      { method: 'sendMessage', text: 'Xin chào', reply_markup: keyboard.reply_markup },
      { method: 'sendMessage', text: 'Lần hai' },
    ]);
    expect(server.sentTo('42')).toHaveLength(2);
    expect(server.sentTo(7)).toEqual([]);
  });

  it('rejects a wrong token with 401 and unknown methods with 404', async () => {
    const intruder = new Telegraf('999:WRONG', { telegram: { apiRoot: server.apiRoot } });
    const unauthorized = await telegramError(intruder.telegram.getMe());
    expect(unauthorized.response).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect(server.calls[0]).toMatchObject({ method: 'getMe', token: '999:WRONG', status: 401 });

    const missing = await telegramError(bot.telegram.callApi('noSuchMethod' as 'getMe', {}));
    expect(missing.response).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
  });

  it('parses multipart sendDocument uploads, including JSON fields', async () => {
    const content = Buffer.from('a,b\n1,2\n\r\n--not-a-boundary\n', 'utf8');
    const keyboard = Markup.inlineKeyboard([Markup.button.callback('OK', 'ok')]);
    const msg = await bot.telegram.sendDocument(42, { source: content, filename: 'báo-cáo.csv' }, { caption: 'Báo cáo', ...keyboard });
    expect(msg.document).toMatchObject({ file_name: 'báo-cáo.csv', file_size: content.length });
    expect(msg.caption).toBe('Báo cáo');

    const { params } = server.callsOf('sendDocument')[0]!;
    expect(params.chat_id).toBe('42'); // multipart sends every scalar as text
    expect(params.reply_markup).toEqual(keyboard.reply_markup); // JSON-stringified by telegraf, parsed back here
    const [sent] = server.sentTo(42);
    expect(sent).toMatchObject({ method: 'sendDocument', caption: 'Báo cáo', reply_markup: keyboard.reply_markup });
    expect(sent?.document?.filename).toBe('báo-cáo.csv');
    expect(sent?.document?.content.equals(content)).toBe(true);
  });

  it('parses urlencoded bodies and query strings', async () => {
    const markup = JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    const form = await fetch(`${server.apiRoot}/bot${server.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '5', text: 'form', reply_markup: markup }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { chat: { id: 5 }, text: 'form', reply_markup: JSON.parse(markup) } });
    const query = await fetch(`${server.apiRoot}/bot${server.token}/sendMessage?chat_id=5&text=q`);
    expect(query.status).toBe(200);
    expect(server.sentTo(5).map((s) => s.text)).toEqual(['form', 'q']);
  });

  it('fails the next calls as asked, with Telegram error shapes', async () => {
    server.failNext('sendMessage', { status: 429, retryAfter: 7 });
    const limited = await telegramError(bot.telegram.sendMessage(1, 'x'));
    expect(limited.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    await bot.telegram.sendMessage(1, 'ok now');

    server.failNext('*', { status: 403 }, 2);
    expect(await bot.telegram.getUpdates(0, 100, 0, undefined)).toEqual([]); // '*' spares getUpdates
    expect((await telegramError(bot.telegram.sendMessage(1, 'x'))).response).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect((await telegramError(bot.telegram.sendChatAction(1, 'typing'))).code).toBe(403);

    server.failNext('sendMessage', { status: 400 });
    expect((await telegramError(bot.telegram.sendMessage(1, 'x'))).description).toBe('Bad Request: chat not found');
    server.failNext('sendMessage', { status: 500 });
    expect((await telegramError(bot.telegram.sendMessage(1, 'x'))).code).toBe(500);
    server.failNext('getUpdates', { status: 502 });
    expect((await telegramError(bot.telegram.getUpdates(0, 100, 0, undefined))).code).toBe(502);

    expect(server.sentTo(1).map((s) => s.text)).toEqual(['ok now']);
    expect(server.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200, 403, 400, 500]);
  });

  it('enforces a global flood limit over a sliding second when rateLimit is set', async () => {
    await server.close();
    server = await startFakeTelegram({ rateLimit: { perSecond: 5 } });
    bot = new Telegraf(server.token, { telegram: { apiRoot: server.apiRoot } });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        bot.telegram.sendMessage(100 + i, `tin ${i}`).then(
          () => 'ok',
          (e: unknown) => e,
        ),
      ),
    );
    const refused = results.filter((r): r is TelegramError => r instanceof TelegramError);
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    expect(refused).toHaveLength(3);
    expect(refused[0]?.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    // Other methods are not limited; refused sends are recorded with 429 and not delivered.
    await bot.telegram.getMe();
    expect((await telegramError(bot.telegram.sendDocument(1, { source: Buffer.from('x'), filename: 'a.txt' }))).code).toBe(429);
    expect(server.callsOf('sendMessage').filter((c) => c.status === 429)).toHaveLength(3);
    expect(server.repliedWith(429)).toBe(4);
    expect(server.deliveredCount()).toBe(5);
    expect(server.deliveredCount('sendMessage')).toBe(5);
    expect(server.deliveredCount('sendDocument')).toBe(0);
    const delivered = server.deliveries();
    expect(delivered).toHaveLength(5);
    expect(delivered.every((d) => typeof d.at === 'number' && d.method === 'sendMessage')).toBe(true);
    expect(server.deliveries(4)).toEqual([delivered[4]]);
    for (const d of delivered) expect(server.sentTo(d.chatId)).toEqual([{ method: 'sendMessage', text: d.text }]);

    // Once the window has slid past the accepted sends, sending works again.
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await bot.telegram.sendPhoto(1, 'https://example.gov.vn/p.jpg', { caption: 'Hội chợ' });
    expect(server.sentTo(1)).toEqual([{ method: 'sendPhoto', photo: 'https://example.gov.vn/p.jpg', caption: 'Hội chợ' }]);
    expect(server.deliveredCount()).toBe(6);

    server.rateLimit = null; // and the limit can be lifted at any time
    await Promise.all(Array.from({ length: 10 }, (_, i) => bot.telegram.sendMessage(200, `x${i}`)));
    expect(server.sentTo(200)).toHaveLength(10);
  });

  it('validates message text like Telegram', async () => {
    expect((await telegramError(bot.telegram.sendMessage(1, ''))).description).toBe('Bad Request: message text is empty');
    expect((await telegramError(bot.telegram.sendMessage(1, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long');
  });

  it('serves updates with offset/limit semantics and a real long poll', async () => {
    const a = server.sendText(7, '/start@htx_test_bot hi', { firstName: 'Lan', languageCode: 'en' });
    const b = server.pushUpdate({ update_id: 50, message: { text: 'custom' } });
    const c = server.sendText(7, 'plain');
    expect([a.update_id, b.update_id, c.update_id]).toEqual([1, 50, 51]);
    expect(a.message).toMatchObject({
      from: { id: 7, is_bot: false, first_name: 'Lan', language_code: 'en' },
      chat: { id: 7, type: 'private', first_name: 'Lan' },
      text: '/start@htx_test_bot hi',
      entities: [{ offset: 0, length: 19, type: 'bot_command' }],
    });
    expect(c.message).not.toHaveProperty('entities');

    expect((await bot.telegram.getUpdates(0, 2, 0, undefined)).map((u) => u.update_id)).toEqual([1, 50]);
    expect((await bot.telegram.getUpdates(0, 100, 51, undefined)).map((u) => u.update_id)).toEqual([51]);
    expect(await bot.telegram.getUpdates(0, 100, 52, undefined)).toEqual([]); // 51 confirmed and dropped

    const started = Date.now();
    const poll = bot.telegram.getUpdates(5, 100, 52, undefined);
    setTimeout(() => server.sendText(7, 'late'), 100);
    const [late] = await poll;
    expect(late?.update_id).toBe(52);
    expect(Date.now() - started).toBeLessThan(2000);

    const emptyStart = Date.now();
    expect(await bot.telegram.getUpdates(1, 100, 53, undefined)).toEqual([]);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(900);
  });

  it('handles webhooks: 409 for getUpdates while set, drop_pending_updates on delete', async () => {
    server.sendText(1, 'queued');
    await bot.telegram.setWebhook('https://example.test/hook', { secret_token: 's3cret' });
    expect(server.webhook).toEqual({ url: 'https://example.test/hook', secret_token: 's3cret' });
    expect(await bot.telegram.getWebhookInfo()).toMatchObject({ url: 'https://example.test/hook', pending_update_count: 1 });
    const conflict = await telegramError(bot.telegram.getUpdates(0, 100, 0, undefined));
    expect(conflict.code).toBe(409);

    await bot.telegram.deleteWebhook({ drop_pending_updates: true });
    expect(server.webhook).toBeNull();
    expect(await bot.telegram.getUpdates(0, 100, 0, undefined)).toEqual([]);
  });

  it('releases held long polls on close()', async () => {
    const poll = bot.telegram.getUpdates(30, 100, 0, undefined).then(
      (u) => u,
      (e: unknown) => e,
    );
    await vi.waitFor(() => expect(server.callsOf('getUpdates')).toHaveLength(1)); // arrived, held (status 0)
    expect(server.callsOf('getUpdates')[0]?.status).toBe(0);
    const started = Date.now();
    await server.close();
    expect(await poll).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(server.waitFor('getMe')).rejects.toThrow(/closed/);
  });

  it('applies artificial latency', async () => {
    server.latencyMs = 150;
    const started = Date.now();
    await bot.telegram.getMe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drives a launched bot: long-polled command, then a button press', async () => {
    bot.command('start', (ctx) => ctx.reply(`Xin chào ${ctx.from.first_name}`, Markup.inlineKeyboard([Markup.button.callback('Đồng ý', 'agree')])));
    bot.action('agree', async (ctx) => {
      await ctx.answerCbQuery('OK');
      await ctx.editMessageText(`Đã đồng ý (${ctx.callbackQuery.message?.message_id})`);
    });
    const launched = bot.launch();
    // Push only once the bot's long poll is being held, so the update must wake it up.
    // (waitFor('getUpdates') would not do: it counts answered calls, and this one is still held.)
    await vi.waitFor(() => expect(server.callsOf('getUpdates')).toHaveLength(1));
    server.sendText(42, '/start', { firstName: 'Minh' });
    const [sent] = await server.waitFor('sendMessage');
    server.pressButton(42, 'agree');
    await server.waitFor('editMessageText');
    bot.stop('test done');
    await launched;

    // Update 1 carried the user's message (id 1); the bot's reply got id 2 and the button press points at it.
    expect(sent?.params).toMatchObject({ chat_id: 42 });
    const messageId = server.callsOf('editMessageText')[0]?.params.message_id;
    expect(messageId).toBe(2);
    expect(server.sentTo(42)).toEqual([
      { method: 'sendMessage', text: 'Xin chào Minh', reply_markup: { inline_keyboard: [[{ text: 'Đồng ý', callback_data: 'agree', hide: false }]] } },
      { method: 'editMessageText', text: `Đã đồng ý (${String(messageId)})` },
    ]);
    expect(server.callsOf('answerCallbackQuery')[0]?.params).toMatchObject({ text: 'OK' });
    expect(server.calls.slice(0, 3).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    expect(server.callsOf('getUpdates')[0]?.params).toMatchObject({ timeout: 50, offset: 0 });
  });
});
