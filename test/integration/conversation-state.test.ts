import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { features } from '../../src/handlers/features.js';
import { createRouter } from '../../src/router/router.js';
import { pruneExpired } from '../../src/services/maintenance/prune-expired.js';
import { ConversationConflictError, loadConversation, saveConversation } from '../../src/services/conversations/conversation.js';
import { createTestApp, say, texts, type TestApp } from '../support/test-app.js';
import { createServices } from '../../src/services/services.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const key = (chatId: string) => ({ channel_chatId: { channel: 'console', chatId } });

describe('conversation state', () => {
  it('is saved at every step, before the next prompt is returned', async () => {
    await say(app, 's1', '/hoso');
    expect(await app.db.prisma.conversationState.findUnique({ where: key('s1') })).toMatchObject({ flow: 'profile', step: 'consent', version: 1 });
    await say(app, 's1', 'Đồng ý');
    const row = await app.db.prisma.conversationState.findUniqueOrThrow({ where: key('s1') });
    expect(row).toMatchObject({ flow: 'profile', step: 'name', version: 2 });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);
  });

  it('resumes in a second router on the same database (a restart)', async () => {
    await say(app, 's2', '/hoso');
    await say(app, 's2', 'Đồng ý');
    const restarted = createRouter({
      services: app.services,
      translator: app.translator,
      logger: app.logger,
      features,
      defaultLocale: 'vi',
      rateLimit: { messages: 100, windowMs: 1000 },
      conversationTtlMs: 3600_000,
    });
    const r = await restarted.handle({ channel: 'console', chatId: 's2', userId: 's2', text: 'Võ Văn Kiệt', receivedAt: new Date() });
    expect(texts(r)).toContain('Số điện thoại');
  });

  it('treats an expired conversation as none', async () => {
    await say(app, 's3', '/hoso');
    await app.db.prisma.conversationState.update({ where: key('s3'), data: { expiresAt: new Date(Date.now() - 1000) } });
    // Outside the (expired) consent step, "Đồng ý" is free text: a question, not a consent.
    const r = await say(app, 's3', 'Đồng ý');
    expect(texts(r)).not.toContain('họ và tên');
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { channel: 'console', externalId: 's3' } } } });
    expect(person.privacyConsentAt).toBeNull();
  });

  it('recovers from an unreadable stored state without crashing', async () => {
    await say(app, 's4', '/hoso');
    await app.db.prisma.conversationState.update({ where: key('s4'), data: { data: [1, 2, 3], menu: 'garbage' } });
    expect(texts(await say(app, 's4', '/start'))).toContain('Xin chào');
    expect(app.logs.some((l) => l.msg === 'unreadable conversation state reset')).toBe(true);
  });

  it('answers a clear message when another process changed the conversation meanwhile', async () => {
    await say(app, 's5', '/hoso');
    // Another process saves this chat between our read and our write.
    const slowDb = new Proxy(app.db.prisma, {
      get(target, prop, receiver) {
        if (prop !== '$executeRaw') return Reflect.get(target, prop, receiver);
        return async (strings: TemplateStringsArray, ...values: unknown[]) => {
          if (strings.join('').includes('update "ConversationState"')) {
            await target.conversationState.update({ where: key('s5'), data: { version: { increment: 1 } } });
          }
          return target.$executeRaw(strings, ...values);
        };
      },
    });
    const racing = createRouter({
      services: createServices(slowDb),
      translator: app.translator,
      logger: app.logger,
      features,
      defaultLocale: 'vi',
      rateLimit: { messages: 100, windowMs: 1000 },
      conversationTtlMs: 3600_000,
    });
    const r = await racing.handle({ channel: 'console', chatId: 's5', userId: 's5', text: 'Đồng ý', receivedAt: new Date() });
    expect(texts(r)).toContain('vẫn đang được xử lý');
  });

  it('lets only one of two writers holding the same version save', async () => {
    await say(app, 's6', '/hoso');
    const loaded = await loadConversation(app.db.prisma, 'console', 's6', new Date());
    const later = new Date(Date.now() + 3600_000);
    expect(await saveConversation(app.db.prisma, 'console', 's6', { ...loaded, step: 'name' }, later)).toBe(loaded.version + 1);
    await expect(saveConversation(app.db.prisma, 'console', 's6', { ...loaded, step: 'phone' }, later)).rejects.toBeInstanceOf(ConversationConflictError);
    expect((await loadConversation(app.db.prisma, 'console', 's6', new Date())).step).toBe('name');
  });

  it('processes a platform event once even when it is delivered twice', async () => {
    const msg = { channel: 'telegram' as const, chatId: '77', userId: '77', text: '/start', platformMessageId: '9001', receivedAt: new Date() };
    expect(await app.router.handle(msg)).toHaveLength(1);
    expect(await app.router.handle(msg)).toHaveLength(0);
  });
});

describe('housekeeping', () => {
  it('prunes old event ids and long-expired conversations, and nothing else', async () => {
    const now = new Date();
    await app.db.prisma.inboundEvent.createMany({
      data: [
        { channel: 'telegram', eventId: 'old', receivedAt: new Date(now.getTime() - 8 * 86_400_000) },
        { channel: 'telegram', eventId: 'recent', receivedAt: new Date(now.getTime() - 86_400_000) },
      ],
    });
    await app.db.prisma.conversationState.createMany({
      data: [
        { channel: 'console', chatId: 'gone', expiresAt: new Date(now.getTime() - 2 * 86_400_000) },
        { channel: 'console', chatId: 'live', expiresAt: new Date(now.getTime() + 86_400_000) },
      ],
    });
    const officer = await app.db.prisma.person.create({ data: { role: 'officer', province: 'Tỉnh A' } });
    await app.db.prisma.webLoginLink.createMany({
      data: [
        { personId: officer.id, hash: 'old-link', expiresAt: new Date(now.getTime() - 2 * 86_400_000) },
        { personId: officer.id, hash: 'new-link', expiresAt: new Date(now.getTime() + 600_000) },
      ],
    });
    await app.db.prisma.webSession.create({ data: { personId: officer.id, hash: 'old-session', expiresAt: new Date(now.getTime() - 2 * 86_400_000) } });
    const pruned = await pruneExpired(app.db.prisma, now);
    expect(pruned).toMatchObject({ events: 1, conversations: 1, webSignIns: 2 });
    expect((await app.db.prisma.webLoginLink.findMany({ select: { hash: true } })).map((l) => l.hash)).toEqual(['new-link']);
    expect(await app.db.prisma.inboundEvent.findMany({ where: { eventId: { in: ['old', 'recent'] } } })).toHaveLength(1);
    expect(await app.db.prisma.conversationState.findUnique({ where: key('live') })).not.toBeNull();
  });
});
