import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const accountOf = (user: string) => app.db.prisma.channelAccount.findUnique({ where: { channel_externalId: { channel: 'console', externalId: user } } });

describe('my data', () => {
  it('shows what is stored and erases it after confirmation', async () => {
    await say(app, 'an', '/hoso');
    await say(app, 'an', 'Đồng ý');
    await say(app, 'an', 'Phạm Văn An');
    await say(app, 'an', '0971234567');
    const shown = await say(app, 'an', '/dulieu');
    expect(texts(shown)).toContain('Họ tên: Phạm Văn An');
    expect(texts(shown)).toContain('Số điện thoại: 0971234567');
    const personId = (await accountOf('an'))!.personId;

    expect(texts(await say(app, 'an', '🗑 Xóa dữ liệu của tôi'))).toContain('chắc chắn muốn xóa');
    expect(texts(await say(app, 'an', 'Xoa vinh vien'))).toContain('Đã xóa toàn bộ dữ liệu cá nhân');

    expect(await app.db.prisma.person.findUnique({ where: { id: personId } })).toBeNull();
    expect(await accountOf('an')).toBeNull();
    expect(await app.db.prisma.conversationState.findUnique({ where: { channel_chatId: { channel: 'console', chatId: 'an' } } })).toBeNull();
    const audit = await app.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'person.erased', subject: `person:${personId}` } });
    expect(JSON.stringify(audit)).not.toContain('Phạm Văn An');
    // Writing again starts as a brand-new guest.
    expect(texts(await say(app, 'an', '/start'))).toContain('Xin chào!');
  });

  it('never erases from a stale or forged button outside the confirmation step', async () => {
    await say(app, 'binh', '/hoso');
    await say(app, 'binh', 'Đồng ý');
    await say(app, 'binh', 'Lê Bình');
    await say(app, 'binh', 'Bỏ qua');
    const r = await say(app, 'binh', { action: 'privacy:erase' });
    expect(texts(r)).toContain('Nút này đã hết hạn');
    expect(await accountOf('binh')).not.toBeNull();
  });

  it('keeps everything when the person changes their mind', async () => {
    await say(app, 'chi', '/xoadulieu');
    expect(texts(await say(app, 'chi', 'Không xóa'))).toContain('được giữ nguyên');
    expect(await accountOf('chi')).not.toBeNull();
  });
});
