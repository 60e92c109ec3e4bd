/**
 * Answering an announcement by typing on the Zalo Bot API (text only: its buttons arrive as a
 * numbered list), through the fake Bot API server and the real Zalo Bot lane of the outbox.
 *
 * Cases tried as a new user, as the router behaved before this change (the same cases on the
 * console are in test/integration/typed-answers.test.ts, which failed then):
 * - `/start`, an announcement of a training arrives (its "1. ✅ Tôi sẽ tham dự / 2. Không tham dự"),
 *   then `1`: it pressed "📝 Đăng ký thông tin" of the older /start menu and opened the
 *   privacy-consent step; no RSVP was kept;
 * - `Không tham dự`, `khong tham du`, `co tham du`, `tham dự`, `bận`, `đi` after the announcement:
 *   no RSVP (the chat's menu did not know the announcement the outbox had sent);
 * - the label of an option of the older menu: pressed it silently;
 * - `dung` in an idle chat: asked first already (as the README says); `co` then was no label (now
 *   it turns announcements off); `dung` right after a policy answer answered "Đã hủy." (now asks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelLane, type ChannelLane } from '../../src/delivery/channel-lane.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { announcementMessage } from '../../src/handlers/announcements/announcement-text.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { startFakeZaloBot, type FakeZaloBotServer } from '../fakes/zalo-bot-server.js';
import { zaloBotUser, type ChannelUser } from '../support/channel-drivers.js';
import { createCooperative, createMember } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = '1234567890:zalo-test-secret-typed';
const DAY = 24 * 3_600_000;
const TITLE = 'Tập huấn bán hàng trực tuyến';

let fake: FakeZaloBotServer;
let app: TestApp;
let channels: Channels;
let lane: ChannelLane;
let coopId: number;
const db = () => app.db.prisma;

beforeAll(async () => {
  fake = await startFakeZaloBot({ token: TOKEN });
  app = await createTestApp({ secrets: [TOKEN] });
  channels = await startChannels(app, { zaloBot: { token: TOKEN, mode: 'polling', apiRoot: fake.apiRoot }, http: { host: '127.0.0.1', port: 0 } });
  lane = createChannelLane({ services: app.services, channel: 'zalo_bot', send: channels.senders.zalo_bot!, perSecond: 50, logger: app.logger, pollMs: 50 });
  lane.start();
  coopId = (await createCooperative(db(), { name: 'HTX Rau sạch An Bình', province: 'Thái Bình', commune: 'Xã An Bình' })).id;
});
afterAll(async () => {
  await lane?.stop();
  await channels?.close();
  await fake?.close();
  await app?.close();
});

async function personOf(userId: string): Promise<number> {
  const a = await db().channelAccount.findUniqueOrThrow({ where: { channel_externalId: { channel: 'zalo_bot', externalId: userId } } });
  return a.personId;
}

/** A training announced to this Zalo Bot user, queued in the outbox and sent by the lane; resolves once it arrived. */
async function announce(userId: string, o: { registerBy?: Date } = {}): Promise<number> {
  const startsAt = new Date(Date.now() + 10 * DAY);
  const a = await db().announcement.create({
    data: {
      kind: 'training',
      title: TITLE,
      body: 'Hướng dẫn mở gian hàng trên sàn thương mại điện tử.',
      startsAt,
      place: 'Hội trường xã An Bình',
      registerBy: o.registerBy ?? new Date(startsAt.getTime() - 2 * DAY),
      audience: 'both',
      status: 'sending',
      queuedAt: new Date(),
    },
  });
  await db().outboxMessage.create({
    data: {
      topic: `announcement:${a.id}`,
      personId: await personOf(userId),
      announcementId: a.id,
      message: announcementMessage(app.translator('vi'), a) as unknown as Prisma.InputJsonValue,
      channel: 'zalo_bot',
      externalId: userId,
    },
  });
  const deadline = Date.now() + 10_000;
  while (!fake.sentTo(userId).some((m) => m.text?.includes(TITLE))) {
    if (Date.now() > deadline) throw new Error('the announcement did not arrive');
    await new Promise((r) => setTimeout(r, 50));
  }
  const row = await db().outboxMessage.findFirstOrThrow({ where: { announcementId: a.id } });
  for (let i = 0; row.status !== 'sent' && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    Object.assign(row, await db().outboxMessage.findFirstOrThrow({ where: { announcementId: a.id } }));
  }
  expect(row.status).toBe('sent');
  return a.id;
}

