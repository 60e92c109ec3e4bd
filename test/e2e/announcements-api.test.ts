import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { finishAnnouncements } from '../../src/services/announcements/finish-announcements.js';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { revokeApiToken } from '../../src/services/api-tokens/revoke-api-token.js';
import { startChannels, type Channels } from '../../src/start-channels.js';
import { runEntry } from '../support/chat-process.js';
import { createCooperative, createPerson, type PersonSeed } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TB = 'Thái Bình';
const HN = 'Hà Nam';
const DAY = 24 * 3_600_000;
const root = mkdtempSync(path.join(tmpdir(), 'htx-announce-'));

let app: TestApp;
let channels: Channels;
const db = () => app.db.prisma;
const people: Record<string, number> = {};
const tokens: Record<string, string> = {};

const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const training = (extra: Record<string, unknown> = {}) => ({
  kind: 'training',
  title: 'Tập huấn bán hàng trực tuyến',
  body: 'Hướng dẫn mở gian hàng trên sàn thương mại điện tử cho các HTX.',
  startsAt: future(10).replace('Z', '+00:00'),
  place: 'Hội trường UBND xã An Bình',
  registerBy: future(7),
  audience: 'directors',
  ...extra,
});

async function api(method: 'GET' | 'POST', pathAndQuery: string, o: { token?: string; body?: unknown; authorization?: string } = {}) {
  const authorization = o.authorization ?? (o.token ? `Bearer ${o.token}` : undefined);
  const res = await fetch(`${channels.http.url}${pathAndQuery}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}
const post = (token: string | undefined, body: unknown) => api('POST', '/api/v1/announcements', { token, body });

const run = (args: string[], env: Record<string, string>) => runEntry('scripts/announce.ts', args, env);
function writeJson(name: string, data: unknown): string {
  const file = path.join(root, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

beforeAll(async () => {
  app = await createTestApp();
  channels = await startChannels(app, { http: { host: '127.0.0.1', port: 0 } });
  const coop = (name: string, province: string, commune: string, sector = 'agriculture') => createCooperative(db(), { name, province, commune, sector });
  const a1 = await coop('HTX Nông nghiệp An Bình', TB, 'Xã An Bình');
  const a2 = await coop('HTX Mây tre An Bình', TB, 'Xã An Bình', 'handicraft');
  const b1 = await coop('HTX Bình Minh', TB, 'Xã Bình Minh');
  const h1 = await coop('HTX Kim Bảng', HN, 'Xã Kim Bảng');
  // Named after their console account, active just now.
  const person = async (key: string, s: PersonSeed) => {
    people[key] = await createPerson(db(), { ...s, name: key, accounts: { externalId: key, lastInboundAt: new Date() } });
  };
  await person('dir-a1', { role: 'director', cooperativeId: a1.id });
  await person('dir-a2', { role: 'director', cooperativeId: a2.id });
  await person('dir-a2-off', { role: 'director', cooperativeId: a2.id, announcementsOffAt: new Date() });
  await person('mem-a1', { role: 'member', cooperativeId: a1.id });
  await person('dir-b1', { role: 'director', cooperativeId: b1.id });
  await person('dir-h1', { role: 'director', cooperativeId: h1.id });
  await person('officer-tb', { role: 'officer', province: TB });
  await person('officer-hn', { role: 'officer', province: HN });
  await person('officer-bm', { role: 'officer', province: TB, commune: 'Xã Bình Minh' });
  for (const key of ['officer-tb', 'officer-hn', 'officer-bm'])
    tokens[key] = (await createApiToken(db(), { personId: people[key]!, name: `Hệ thống ${key}` })).token;
});
afterAll(async () => {
  await channels?.close();
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the officer API: POST /api/v1/announcements', () => {
  it('refuses calls without a valid token (401)', async () => {
    const revoked = await createApiToken(db(), { personId: people['officer-tb']!, name: 'Thu hồi' });
    await revokeApiToken(db(), { tokenId: revoked.id });
    const before = await db().announcement.count();
    for (const authorization of [undefined, 'Bearer htx_wrong', `Bearer htx_${'x'.repeat(43)}`, `Bearer ${revoked.token}`, `Basic ${tokens['officer-tb']}`]) {
      const r = await api('POST', '/api/v1/announcements', { authorization, body: training() });
      expect(r.status, String(authorization)).toBe(401);
      expect(r.json.error).toBe('unauthorized');
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await api('GET', '/api/v1/announcements/1')).status).toBe(401);
    expect(await db().announcement.count()).toBe(before);
  });

  it('answers 400 with the problems of an invalid body', async () => {
    const token = tokens['officer-tb']!;
    const notJson = await post(token, '{"kind": ');
    expect(notJson).toMatchObject({ status: 400, json: { error: 'invalid_json' } });

    const r = await post(token, {
      kind: 'training',
      title: 'abc',
      body: 'Nội dung đủ dài rồi.',
      audience: 'everyone',
      startAt: future(3),
      communes: ['Xã An Bình', ''],
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_input');
    const at = Object.fromEntries((r.json.issues as { at: string; message: string }[]).map((i) => [i.at, i.message]));
    expect(at).toMatchObject({
      title: 'must have at least 5 characters',
      audience: 'must be one of directors, members, both',
      'communes[1]': 'must be a commune name, not empty',
      startAt: 'is not a known field',
    });
    expect(r.json.issues[0]).toMatchObject({ path: expect.any(Array), code: expect.any(String) });

    const past = await post(token, training({ startsAt: '2020-05-01T08:00:00+07:00' }));
    expect(past.status).toBe(400);
    expect(past.json.issues).toContainEqual(expect.objectContaining({ at: 'startsAt', message: 'must be in the future' }));
    const noPlace = await post(token, training({ place: undefined }));
    expect(noPlace.json.issues).toEqual([expect.objectContaining({ at: 'place', message: 'is required for a training' })]);
  });

  it("answers 403 outside the officer's jurisdiction and 422 for an empty audience", async () => {
    const before = await db().announcement.count();
    const other = await post(tokens['officer-tb'], training({ communes: ['Xã An Bình', 'Xã Kim Bảng'] }));
    expect(other.status).toBe(403);
    expect(other.json).toMatchObject({ error: 'outside_jurisdiction', communes: ['Xã Kim Bảng'] });
    expect(other.json.message).toContain('Xã Kim Bảng');

    const communeOfficer = await post(tokens['officer-bm'], training({ communes: ['Xã An Bình'] }));
    expect(communeOfficer).toMatchObject({ status: 403, json: { error: 'outside_jurisdiction', communes: ['Xã An Bình'] } });

    const hnCoop = await db().cooperative.findFirstOrThrow({ where: { province: HN } });
    const coops = await post(tokens['officer-tb'], training({ cooperativeIds: [hnCoop.id] }));
    expect(coops).toMatchObject({ status: 403, json: { error: 'outside_jurisdiction', cooperativeIds: [hnCoop.id] } });

    const nobody = await post(tokens['officer-tb'], training({ sectors: ['fishing'] }));
    expect(nobody).toMatchObject({ status: 422, json: { error: 'empty_audience' } });
    expect(await db().announcement.count()).toBe(before);
    expect(
      await db().auditLog.count({ where: { action: 'api.announcements.create', actorId: people['officer-tb'], details: { path: ['status'], equals: 403 } } }),
    ).toBe(2);
  });

  it('creates and queues at once (201): outbox copies for exactly the right people; GET shows stats and answers', async () => {
    const token = tokens['officer-tb']!;
    const r = await post(token, training({ communes: ['Xã An Bình'] }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ id: expect.any(Number), status: 'sending', sendAt: null, reach: { total: 2, byChannel: { console: 2 }, optedOut: 1 } });
    const id = r.json.id as number;
    const a = await db().announcement.findUniqueOrThrow({ where: { id } });
    expect(a).toMatchObject({
      province: TB,
      communes: ['Xã An Bình'],
      audience: 'directors',
      createdById: people['officer-tb'],
      status: 'sending',
      progressChatId: null,
    });
    expect(a.queuedAt).toBeInstanceOf(Date);
    const rows = await db().outboxMessage.findMany({ where: { announcementId: id }, orderBy: { personId: 'asc' } });
    expect(rows.map((o) => o.personId)).toEqual([people['dir-a1'], people['dir-a2']]);
    expect(rows.every((o) => o.channel === 'console' && o.status === 'pending')).toBe(true);
    expect((rows[0]!.message as { text: string }).text).toContain('Tập huấn bán hàng trực tuyến');

    const shown = await api('GET', `/api/v1/announcements/${id}`, { token });
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      id,
      title: 'Tập huấn bán hàng trực tuyến',
      status: 'sending',
      stats: { total: 2, sent: 0, waiting: 2 },
      rsvps: { attending: 0, declined: 0 },
    });

    await db().outboxMessage.update({ where: { id: rows[0]!.id }, data: { status: 'sent', sentAt: new Date() } });
    await db().outboxMessage.update({ where: { id: rows[1]!.id }, data: { status: 'undeliverable', lastError: 'blocked: the user blocked the bot' } });
    await db().rsvp.create({ data: { announcementId: id, personId: people['dir-a1']!, attending: true } });
    await finishAnnouncements(db(), new Date());
    const after = await api('GET', `/api/v1/announcements?id=${id}`, { token });
    expect(after.json).toMatchObject({
      status: 'done',
      stats: { total: 2, sent: 1, waiting: 0, blocked: 1, sentByChannel: { console: 1 } },
      rsvps: { attending: 1, declined: 0 },
    });

    // Not visible to another province's officer, nor to the officer of another commune.
    expect(await api('GET', `/api/v1/announcements/${id}`, { token: tokens['officer-hn'] })).toMatchObject({ status: 404, json: { error: 'not_found' } });
    expect((await api('GET', `/api/v1/announcements/${id}`, { token: tokens['officer-bm'] })).status).toBe(404);
    expect((await api('GET', '/api/v1/announcements/999999', { token })).status).toBe(404);
    expect((await api('GET', '/api/v1/announcements/abc', { token })).status).toBe(400);
    expect((await api('GET', '/api/v1/announcements/12/x', { token })).status).toBe(404);
    expect((await api('POST', `/api/v1/announcements/${id}`, { token, body: {} })).status).toBe(405);

    // Every call is audited (who, what, which), the creation also as the domain action.
    const audit = await db().auditLog.findMany({ where: { subject: `announcement:${id}` }, orderBy: { id: 'asc' } });
    expect(audit.map((l) => [l.action, l.actorId])).toEqual([
      ['announcements.create', people['officer-tb']],
      ['api.announcements.create', people['officer-tb']],
      ['api.announcements.read', people['officer-tb']],
      ['api.announcements.read', people['officer-tb']],
      ['api.announcements.read', people['officer-hn']],
      ['api.announcements.read', people['officer-bm']],
    ]);
    expect(audit[0]!.details).toMatchObject({ via: 'api', communes: ['Xã An Bình'] });
    expect(audit[4]!.details).toMatchObject({ status: 404 });
  });

  it('keeps an announcement with sendAt scheduled, queueing nothing yet', async () => {
    const r = await post(tokens['officer-bm'], {
      kind: 'other',
      title: 'Lịch tiếp dân tháng sau',
      body: 'UBND xã tiếp các HTX vào sáng thứ Hai hằng tuần.',
      audience: 'both',
      sendAt: future(2),
    });
    expect(r).toMatchObject({ status: 201, json: { status: 'scheduled', reach: { total: 1 } } });
    expect(r.json.sendAt).toEqual(expect.any(String));
    const a = await db().announcement.findUniqueOrThrow({ where: { id: r.json.id } });
    // A commune officer's announcement goes to their commune.
    expect(a).toMatchObject({ province: TB, communes: ['Xã Bình Minh'], status: 'scheduled', queuedAt: null });
    expect(await db().outboxMessage.count({ where: { announcementId: a.id } })).toBe(0);
  });

  it('never writes a token to the logs', () => {
    const logs = JSON.stringify(app.logs);
    expect(app.logs.some((l) => l.msg === 'api call')).toBe(true);
    for (const token of Object.values(tokens)) expect(logs).not.toContain(token);
  });
});

describe('npm run announce (a real process talking to the running bot)', () => {
  it('validates the file, posts it and returns at once with --no-wait', { timeout: 90_000 }, async () => {
    const file = writeJson('fair.json', {
      kind: 'trade_fair',
      title: 'Hội chợ nông sản Bình Minh',
      body: 'Gian hàng miễn phí cho các HTX của xã.',
      startsAt: future(20),
      place: 'Sân vận động xã',
      audience: 'directors',
    });
    const r = await run(['--file', file, '--url', channels.http.url, '--no-wait'], { HTX_API_TOKEN: tokens['officer-bm']! });
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    const id = Number(/Announcement #(\d+) accepted \(sending\), for 1 people/.exec(r.stdout)?.[1]);
    const rows = await db().outboxMessage.findMany({ where: { announcementId: id } });
    expect(rows.map((o) => o.personId)).toEqual([people['dir-b1']]);
    expect(r.stdout + r.stderr).not.toContain(tokens['officer-bm']);
  });

  it('exits 2 on a broken file, with the JSON path of each problem, sending nothing', { timeout: 90_000 }, async () => {
    const before = await db().announcement.count();
    const bad = writeJson('bad.json', {
      kind: 'training',
      title: 'Tập',
      body: 'Nội dung đủ dài rồi.',
      audience: 'directors',
      startsAt: '2030-01-01 08:00',
      communes: ['Xã An Bình', 7],
      colour: 'red',
    });
    const r = await run(['--file', bad, '--url', channels.http.url, '--no-wait'], { HTX_API_TOKEN: tokens['officer-tb']! });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a valid announcement');
    expect(r.stderr).toContain('title: must have at least 5 characters');
    expect(r.stderr).toContain('startsAt: must be an ISO 8601 date and time with an offset');
    expect(r.stderr).toContain('communes[1]: must be a commune name');
    expect(r.stderr).toContain('colour: is not a known field');

    const notJson = await run(['--file', writeJson('broken.json', '{ "kind": "other", '), '--url', channels.http.url], {
      HTX_API_TOKEN: tokens['officer-tb']!,
    });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not valid JSON');
    const noToken = await run(['--file', bad, '--url', channels.http.url], {});
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('HTX_API_TOKEN');
    const refused = await run(['--file', writeJson('other.json', training({ communes: ['Xã Kim Bảng'] })), '--url', channels.http.url], {
      HTX_API_TOKEN: tokens['officer-tb']!,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Outside your jurisdiction');
    expect(await db().announcement.count()).toBe(before);
  });

  it('follows the delivery with a progress bar until it is done, then prints the counts', { timeout: 90_000 }, async () => {
    const title = 'Thông báo họp các HTX Bình Minh';
    const file = writeJson('notice.json', { kind: 'other', title, body: 'Họp giao ban quý IV tại UBND xã.', audience: 'both' });
    const done = run(['--file', file, '--url', channels.http.url], { HTX_API_TOKEN: tokens['officer-bm']! });
    const a = await vi.waitFor(async () => db().announcement.findFirstOrThrow({ where: { title, queuedAt: { not: null } } }), {
      timeout: 60_000,
      interval: 200,
    });
    // The bar is drawn at least once while the copy is still waiting.
    await vi.waitFor(
      async () => expect(await db().auditLog.count({ where: { action: 'api.announcements.read', subject: `announcement:${a.id}` } })).toBeGreaterThan(0),
      {
        timeout: 30_000,
        interval: 100,
      },
    );
    await db().outboxMessage.updateMany({ where: { announcementId: a.id }, data: { status: 'sent', sentAt: new Date() } });
    await finishAnnouncements(db(), new Date());
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[░░░░░░░░░░] 0/1 · chặn 0 · lỗi 0');
    expect(r.stderr).toContain('[██████████] 1/1 · chặn 0 · lỗi 0');
    expect(r.stdout).toContain(`Announcement #${a.id} done: 1 sent (console 1), 0 blocked, 0 unreachable, 0 failed, of 1.`);
  });
});
