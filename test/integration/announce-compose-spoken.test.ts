import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/lib/messages.js';
import { createCooperative, createDirector, createOfficer } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

/**
 * Issue 17, part 2–3: the composer reads times and registration deadlines as officers say them
 * ("sáng thứ 3 tuần sau lúc 8h", "2 giờ", "mai"), against today's date in Việt Nam, and confirms
 * what it inferred ("Thứ Ba 15/12/2026, 08:00 — đúng không?") before keeping it.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const PROVINCE = 'Tỉnh Nói';
const pad = (n: number) => String(n).padStart(2, '0');

/** A day in Việt Nam, `days` after today (there), as { y, m, d } and "dd/mm/yyyy". */
function vnDayAfter(days: number) {
  const now = new Date(Date.now() + 7 * 3600_000);
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  return { y, m, d, text: `${pad(d)}/${pad(m)}/${y}`, weekday: day.getUTCDay() };
}
/** The UTC instant of a Việt Nam wall-clock time. */
const vnUtc = (day: { y: number; m: number; d: number }, hour: number, minute = 0) =>
  new Date(Date.UTC(day.y, day.m - 1, day.d, hour - 7, minute)).toISOString();

/** Tuesday (thứ Ba) of next week: weeks run from thứ Hai to chủ nhật. */
const todayIndex = (new Date(Date.now() + 7 * 3600_000).getUTCDay() + 6) % 7;
const NEXT_TUESDAY = vnDayAfter(7 + 1 - todayIndex);
const TOMORROW = vnDayAfter(1);
const VI_DAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

beforeAll(async () => {
  const a = await createCooperative(db(), { name: 'HTX Nói An', province: PROVINCE, commune: 'Xã An' });
  await createDirector(db(), { cooperativeId: a.id, accounts: [{ channel: 'console', externalId: 'noi-dir', lastInboundAt: new Date() }] });
  await createOfficer(db(), { province: PROVINCE, accounts: 'noi-off' });
});

describe('the composer reads spoken times and confirms what it inferred', () => {
  it('confirms "thứ 3 tuần sau", asks again on "ko", takes "2 giờ" as the afternoon, and a deadline "mai"', async () => {
    const say = (text: string | Partial<InboundMessage>) => con('noi-off', text);
    await say('/thongbao');
    await say('tap huan');
    await say('Tap huan ghi chep so sach');
    const time = await say('Huong dan ghi chep so sach ke toan cho HTX.');
    expect(texts(time)).toContain('Bước 4/11');

    // A relative day: read, then confirmed with Có/Không buttons.
    const first = await say('sáng thứ 3 tuần sau lúc 8h');
    expect(texts(first)).toContain(`🗓 Thứ Ba ${NEXT_TUESDAY.text}, 08:00 — đúng không?`);
    expect(texts(first)).toContain('Bước 4/11');
    expect(labels(first)).toEqual(expect.arrayContaining(['✅ Có, đúng', '✏️ Không, gõ lại']));
    // Nothing is kept until it is confirmed.
    const held = await db().conversationState.findFirstOrThrow({ where: { channel: 'console', chatId: 'noi-off' } });
    expect((held.data as { startsAt?: string }).startsAt).toBeUndefined();

    // "ko": asked again.
    const again = await say('ko');
    expect(texts(again)).toContain('Mời anh/chị gõ lại');
    expect(texts(again)).toContain('Thời gian diễn ra?');
    expect(texts(again)).not.toContain('đúng không');

    // "2 giờ" without a part of the day: probably the afternoon, said and asked.
    const two = await say('2 gio thu 3 tuan sau');
    expect(texts(two)).toContain(`🗓 Thứ Ba ${NEXT_TUESDAY.text}, 14:00 — đúng không?`);
    expect(texts(two)).toContain('«2 giờ» là 2 giờ chiều');
    const place = await say('có');
    expect(texts(place)).toContain(`✔️ Đã lưu thời gian: 14:00 ${NEXT_TUESDAY.text}.`);
    expect(texts(place)).toContain('Bước 5/11');

    const deadline = await say('Nha van hoa xa An');
    expect(texts(deadline)).toContain('Hạn đăng ký tham dự?');
    // A deadline with an hour, relative: confirmed; "không" asks again.
    const timed = await say('17h ngay mai');
    expect(texts(timed)).toContain(`🗓 ${VI_DAYS[TOMORROW.weekday]} ${TOMORROW.text}, 17:00 — đúng không?`);
    expect(texts(await say('khong'))).toContain('Hạn đăng ký tham dự?');
    // A day alone: until the end of it; confirmed with the button.
    const day = await say('mai');
    expect(texts(day)).toContain(`🗓 ${VI_DAYS[TOMORROW.weekday]} ${TOMORROW.text}, hết ngày — đúng không?`);
    const audience = await say({ action: 'ann:deadline:yes' });
    expect(texts(audience)).toContain(`✔️ Đã lưu hạn đăng ký: ${TOMORROW.text}.`);
    expect(texts(audience)).toContain('Bước 7/11');

    await say('chu nhiem htx');
    await say('toan tinh');
    await say('tat ca htx');
    const preview = await say('gui ngay');
    expect(texts(preview)).toContain(`🕗 Thời gian: 14:00 ${NEXT_TUESDAY.text}`);
    expect(texts(await say('gui'))).toContain('Đang gửi đến 1 người');

    const a = await db().announcement.findFirstOrThrow({ where: { title: 'Tap huan ghi chep so sach' } });
    expect(a.startsAt?.toISOString()).toBe(vnUtc(NEXT_TUESDAY, 14));
    // The end of tomorrow in Việt Nam: one millisecond before the next day's 00:00 (UTC+7).
    expect(a.registerBy?.toISOString()).toBe(new Date(Date.parse(vnUtc(vnDayAfter(2), 0)) - 1).toISOString());
  });

  it('keeps an unambiguous time at once, and a typed "2 giờ chiều" without asking', async () => {
    const say = (text: string | Partial<InboundMessage>) => con('noi-off', text);
    await say('/thongbao');
    await say('tap huan');
    await say('Tap huan lan hai');
    await say('Noi dung tap huan lan thu hai cho HTX.');
    const saved = await say(`2 giờ chiều ${NEXT_TUESDAY.d}/${NEXT_TUESDAY.m}/${NEXT_TUESDAY.y}`);
    expect(texts(saved)).toContain(`✔️ Đã lưu thời gian: 14:00 ${NEXT_TUESDAY.text}.`);
    expect(texts(saved)).not.toContain('đúng không');
    await say('Hoi truong xa An');
    // A deadline with its hour, given as a date: kept with the hour.
    const deadline = await say(`17h ${TOMORROW.d}/${TOMORROW.m}/${TOMORROW.y}`);
    expect(texts(deadline)).toContain(`✔️ Đã lưu hạn đăng ký: 17:00 ${TOMORROW.text}.`);
    const held = await db().conversationState.findFirstOrThrow({ where: { channel: 'console', chatId: 'noi-off' } });
    expect((held.data as { registerBy?: string }).registerBy).toBe(vnUtc(TOMORROW, 17));
    await say('huy');
  });
});
