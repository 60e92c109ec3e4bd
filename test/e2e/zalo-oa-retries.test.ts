import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannels, type ChannelConfig, type Channels } from '../../src/start-channels.js';
import { startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { freePort } from '../support/channel-drivers.js';
import { createPeerApp, createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Zalo redelivers a webhook call not answered 200 (reportedly after 30 s, 5, 15, 30 min and 1 h),
 * so a correctly signed event may come long after its timestamp, and more than once: each is
 * handled once, through the inbox (unique on channel + msg_id), by whichever of two app instances
 * on one database receives it.
 */
let fake: FakeZaloOaServer;
let app: TestApp;
let peer: TestApp;
let a: Channels;
let b: Channels;

beforeAll(async () => {
  fake = await startFakeZaloOa({ refreshToken: 'refresh-retries' });
  app = await createTestApp({ secrets: [fake.appSecret, fake.oaSecretKey, 'refresh-retries'] });
  peer = await createPeerApp(app);
  const config = (): ChannelConfig => ({
    zaloOa: {
      appId: fake.appId,
      appSecret: fake.appSecret,
      oaSecretKey: fake.oaSecretKey,
      refreshToken: 'refresh-retries',
      apiRoot: fake.url,
      oauthRoot: fake.url,
    },
    http: { host: '127.0.0.1', port: 0 },
  });
  a = await startChannels(app, config());
  b = await startChannels(peer, config());
  fake.setWebhook(`${a.http.url}/zalo/oa/webhook`);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await fake?.close();
  await peer?.close();
  await app?.close();
});

const idle = async () => {
  await a.inbox.idle();
  await b.inbox.idle();
};
/** What the database holds for one event: its inbox rows, and the replies recorded for its chat. */
async function stored(userId: string, msgId: string) {
  const events = await app.db.prisma.inboxEvent.findMany({ where: { channel: 'zalo_oa', eventId: msgId } });
  const replies = await app.db.prisma.inboxReply.findMany({ where: { chatKey: `zalo_oa:${userId}` } });
  return { events: events.map((e) => ({ handled: e.handledAt !== null })), replies: replies.map((r) => r.outcome) };
}

describe('Zalo OA retries and deduplication', () => {
  it.each([
    ['6 minutes', 6 * 60_000],
    ['1 hour', 3600_000],
  ])('an event delivered %s after its timestamp is answered once, and its retry is a no-op', async (_, lateMs) => {
    const userId = `oa-late-${lateMs}`;
    const msgId = `late-${lateMs}`;
    const event = fake.textEvent(userId, '/start', { msgId, timestamp: String(Date.now() - lateMs) });
    expect((await fake.pushEvent(event)).status).toBe(200);
    await idle();
    expect(fake.sentTo(userId)).toHaveLength(1);
    expect(fake.sentTo(userId)[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    // Zalo delivers the same signed bytes again (it missed our answer): acknowledged, not answered again.
    expect((await fake.pushEvent(event)).status).toBe(200);
    await idle();
    expect(fake.sentTo(userId)).toHaveLength(1);
    expect(await stored(userId, msgId)).toEqual({ events: [{ handled: true }], replies: ['sent'] });
    expect(app.logs.some((l) => l.msg === 'duplicate event ignored' && l.eventId === msgId)).toBe(true);
  });

  it('the bot down at the first delivery: the fake redelivers 30 s later, handled once, and stops retrying', async () => {
    fake.setWebhook(`http://127.0.0.1:${await freePort()}/zalo/oa/webhook`); // nothing listens there
    const event = fake.textEvent('oa-down', '/start', { msgId: 'down-1' });
    expect((await fake.pushEvent(event)).status).toBe(0);
    expect(fake.pendingRetries()).toBe(1);
    fake.setWebhook(`${a.http.url}/zalo/oa/webhook`); // the bot is back
    const made = await fake.advanceClock(30_000);
    expect(made.map((d) => [d.numRetry, d.status])).toEqual([[1, 200]]);
    await idle();
    expect(fake.sentTo('oa-down')).toHaveLength(1);
    expect(await fake.advanceClock(3 * 3600_000)).toEqual([]);
    await idle();
    expect(fake.sentTo('oa-down')).toHaveLength(1);
    expect(fake.deliveries.filter((d) => d.msgId === 'down-1').map((d) => [d.numRetry, d.status])).toEqual([
      [0, 0],
      [1, 200],
    ]);
    expect(await stored('oa-down', 'down-1')).toEqual({ events: [{ handled: true }], replies: ['sent'] });
  });

  it('the same event delivered to two app instances sharing one database is handled once', async () => {
    const event = fake.textEvent('oa-two', '/start', { msgId: 'two-1' });
    fake.setWebhook(`${a.http.url}/zalo/oa/webhook`);
    const toA = fake.pushEvent(event);
    fake.setWebhook(`${b.http.url}/zalo/oa/webhook`);
    const toB = fake.pushEvent(event);
    expect((await Promise.all([toA, toB])).map((r) => r.status)).toEqual([200, 200]);
    await idle();
    expect(fake.sentTo('oa-two')).toHaveLength(1);
    // A later retry reaching the other instance is a no-op too.
    fake.setWebhook(`${a.http.url}/zalo/oa/webhook`);
    expect((await fake.pushEvent(event)).status).toBe(200);
    await idle();
    expect(fake.sentTo('oa-two')).toHaveLength(1);
    expect(await stored('oa-two', 'two-1')).toEqual({ events: [{ handled: true }], replies: ['sent'] });
  });

  it('a follow redelivered is greeted once (its event id is the follower and the timestamp)', async () => {
    const follow = fake.followEvent('oa-follow-again', true, { timestamp: String(Date.now() - 20 * 60_000) });
    fake.setWebhook(`${a.http.url}/zalo/oa/webhook`);
    expect((await fake.pushEvent(follow)).status).toBe(200);
    fake.setWebhook(`${b.http.url}/zalo/oa/webhook`);
    expect((await fake.pushEvent(follow)).status).toBe(200);
    await idle();
    expect(fake.sentTo('oa-follow-again')).toHaveLength(1);
    expect(await app.db.prisma.inboxEvent.count({ where: { chatKey: 'zalo_oa:oa-follow-again' } })).toBe(1);
  });
});
