import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationConflictError, emptyConversation } from '../../src/services/conversations/conversation.js';
import { pruneExpired } from '../../src/services/maintenance/prune-expired.js';
import { InboxEventHandledError } from '../../src/services/inbox/settle-inbox-event.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The inbox's rules on a real database: stored once, settled all or nothing, one owner per chat. */
describe('the durable inbox (services)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  const s = () => app.services;
  const entry = (eventId: string, chatId = 'c1') => ({ channel: 'telegram', eventId, chatId, payload: { msg: { text: eventId } } });

  it('stores an event once per (channel, event id)', async () => {
    expect(await s().storeInboxEvent(entry('e1'))).toBe(true);
    expect(await s().storeInboxEvent(entry('e1'))).toBe(false);
    expect(await s().storeInboxEvent({ ...entry('e1'), channel: 'zalo_oa' })).toBe(true);
    expect(await app.db.prisma.inboxEvent.count({ where: { eventId: 'e1' } })).toBe(2);
  });

  it('gives a chat to one owner at a time, and takes over an expired lease', async () => {
    expect(await s().claimChatLease('telegram:c1', 'a', 60_000)).toBe(true);
    expect(await s().claimChatLease('telegram:c1', 'b', 60_000)).toBe(false);
    expect(await s().claimChatLease('telegram:c1', 'a', 60_000)).toBe(true); // its own, renewed
    expect(await s().listInboxChats(10)).not.toContain('telegram:c1'); // leased: not offered
    await app.db.prisma.chatLease.update({ where: { chatKey: 'telegram:c1' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await s().listInboxChats(10)).toContain('telegram:c1');
    expect(await s().listInboxChats(10, ['telegram'])).toContain('telegram:c1');
    expect(await s().listInboxChats(10, ['zalo_bot'])).not.toContain('telegram:c1'); // not served here
    expect(await s().claimChatLease('telegram:c1', 'b', 60_000)).toBe(true);
    await s().releaseChatLease('telegram:c1', 'a'); // not a's any more: kept
    expect(await app.db.prisma.chatLease.findUnique({ where: { chatKey: 'telegram:c1' } })).toMatchObject({ owner: 'b' });
    await s().releaseChatLease('telegram:c1', 'b');
    expect(await app.db.prisma.chatLease.count()).toBe(0);
    await s().claimChatLease('telegram:c9', 'gone', 60_000);
    expect(await s().listChatLeaseOwners()).toEqual(['gone']);
    expect(await s().dropChatLeases(['gone'])).toBe(1);
    expect(await app.db.prisma.chatLease.count()).toBe(0);
  });

  it('hands out the oldest event of a chat, and settles it with its replies in one transaction', async () => {
    await s().storeInboxEvent(entry('e2'));
    const first = await s().nextInboxWork('telegram:c1');
    expect(first.event).toMatchObject({ eventId: 'e1' });
    // A conversation conflict rolls everything back: no handled mark, no reply.
    await app.services.saveConversation('telegram', 'c1', { ...emptyConversation(), flow: 'x', step: 'y' }, new Date(Date.now() + 60_000));
    await expect(
      s().settleInboxEvent({
        inboxId: first.event!.id,
        channel: 'telegram',
        chatId: 'c1',
        conversation: { next: { ...emptyConversation(), flow: 'z' }, expiresAt: new Date(Date.now() + 60_000) },
        replies: [{ text: 'lost' }],
      }),
    ).rejects.toBeInstanceOf(ConversationConflictError);
    expect(await app.db.prisma.inboxReply.count()).toBe(0);
    expect((await s().nextInboxWork('telegram:c1')).event).toMatchObject({ eventId: 'e1' });

    const ids = await s().settleInboxEvent({
      inboxId: first.event!.id,
      channel: 'telegram',
      chatId: 'c1',
      conversation: null,
      replies: [{ text: 'a' }, { text: 'b' }],
    });
    expect(ids).toHaveLength(2);
    await expect(s().settleInboxEvent({ inboxId: first.event!.id, channel: 'telegram', chatId: 'c1', conversation: null, replies: [] })).rejects.toBeInstanceOf(
      InboxEventHandledError,
    );
    // Replies recorded and not sent come before the next event.
    const next = await s().nextInboxWork('telegram:c1');
    expect(next.replies.map((r) => r.message)).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(next.event).toBeNull();
    for (const id of ids) await s().markInboxReplySent(id, 'sent');
    expect((await s().nextInboxWork('telegram:c1')).event).toMatchObject({ eventId: 'e2' });
  });

  it('gives up an event that keeps failing, so that the chat moves on', async () => {
    const { event } = await s().nextInboxWork('telegram:c1');
    expect(await s().failInboxEvent(event!.id, 2)).toBe(false);
    expect(await s().failInboxEvent(event!.id, 2)).toBe(true);
    expect((await s().nextInboxWork('telegram:c1')).event).toBeNull();
  });

  it('prunes handled events after 30 days and sent replies after a day, never unhandled ones', async () => {
    await s().storeInboxEvent(entry('e-old-unhandled', 'c2'));
    const later = new Date(Date.now() + 31 * 86_400_000);
    const pruned = await pruneExpired(app.db.prisma, later);
    expect(pruned.inbox).toBeGreaterThanOrEqual(2); // e1 (telegram) and e2, both handled
    expect(await app.db.prisma.inboxEvent.findMany({ where: { channel: 'telegram' }, select: { eventId: true } })).toEqual([{ eventId: 'e-old-unhandled' }]);
    expect(await app.db.prisma.inboxReply.count()).toBe(0);
  });
});
