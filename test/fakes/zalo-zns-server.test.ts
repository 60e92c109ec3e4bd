import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeZaloZns, type FakeZnsServer } from './zalo-zns-server.js';

// Literal request vectors, written by hand (not built by the bot's client), so the fake is checked on its own.
let zns: FakeZnsServer;
let tokens = ['token-a'];

beforeAll(async () => {
  zns = await startFakeZaloZns({
    templates: { '248153': { params: { ten_lop: { maxLength: 30 }, thoi_gian: { maxLength: 20 } } } },
    accessTokens: () => tokens,
    notOnZalo: ['84900000009'],
  });
});
afterAll(() => zns.close());

async function post(body: unknown, token: string | null = 'token-a', raw?: string) {
  const res = await fetch(`${zns.url}/message/template`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { access_token: token } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { error: number; message: string; data?: any };
}

const good = {
  phone: '84912345678',
  template_id: '248153',
  template_data: { ten_lop: 'Tập huấn VietGAP', thoi_gian: '08:00 15/12/2026' },
  tracking_id: 'ann-1-p-2',
};

describe('fake ZNS server', () => {
  it('accepts a well-formed send and records it', async () => {
    const before = zns.sends.length;
    const r = await post(good);
    expect(r.error).toBe(0);
    expect(r.data).toMatchObject({
      msg_id: expect.any(String),
      sent_time: expect.any(String),
      quota: { dailyQuota: expect.any(String), remainingQuota: expect.any(String) },
    });
    expect(zns.sends.length).toBe(before + 1);
    expect(zns.sends.at(-1)).toMatchObject({ phone: '84912345678', templateId: '248153', trackingId: 'ann-1-p-2' });
    expect(zns.sendsTo('84912345678')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a missing, wrong or revoked access token (-124)', async () => {
    expect((await post(good, null)).error).toBe(-124);
    expect((await post(good, 'token-b')).error).toBe(-124);
    tokens = ['token-b'];
    expect((await post(good, 'token-a')).error).toBe(-124);
    expect((await post(good, 'token-b')).error).toBe(0);
    tokens = ['token-a'];
  });

  it('takes only 84 followed by 9 digits (-108)', async () => {
    for (const phone of ['0912345678', '+84912345678', '8491234567', '849123456789', '84 912345678', 912345678]) {
      expect((await post({ ...good, phone })).error, String(phone)).toBe(-108);
    }
  });

  it('knows its templates (-109) and their parameters (-111, -1122, -1124)', async () => {
    expect((await post({ ...good, template_id: '999999' })).error).toBe(-109);
    expect((await post({ ...good, template_id: 248153 })).error).toBe(-109);
    expect((await post({ ...good, template_data: {} })).error).toBe(-111);
    expect((await post({ ...good, template_data: { ten_lop: 'Tập huấn' } })).error).toBe(-1122);
    expect((await post({ ...good, template_data: { ...good.template_data, dia_diem: 'Hội trường' } })).error).toBe(-1124);
    expect((await post({ ...good, template_data: { ...good.template_data, thoi_gian: 800 } })).error).toBe(-1124);
    expect((await post({ ...good, template_data: { ...good.template_data, ten_lop: 'x'.repeat(31) } })).error).toBe(-1124);
    // Limits count characters, not bytes: 30 Vietnamese letters fit.
    expect((await post({ ...good, template_data: { ...good.template_data, ten_lop: 'ệ'.repeat(30) } })).error).toBe(0);
  });

  it('refuses numbers without a Zalo account (-118), bad JSON, other paths; fails on demand', async () => {
    expect((await post({ ...good, phone: '84900000009' })).error).toBe(-118);
    expect((await post(undefined, 'token-a', '{not json')).error).toBe(-132);
    const other = await fetch(`${zns.url}/message/other`, { method: 'POST' });
    expect(other.status).toBe(404);
    zns.failNext(-133, 'night');
    expect((await post(good)).error).toBe(-133);
    expect((await post(good)).error).toBe(0);
  });

  it('spends a daily quota (-211)', async () => {
    const small = await startFakeZaloZns({ templates: { t1: { params: { a: { maxLength: 5 } } } }, accessTokens: ['k'], dailyQuota: 1 });
    try {
      const send = async () =>
        (await (
          await fetch(`${small.url}/message/template`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', access_token: 'k' },
            body: '{"phone":"84987654321","template_id":"t1","template_data":{"a":"xin"}}',
          })
        ).json()) as { error: number };
      expect((await send()).error).toBe(0);
      expect((await send()).error).toBe(-211);
      expect(small.sends).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
