import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/lib/messages.js';
import { createCooperative, createDirector, createOfficer } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp } from '../support/test-app.js';

/**
 * Issue 17: the composer reads times as officers type them (weekday, part of the day, "2 giờ
 * chiều"), counts its steps the same from start to end, and knows "toàn tỉnh".
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

const PROVINCE = 'Tỉnh Demo';
/** The 15 December ahead in Việt Nam (typed without a year, it is this one), and its weekday. */
const vnNow = new Date(Date.now() + 7 * 3600_000);
const YEAR = vnNow.getUTCMonth() === 11 && vnNow.getUTCDate() >= 15 ? vnNow.getUTCFullYear() + 1 : vnNow.getUTCFullYear();
const WEEKDAY = new Date(Date.UTC(YEAR, 11, 15)).getUTCDay();
const typedDay = (wd: number) => (wd === 0 ? 'chu nhat' : `thu ${wd + 1}`);
const VI_DAYS = ['chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];
/** "thứ Ba" when 15 December is a Tuesday (as in 2026: "sáng thứ 3 ngày 15/12 lúc 8h"). */
const TYPED_DAY = VI_DAYS[WEEKDAY]!;

beforeAll(async () => {
  const a = await createCooperative(db(), { name: 'HTX Demo An Phú', province: PROVINCE, commune: 'Xã An Phú' });
  const b = await createCooperative(db(), { name: 'HTX Demo Bình Lợi', province: PROVINCE, commune: 'Xã Bình Lợi' });
  await createDirector(db(), { cooperativeId: a.id, accounts: [{ channel: 'console', externalId: 'dir-ap', lastInboundAt: new Date() }] });
  await createDirector(db(), { cooperativeId: b.id, accounts: [{ channel: 'console', externalId: 'dir-bl', lastInboundAt: new Date() }] });
  await createOfficer(db(), { province: PROVINCE, accounts: 'off-demo' });
});

describe('composing an announcement, typed the way officers type', () => {
  it('reads the times, keeps the step count, knows "toan tinh" and shows the province once', async () => {
    const say = (text: string | Partial<InboundMessage>) => con('off-demo', text);
    const start = await say('/thongbao');
    // Before the kind is chosen the total is not known (a notice has no time, place or deadline).
    expect(texts(start)).toContain('Bước 1\n');
    expect(texts(await say('tap huan'))).toContain('Bước 2/11');
    await say('Tap huan ban hang qua mang');
    const time = await say('Huong dan ban hang tren san thuong mai dien tu cho HTX.');
    expect(texts(time)).toContain('Bước 4/11');

    // A weekday that is not the date's: said politely, with the date's real weekday.
    const wrong = await say(`${typedDay((WEEKDAY + 1) % 7)} 15/12 8h`);
    expect(texts(wrong)).toContain(`❗ Ngày 15/12/${YEAR} là ${TYPED_DAY}, không phải ${VI_DAYS[(WEEKDAY + 1) % 7]}.`);
    expect(texts(wrong)).toContain('Bước 4/11');

    const forms: [string, string][] = [
      [`sáng ${TYPED_DAY.toLowerCase()} ngày 15/12 lúc 8h`, '08:00'],
      [`sang ${typedDay(WEEKDAY)} 15/12 8h`, '08:00'],
      ['8h sáng 15/12', '08:00'],
      ['chiều 15/12 lúc 2 giờ', '14:00'],
      ['15/12 14h30', '14:30'],
    ];
    for (const [typed, hhmm] of forms) {
      const saved = await say(typed);
      expect(texts(saved), typed).toContain(`✔️ Đã lưu thời gian: ${hhmm} 15/12/${YEAR}.`);
      expect(texts(saved)).toContain('Bước 5/11');
      expect(texts(await say('quay lai'))).toContain('Bước 4/11');
    }
    await say('chieu 15/12 luc 2 gio');
    await say('Hoi truong UBND tinh');
    const audience = await say('bo qua');
    expect(texts(audience)).toContain('Bước 7/11');
    const area = await say('chu nhiem htx');
    expect(texts(area)).toContain('Bước 8/11');
    expect(labels(area)).toContain('Toàn tỉnh Demo');
    // A follow-up keeps its question's number: the total never moves.
    const communes = await say('2');
    expect(texts(communes)).toContain('Bước 8/11 (tiếp)');
    await say('quay lai');
    const filter = await say('toan tinh');
    expect(texts(filter)).toContain('Bước 9/11');
    expect(texts(await say('theo nganh nghe'))).toContain('Bước 9/11 (tiếp)');
    await say('quay lai');
    const when = await say('tat ca htx');
    expect(texts(when)).toContain('Bước 10/11');
    expect(texts(await say('hen gio gui'))).toContain('Bước 10/11 (tiếp)');
    await say('quay lai');
    const preview = await say('gui ngay');
    const shown = texts(preview);
    expect(shown).toContain('📍 Phạm vi: Toàn tỉnh Demo');
    expect(shown).not.toContain('Tỉnh Tỉnh');
    expect(shown).not.toContain('Toàn tỉnh Tỉnh Demo');
    expect(shown).toContain(`🕗 Thời gian: 14:00 15/12/${YEAR}`);

    expect(texts(await say('gui'))).toContain('Đang gửi đến 2 người');
    const a = await db().announcement.findFirstOrThrow({ where: { title: 'Tap huan ban hang qua mang' } });
    expect(a.startsAt?.toISOString()).toBe(`${YEAR}-12-15T07:00:00.000Z`);
    expect(a).toMatchObject({ province: PROVINCE, communes: [], audience: 'directors', registerBy: null });
  });

  it('counts a notice (no time, place or deadline) from its first answer to the end', async () => {
    const say = (text: string) => con('off-demo', text);
    await say('/thongbao');
    expect(texts(await say('thong bao khac'))).toContain('Bước 2/8');
    await say('Thong bao lich nghi Tet');
    const audience = await say('Cac HTX nghi Tet tu ngay 14 den het ngay 20 thang Gieng.');
    expect(texts(audience)).toContain('Bước 4/8');
    expect(texts(await say('ca hai'))).toContain('Bước 5/8');
    expect(texts(await say('chon xa'))).toContain('Bước 5/8 (tiếp)');
    await say('huy');
  });
});
