import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelLane } from '../../src/delivery/channel-lane.js';
import { SendQuotaError } from '../../src/delivery/retry-policy.js';
import { reportMessage } from '../../src/handlers/announcements/announcement-report.js';
import { createLogger } from '../../src/lib/logger.js';
import { vnNextHour } from '../../src/lib/vn-time.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { PATHS, startFakeZaloOa, type FakeZaloOaServer } from '../fakes/zalo-oa-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Issue 16, part 4: each class of documented Zalo OA error, end to end through the fake OA — an
// interactive reply (inbox worker) or an announcement's copy (channel lane) — and what it does to
// the account and to the outbox row. The table itself is unit-tested in classify.test.ts.

let fake: FakeZaloOaServer;
let app: TestApp;
let channels: Channels;
let announcementId: number;
const logger = createLogger({ level: 'silent' });

const account = (userId: string) => app.db.prisma.channelAccount.findUnique({ where: { channel_externalId: { channel: 'zalo_oa', externalId: userId } } });
const csCalls = () => fake.callsOf(PATHS.cs).length;

async function push(event: Record<string, unknown>) {
  const res = await fake.pushEvent(event);
  expect(res.status).toBe(200);
  await channels.zaloOa!.idle();
}

/** A person with a Zalo OA account and one announcement copy addressed to it; returns the row id. */
async function queueCopy(userId: string): Promise<number> {
  const person = await app.db.prisma.person.create({ data: { role: 'member', accounts: { create: { channel: 'zalo_oa', externalId: userId } } } });
  const row = await app.db.prisma.outboxMessage.create({
    data: {
      topic: `announcement:${announcementId}`,
      announcementId,
      personId: person.id,
      channel: 'zalo_oa',
      externalId: userId,
      message: { text: 'Tập huấn' },
    },
  });
  return row.id;
}