const rsvpOf = async (announcementId: number, userId: string) =>
  (await db().rsvp.findUnique({ where: { announcementId_personId: { announcementId, personId: await personOf(userId) } } }))?.attending ?? null;

async function member(userId: string): Promise<ChannelUser> {
  await createMember(db(), { cooperativeId: coopId, accounts: { channel: 'zalo_bot', externalId: userId, lastInboundAt: new Date() } });
  return zaloBotUser(fake, channels, userId);
}

const seen = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');

describe('Zalo Bot: typed answers to an announcement', () => {
  it('the announcement shows its two options as a numbered list', async () => {
    const user = await member('zb-t-list');
    await user.say('/start');
    await announce('zb-t-list');
    const last = fake.sentTo('zb-t-list').at(-1)!.text!;
    expect(last).toContain('1. ✅ Tôi sẽ tham dự\n2. Không tham dự');
  });

  it('"1" after /start and an announcement records "will attend" (not the older menu\'s privacy step)', async () => {
    const user = await member('zb-t-1');
    expect(seen(await user.say('/start'))).toContain('1. 📝 Đăng ký thông tin');
    const ann = await announce('zb-t-1');
    const r = seen(await user.say('1'));
    expect(r).toContain(`✅ Đã ghi nhận anh/chị sẽ tham dự «${TITLE}»`);
    expect(r).not.toMatch(/dữ liệu cá nhân/i);
    expect(await rsvpOf(ann, 'zb-t-1')).toBe(true);
  });

  it.each([
    ['Không tham dự', false],
    ['khong tham du', false],
    ['bận', false],
    ['co tham du', true],
    ['tham dự', true],
    ['đi', true],
  ] as const)('"%s" records attending=%s', async (typed, attending) => {
    const id = `zb-t-${typed}`;
    const user = await member(id);
    await user.say('/menu');
    const ann = await announce(id);
    expect(seen(await user.say(typed))).toContain(attending ? 'Đã ghi nhận anh/chị sẽ tham dự' : 'Đã ghi nhận anh/chị không tham dự');
    expect(await rsvpOf(ann, id)).toBe(attending);
  });

  it('an option of the older menu gets "the menu has changed" with the current options, never a press', async () => {
    const user = await member('zb-t-old');
    await user.say('/menu');
    const ann = await announce('zb-t-old');
    const r = seen(await user.say('Dữ liệu của tôi'));
    expect(r).toContain('Các lựa chọn đã thay đổi');
    expect(r).toContain('1. ✅ Tôi sẽ tham dự\n2. Không tham dự');
    expect(await rsvpOf(ann, 'zb-t-old')).toBeNull();
    expect(seen(await user.say('2'))).toContain('Đã ghi nhận anh/chị không tham dự');
    expect(await rsvpOf(ann, 'zb-t-old')).toBe(false);
  });

  it('after registration closed, a polite message and nothing recorded', async () => {
    const user = await member('zb-t-late');
    const ann = await announce('zb-t-late', { registerBy: new Date(Date.now() - DAY) });
    expect(seen(await user.say('tham du'))).toContain(`Đã hết hạn đăng ký «${TITLE}»`);
    expect(await rsvpOf(ann, 'zb-t-late')).toBeNull();
  });

  it('"dung" in an idle chat asks before turning announcements off; "1" confirms', async () => {
    const user = await member('zb-t-dung');
    const ask = seen(await user.say('dung'));
    expect(ask).toContain('Anh/chị muốn tắt thông báo tập huấn, hội chợ?');
    expect(ask).toContain('1. 🔕 Tắt thông báo\n2. Không');
    const p0 = await db().person.findUniqueOrThrow({ where: { id: await personOf('zb-t-dung') } });
    expect(p0.announcementsOffAt).toBeNull();
    expect(seen(await user.say('co'))).toContain('Đã tắt thông báo tập huấn, hội chợ.');
    const p = await db().person.findUniqueOrThrow({ where: { id: await personOf('zb-t-dung') } });
    expect(p.announcementsOffAt).toBeInstanceOf(Date);
  });

  it('"dung" after a policy answer asks too (it answered "Đã hủy." there)', async () => {
    const user = await member('zb-t-dung-qa');
    await user.say('vay von');
    const ask = seen(await user.say('dung'));
    expect(ask).not.toContain('Đã hủy');
    expect(ask).toContain('Anh/chị muốn tắt thông báo tập huấn, hội chợ?');
    const p = await db().person.findUniqueOrThrow({ where: { id: await personOf('zb-t-dung-qa') } });
    expect(p.announcementsOffAt).toBeNull();
  });
});
