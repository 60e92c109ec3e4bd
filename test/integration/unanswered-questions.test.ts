import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { listUnanswered } from '../../src/services/knowledge/list-unanswered.js';
import { recordUnansweredQuestion } from '../../src/services/knowledge/record-unanswered.js';
import { pruneExpired } from '../../src/services/maintenance/prune-expired.js';
import { createCooperative, createDirector, createPerson } from '../support/factories.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const DAY = 86_400_000;
const now = new Date('2026-12-04T10:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const P = 'Tỉnh Thử';

describe('questions the bot could not answer', () => {
  let director: number;
  let otherDirector: number;
  let guest: number;
  let coopId: number;

  beforeAll(async () => {
    const coop = await createCooperative(db(), { name: 'HTX Một', province: P, commune: 'Xã Một' });
    const other = await createCooperative(db(), { name: 'HTX Hai', province: P, commune: 'Xã Hai' });
    coopId = coop.id;
    // The director's own (stale) area is not used: the cooperative's is.
    director = await createDirector(db(), { cooperativeId: coop.id, province: 'Tỉnh Cũ', commune: 'Xã Cũ' });
    otherDirector = await createDirector(db(), { cooperativeId: other.id });
    guest = await createPerson(db(), { role: 'guest' });

    const record = (
      personId: number | null,
      text: string,
      topic: string | null,
      days: number,
      outcome: 'none' | 'suggest' | 'law' = 'none',
      closestArticleId: string | null = null,
    ) => recordUnansweredQuestion(db(), { text, outcome, topic, closestArticleId, personId, now: ago(days) });
    await record(director, 'Vay vốn mua máy gặt lãi suất bao nhiêu?', 'credit', 1, 'suggest', 'credit-fund-loans');
    await record(director, 'Quỹ hỗ trợ cho vay tối đa bao lâu?', 'credit', 2, 'law', 'credit-fund-loans');
    await record(director, 'Thuê đất làm kho có được miễn tiền thuê?', 'land', 3);
    await record(director, 'Hỏi chuyện ngoài lề', null, 4);
    await record(director, 'Câu hỏi đã quá 31 ngày', 'credit', 31);
    await record(otherDirector, 'Câu hỏi của xã khác về thuế', 'tax', 1);
    await record(guest, 'Khách chưa có hồ sơ hỏi về đất', 'land', 1);
    await record(null, 'Không biết ai hỏi', null, 1);
  });

  it("stores the text as typed, cut to 500 characters, with the asker cooperative's area and no person", async () => {
    const long = `${'Đ'.repeat(499)}😀😀 đuôi`;
    await recordUnansweredQuestion(db(), { text: long, outcome: 'none', topic: null, closestArticleId: null, personId: director, now: ago(100) });
    const row = await db().unansweredQuestion.findFirstOrThrow({ where: { createdAt: ago(100) } });
    expect([...row.text]).toHaveLength(500);
    expect(row.text).toBe(`${'Đ'.repeat(499)}😀`);
    expect(row).toMatchObject({ province: P, commune: 'Xã Một', cooperativeId: coopId, outcome: 'none', topic: null });
    const first = await db().unansweredQuestion.findFirstOrThrow({ where: { text: 'Vay vốn mua máy gặt lãi suất bao nhiêu?' } });
    expect(first).toMatchObject({ outcome: 'suggest', topic: 'credit', closestArticleId: 'credit-fund-loans', province: P, commune: 'Xã Một' });
    const unknown = await db().unansweredQuestion.findFirstOrThrow({ where: { text: 'Không biết ai hỏi' } });
    expect(unknown).toMatchObject({ province: null, commune: null, cooperativeId: null });
  });

  it('never throws for a failure to record, and logs it without the question', async () => {
    const warnings: { obj: unknown; msg: string }[] = [];
    const logger = { warn: (obj: unknown, msg: string) => warnings.push({ obj, msg }) } as never;
    const broken = new Proxy(db(), {
      get: (target, key) =>
        key === 'unansweredQuestion'
          ? { create: async () => Promise.reject(new Error('Invalid invocation: text: "Bí mật của tôi về vốn góp"')) }
          : Reflect.get(target, key),
    });
    await expect(
      recordUnansweredQuestion(broken, { text: 'Bí mật của tôi về vốn góp', outcome: 'none', topic: null, closestArticleId: null, personId: director, logger }),
    ).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).not.toContain('Bí mật');
    expect(warnings[0]!.msg).toBe('recording an unanswered question failed');
  });

  it('lists a commune officer only their commune, in the last 30 days, grouped by topic', async () => {
    const list = await listUnanswered(db(), { province: P, commune: 'Xã Một' }, now);
    expect(list.total).toBe(4);
    expect(list.groups.map((g) => [g.topic, g.count])).toEqual([
      ['credit', 2],
      ['land', 1],
      ['other', 1],
    ]);
    const credit = list.groups[0]!;
    expect(credit.questions.map((q) => q.text)).toEqual(['Vay vốn mua máy gặt lãi suất bao nhiêu?', 'Quỹ hỗ trợ cho vay tối đa bao lâu?']);
    expect(credit.questions[1]).toMatchObject({ outcome: 'law', closestArticleId: 'credit-fund-loans', createdAt: ago(2) });
    const texts = list.groups.flatMap((g) => g.questions.map((q) => q.text));
    expect(texts).not.toContain('Câu hỏi của xã khác về thuế');
    expect(texts).not.toContain('Câu hỏi đã quá 31 ngày');
    expect(texts).not.toContain('Khách chưa có hồ sơ hỏi về đất');
  });

  it('lists a province officer the whole province and the questions with no known area; a national officer everything', async () => {
    const province = await listUnanswered(db(), { province: P, commune: null }, now);
    expect(province.total).toBe(7);
    expect(Object.fromEntries(province.groups.map((g) => [g.topic, g.count]))).toEqual({ credit: 2, land: 2, tax: 1, other: 2 });
    const elsewhere = await listUnanswered(db(), { province: 'Tỉnh Khác', commune: null }, now);
    expect(elsewhere.total).toBe(2); // only the two with no known area
    const national = await listUnanswered(db(), { province: null, commune: null }, now);
    expect(national.total).toBe(7);
    expect(await listUnanswered(db(), { province: P, commune: 'Xã Ba' }, now)).toMatchObject({ total: 0, groups: [] });
  });

  it('shows the newest 20 of a topic with the full count', async () => {
    await db().unansweredQuestion.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        text: `Đào tạo ${i}`,
        outcome: 'none',
        topic: 'training',
        province: P,
        commune: 'Xã Hai',
        createdAt: new Date(ago(5).getTime() + i * 60_000),
      })),
    });
    const list = await listUnanswered(db(), { province: P, commune: 'Xã Hai' }, now);
    const training = list.groups.find((g) => g.topic === 'training')!;
    expect(list.groups[0]).toBe(training);
    expect(training.count).toBe(25);
    expect(training.questions).toHaveLength(20);
    expect(training.questions[0]!.text).toBe('Đào tạo 24');
    expect(training.questions[19]!.text).toBe('Đào tạo 5');
  });

  it('is pruned by the hourly housekeeping after 90 days', async () => {
    const before = await db().unansweredQuestion.count();
    const pruned = await pruneExpired(db(), now);
    expect(pruned.unanswered).toBe(1); // the 100-day-old one
    expect(await db().unansweredQuestion.count()).toBe(before - 1);
    expect(await db().unansweredQuestion.count({ where: { createdAt: { lt: ago(90) } } })).toBe(0);
  });
});