/** Runs a Zalo OA lane until the row has been tried once (sent, settled, or put back with its error). */
async function sendCopy(rowId: number) {
  // A row put back earlier keeps its error: cleared, so that only this try's outcome ends the wait.
  await app.db.prisma.outboxMessage.update({ where: { id: rowId }, data: { lastError: null } });
  const lane = createChannelLane({ services: app.services, channel: 'zalo_oa', send: channels.zaloOa!.send, perSecond: 50, logger, pollMs: 20 });
  lane.start();
  const end = Date.now() + 20_000;
  try {
    for (;;) {
      const row = await app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: rowId } });
      if (row.status === 'sent' || row.status === 'undeliverable' || row.status === 'failed' || (row.status === 'pending' && row.lastError)) return row;
      if (Date.now() > end) throw new Error(`row ${rowId} still ${row.status}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  } finally {
    await lane.stop();
  }
}

beforeAll(async () => {
  fake = await startFakeZaloOa({ refreshToken: 'refresh-errors' });
  app = await createTestApp({ secrets: [fake.appSecret, fake.oaSecretKey, 'refresh-errors'] });
  channels = await startChannels(app, {
    zaloOa: {
      appId: fake.appId,
      appSecret: fake.appSecret,
      oaSecretKey: fake.oaSecretKey,
      refreshToken: 'refresh-errors',
      apiRoot: fake.url,
      oauthRoot: fake.url,
    },
    http: { host: '127.0.0.1', port: 0 },
  });
  fake.setWebhook(`${channels.http.url}/zalo/oa/webhook`);
  const a = await app.db.prisma.announcement.create({
    data: { kind: 'training', title: 'Tập huấn', body: 'Tập huấn', audience: 'members', status: 'sending', queuedAt: new Date() },
  });
  announcementId = a.id;
});
afterAll(async () => {
  await channels?.close();
  await fake?.close();
  await app?.close();
});

describe('Zalo OA errors: unreachable (window, follow, user state)', () => {
  it('-231 (outside the window) marks the account unreachable until the user writes again, with one attempt', async () => {
    await push(fake.textEvent('err-231', '/start'));
    fake.failNext(PATHS.cs, { error: -231, message: 'User has not interacted with OA in the consultation window' });
    const before = csCalls();
    await push(fake.textEvent('err-231', '/menu'));
    expect(csCalls()).toBe(before + 1);
    expect(await account('err-231')).toMatchObject({ unreachableReason: 'outside_window', optedOut: false, blockedAt: null });
    await push(fake.textEvent('err-231', '/menu'));
    expect(await account('err-231')).toMatchObject({ unreachableAt: null, unreachableReason: null });
  });

  it('-217 (declined the follow invitation) is its own reason, not a block: not opted out', async () => {
    await push(fake.textEvent('err-217', '/start'));
    fake.failNext(PATHS.cs, { error: -217, message: 'User has declined the invitation' });
    const before = csCalls();
    await push(fake.textEvent('err-217', '/menu'));
    expect(csCalls()).toBe(before + 1);
    expect(await account('err-217')).toMatchObject({ unreachableReason: 'declined', optedOut: false, blockedAt: null });
  });

  it.each([
    [-213, 'not_follower'],
    [-227, 'inactive'],
    [-244, 'restricted'],
    [-230, 'outside_window'],
  ])('%i on an announcement copy: undeliverable, account unreachable (%s), not retried', async (code, reason) => {
    const user = `err-lane${code}`;
    const id = await queueCopy(user);
    fake.failNext(PATHS.cs, { error: code });
    const before = csCalls();
    const row = await sendCopy(id);
    expect(row).toMatchObject({ status: 'undeliverable', lastError: `unreachable: ${reason}` });
    expect(csCalls()).toBe(before + 1);
    expect(await account(user)).toMatchObject({ unreachableReason: reason, optedOut: false, blockedAt: null });
  });
});

describe('Zalo OA errors: the OA quota or package (not the user)', () => {
  it('-211 (quota used up): the copy waits about an hour, not failed, attempt not counted; the account is untouched; the report says so', async () => {
    const id = await queueCopy('err-211');
    fake.failNext(PATHS.cs, { error: -211, message: 'Quota exceeded' });
    const before = csCalls();
    const started = Date.now();
    const row = await sendCopy(id);
    expect(csCalls()).toBe(before + 1); // not retried at once
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(0);
    expect(row.lastError).toMatch(/^quota: .*-211/);
    expect(row.availableAt.getTime() - started).toBeGreaterThan(50 * 60_000);
    expect(row.availableAt.getTime() - started).toBeLessThan(70 * 60_000);
    expect(await account('err-211')).toMatchObject({ unreachableAt: null, unreachableReason: null, optedOut: false, blockedAt: null });
    const stats = await app.services.announcementStats(announcementId);
    expect(stats.held).toContainEqual({ channel: 'zalo_oa', reason: 'quota', n: 1 });
    const vi = await reportMessage({ services: app.services }, app.translator('vi'), 'vi', { id: announcementId, title: 'Tập huấn', kind: 'training' }, false);
    expect(vi.text).toContain('Zalo OA: hết hạn mức gửi tin (1)');
    // Tried again once due: delivered.
    await app.db.prisma.outboxMessage.update({ where: { id }, data: { availableAt: new Date() } });
    expect(await sendCopy(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('-224 (OA package too low): waits hours, shown as its own line in both languages', async () => {
    const id = await queueCopy('err-224');
    fake.failNext(PATHS.cs, { error: -224, message: 'OA package does not support this feature' });
    const row = await sendCopy(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row.lastError).toMatch(/^package: /);
    expect(row.availableAt.getTime() - Date.now()).toBeGreaterThan(5 * 3_600_000);
    expect(await account('err-224')).toMatchObject({ unreachableAt: null, optedOut: false });
    const a = { id: announcementId, title: 'Tập huấn', kind: 'training' };
    expect((await reportMessage({ services: app.services }, app.translator('vi'), 'vi', a, false)).text).toContain('Zalo OA: gói OA không đủ để gửi (1)');
    expect((await reportMessage({ services: app.services }, app.translator('en'), 'en', a, false)).text).toContain(
      'Zalo OA: the OA package does not allow sending (1)',
    );
  });

  it('-218 on a message to one person (reminder path): thrown as SendQuotaError, the account left alone', async () => {
    const person = await app.db.prisma.person.create({ data: { role: 'member', accounts: { create: { channel: 'zalo_oa', externalId: 'err-218' } } } });
    fake.failNext(PATHS.cs, { error: -218, message: 'User receive quota exceeded' });
    await expect(channels.sendToPerson(person.id, { text: 'Nhắc báo cáo' })).rejects.toBeInstanceOf(SendQuotaError);
    expect(await account('err-218')).toMatchObject({ unreachableAt: null, optedOut: false, blockedAt: null });
  });

  it('-211 on an interactive reply: given up, the account left alone', async () => {
    await push(fake.textEvent('err-211-reply', '/start'));
    fake.failNext(PATHS.cs, { error: -211 });
    const before = csCalls();
    await push(fake.textEvent('err-211-reply', '/menu'));
    expect(csCalls()).toBe(before + 1);
    expect(await account('err-211-reply')).toMatchObject({ unreachableAt: null, optedOut: false, blockedAt: null });
  });
});

describe('Zalo OA errors: later, passing faults, tokens', () => {
  it('-234 (night ban): the copy waits until 06:00 Việt Nam time', async () => {
    const id = await queueCopy('err-234');
    fake.failNext(PATHS.cs, { error: -234, message: 'Cannot send this message type from 22h to 6h' });
    const row = await sendCopy(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row.lastError).toMatch(/^night_ban: /);
    const sixAm = vnNextHour(new Date(), 6).getTime();
    expect(row.availableAt.getTime()).toBeGreaterThanOrEqual(sixAm - 60_000);
    expect(row.availableAt.getTime()).toBeLessThanOrEqual(sixAm + 5 * 60_000);
    expect(await account('err-234')).toMatchObject({ unreachableAt: null, optedOut: false });
  });

  it('-32 (rate limit) is retried after a pause and delivered once', async () => {
    const id = await queueCopy('err-32');
    fake.failNext(PATHS.cs, { error: -32, message: 'rate limit' });
    const before = csCalls();
    expect(await sendCopy(id)).toMatchObject({ status: 'sent' });
    expect(csCalls()).toBe(before + 2);
    expect(fake.sentTo('err-32')).toHaveLength(1);
  });

  it('-100 (attachment expired): the file is uploaded again and sent', async () => {
    const uploads = fake.uploads.length;
    const texts = fake.waitFor(PATHS.cs, fake.callsOf(PATHS.cs).filter((c) => c.result?.error === 0).length + 1);
    fake.latencyMs = 150; // time to script the file message's failure once the text went
    const sending = channels.zaloOa!.send('err-100', {
      text: 'Báo cáo',
      document: { filename: 'bc.pdf', content: Buffer.from('%PDF-1.4 x'), mimeType: 'application/pdf' },
    });
    await texts;
    fake.failNext(PATHS.cs, { error: -100, message: 'attachment is expired' });
    await sending;
    fake.latencyMs = 0;
    expect(fake.uploads.length).toBe(uploads + 2);
    expect(fake.sentTo('err-100').filter((m) => m.file)).toHaveLength(1);
  });

  it('-216 (invalid access token): refreshed once and retried once', async () => {
    const refreshes = fake.refreshCount;
    fake.failNext(PATHS.cs, { error: -216, message: 'Access token is invalid' });
    await channels.zaloOa!.send('err-216', { text: 'Xin chào' });
    expect(fake.refreshCount).toBe(refreshes + 1);
    expect(fake.sentTo('err-216')).toHaveLength(1);
  });
});
