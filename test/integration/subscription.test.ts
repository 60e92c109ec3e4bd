import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/lib/messages.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);

const OPTED_OUT = 'Đã tắt thông báo tập huấn, hội chợ. Anh/chị vẫn nhận được câu trả lời của cán bộ và nhắc hạn báo cáo. Gõ /batthongbao để bật lại.';

async function person(user: string) {
  const account = await db().channelAccount.findUniqueOrThrow({
    where: { channel_externalId: { channel: 'console', externalId: user } },
    include: { person: true },
  });
  return account.person;
}

const state = (user: string) => db().conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: user } } });

async function audits(personId: number) {
  const rows = await db().auditLog.findMany({ where: { subject: `person:${personId}` }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.action).filter((a) => a.startsWith('announcements.'));
}

describe('opting out of announcements', () => {
  it('/tatthongbao turns them off once, /batthongbao turns them back on, each change audited', async () => {
    const off = await con('sub-cmd', '/tatthongbao');
    expect(off).toHaveLength(1);
    expect(off[0]!.text).toBe(OPTED_OUT);
    expect(off[0]!.buttons?.length).toBeGreaterThan(0); // the main menu follows
    const p = await person('sub-cmd');
    expect(p.announcementsOffAt).toBeInstanceOf(Date);

    const again = await con('sub-cmd', '/tatthongbao');
    expect(texts(again)).toContain('đang tắt rồi');
    expect((await person('sub-cmd')).announcementsOffAt).toEqual(p.announcementsOffAt);

    const on = await con('sub-cmd', '/batthongbao');
    expect(texts(on)).toContain('Đã bật lại thông báo');
    expect((await person('sub-cmd')).announcementsOffAt).toBeNull();

    const onAgain = await con('sub-cmd', '/batthongbao');
    expect(texts(onAgain)).toContain('đang bật');

    expect(await audits(p.id)).toEqual(['announcements.opt_out', 'announcements.opt_in']);
  });

  it.each(['STOP', 'Dừng', 'dừng thông báo', 'Dừng gửi!', 'huỷ đăng ký', 'tat thong bao', '/stop'])('"%s" outside a flow opts out', async (said) => {
    const user = `sub-word-${said}`;
    const replies = await con(user, said);
    expect(texts(replies)).toBe(OPTED_OUT);
    expect((await person(user)).announcementsOffAt).toBeInstanceOf(Date);
  });

  it.each(['dung', 'đúng'])('"%s" outside a flow (it may mean "right") asks before opting out', async (said) => {
    const user = `sub-ask-${said}`;
    const asked = await con(user, said);
    expect(texts(asked)).toContain('muốn tắt thông báo');
    expect((await person(user)).announcementsOffAt).toBeNull();
    const confirmed = await con(user, { action: 'sub:off' });
    expect(texts(confirmed)).toBe(OPTED_OUT);
    expect((await person(user)).announcementsOffAt).toBeInstanceOf(Date);
  });

  it('"bật thông báo" opts back in', async () => {
    await con('sub-phrase-on', 'dung thong bao');
    const replies = await con('sub-phrase-on', 'Bật thông báo');
    expect(texts(replies)).toContain('Đã bật lại thông báo');
    expect((await person('sub-phrase-on')).announcementsOffAt).toBeNull();
  });
});

describe('"dừng" during a flow', () => {
  it('ends the profile flow and does not opt out', async () => {
    await con('sub-flow', '/hoso');
    expect((await state('sub-flow'))?.flow).not.toBeNull();

    const replies = await con('sub-flow', 'dừng');
    expect(texts(replies)).toContain('Đã hủy.');
    expect(texts(replies)).toContain('/tatthongbao');
    expect((await state('sub-flow'))?.flow).toBeNull();
    expect((await person('sub-flow')).announcementsOffAt).toBeNull();
  });

  it('ends the ask flow on "STOP", while the longer phrases still opt out', async () => {
    await con('sub-ask', { action: 'ask' });
    expect((await state('sub-ask'))?.flow).toBe('ask');

    const stop = await con('sub-ask', 'STOP');
    expect(texts(stop)).toContain('Đã hủy.');
    expect((await state('sub-ask'))?.flow).toBeNull();
    expect((await person('sub-ask')).announcementsOffAt).toBeNull();

    await con('sub-ask', { action: 'ask' });
    const optOut = await con('sub-ask', 'dừng thông báo');
    expect(texts(optOut)).toBe(OPTED_OUT);
    expect((await person('sub-ask')).announcementsOffAt).toBeInstanceOf(Date);
  });
});

describe('in English', () => {
  it('answers a person who chose English in English', async () => {
    const p = await db().person.create({ data: { locale: 'en', accounts: { create: { channel: 'console', externalId: 'sub-en' } } } });
    const off = await con('sub-en', '/tatthongbao');
    expect(texts(off)).toContain('Announcements of trainings and trade fairs are off.');
    expect(texts(await con('sub-en', 'stop'))).toContain('already off');
    expect(texts(await con('sub-en', '/batthongbao'))).toContain('back on');
    expect(texts(await con('sub-en', '/batthongbao'))).toContain('already on');

    await con('sub-en', '/hoso');
    const stop = await con('sub-en', 'stop');
    expect(texts(stop)).toContain('Cancelled.');
    expect(texts(stop)).toContain('To turn off announcements of trainings and trade fairs, type /tatthongbao.');
    expect((await db().person.findUniqueOrThrow({ where: { id: p.id } })).announcementsOffAt).toBeNull();
  });
});
