import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../src/services/invites/create-invite.js';
import { createCooperative } from '../support/factories.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

// Issue 15: a failed message's text was logged at error level (a phone number was seen), and
// /dulieu's erasure cannot reach logs. No message text or personal field is logged, at any level.

const USER = 'privacy-user';
const DISPLAY = 'Lan Xinh Đẹp Quá';
const NAME = 'Trần Thị Ngọc Lan';
const PHONE = '0912 345 678';
const FREE = 'Cho tôi hỏi thủ tục vay vốn ưu đãi mua máy gặt đập liên hợp cho hợp tác xã rau sạch';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ logLevel: 'trace' });
});
afterAll(async () => {
  await app?.close();
});

const as = (text: string) => say(app, USER, { text, displayName: DISPLAY });

/** Every form the values could take in a log line. */
function leaks(): string[] {
  const all = JSON.stringify(app.logs);
  const forms = [DISPLAY, NAME, 'Ngọc Lan', PHONE, PHONE.replace(/\s/g, ''), '912345678', '345 678', FREE, 'máy gặt', 'rau sạch'];
  return forms.filter((f) => all.includes(f) || all.includes(JSON.stringify(f).slice(1, -1)));
}

describe('logs never hold message texts or personal data', () => {
  it('a full onboarding with a name, a phone and free text, logged at trace level', { timeout: 90_000 }, async () => {
    const coop = await createCooperative(app.db.prisma, { province: 'Thái Nguyên', commune: 'Xã Tân Lập' });
    const invite = await createInvite(app.db.prisma, { role: 'member', cooperativeId: coop.id });
    expect(texts(await as('/start'))).toContain('Xin chào');
    expect(texts(await as('Đăng ký thông tin'))).toContain('Về dữ liệu cá nhân');
    expect(texts(await as('Đồng ý'))).toContain('họ và tên');
    expect(texts(await as(NAME))).toContain('Số điện thoại');
    expect(texts(await as(PHONE))).toContain(NAME);
    expect(texts(await as(`/moi ${invite.code}`))).toContain('Đã xác nhận');
    await as(FREE);
    await as('/hoso');
    await as('/dulieu');
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { channel: 'console', externalId: USER } } } });
    expect(person).toMatchObject({ name: NAME, phone: '0912345678' });
    expect(app.logs.length).toBeGreaterThan(0);
    expect(leaks()).toEqual([]);
  });

  it('a message that fails: its text, and what a library copied into the error, stay out of the log', { timeout: 60_000 }, async () => {
    const services = app.services as unknown as Record<string, unknown>;
    const original = services.updatePerson;
    // An error like Prisma's (it renders the query's values) carrying a request payload like telegraf's.
    services.updatePerson = async () => {
      throw Object.assign(
        new Error(
          `\nInvalid \`prisma.person.update()\` invocation:\n\n{ data: { name: "${NAME}", phone: "${PHONE}" } }\n\nArgument \`name\`: Invalid value provided.`,
        ),
        {
          name: 'PrismaClientValidationError',
          on: { method: 'sendMessage', payload: { text: FREE } },
          meta: { target: NAME },
          cause: new Error(`value ${PHONE}`),
        },
      );
    };
    try {
      const before = app.logs.length;
      await as('/hoso');
      const replies = await as(NAME);
      expect(texts(replies)).toContain('Xin lỗi');
      const failed = app.logs.slice(before).find((l) => l.msg === 'handling a message failed');
      expect(failed).toBeDefined();
      expect(failed).toMatchObject({ textLength: [...NAME].length, err: { type: 'PrismaClientValidationError' } });
      expect(JSON.stringify(failed)).toContain('Argument `name`: Invalid value provided.');
      expect(failed!.textPreview).toBeUndefined();
      expect(leaks()).toEqual([]);
    } finally {
      services.updatePerson = original;
    }
  });
});
