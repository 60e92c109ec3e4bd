import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyZnsError, createZnsClient, createZnsSender, nextVnDay, ZaloZnsApiError } from '../../../../src/adapters/zalo/zns-api-client.js';
import { SendDeferredError, SendUnreachableError } from '../../../../src/delivery/retry-policy.js';
import { parseZnsTemplate } from '../../../../src/services/announcements/zns-template.js';
import { startFakeZaloZns, type FakeZnsServer } from '../../../fakes/zalo-zns-server.js';

let zns: FakeZnsServer;
let valid = ['t1'];
let refreshed = 0;
const parsed = parseZnsTemplate('tpl: ten=title/20, gio=time/20');
if (!parsed.ok) throw new Error('template');
const templates = { training: parsed.template };

beforeAll(async () => {
  zns = await startFakeZaloZns({
    templates: { tpl: { params: { ten: { maxLength: 20 }, gio: { maxLength: 20 } } } },
    accessTokens: () => valid,
    notOnZalo: ['84900000001'],
  });
});
afterAll(() => zns.close());

const client = () =>
  createZnsClient({
    apiRoot: zns.url,
    accessToken: async () => valid[0]!,
    refresh: async () => {
      refreshed++;
    },
  });
const msg = { text: 'x', template: { name: 'training', fields: { title: 'Tập huấn kỹ thuật trồng lúa', time: '08:00 15/12/2026' } } };
const sender = (dailyLimit = 100, sent = 0) => createZnsSender({ client: client(), templates, dailyLimit, countSentSince: async () => sent });

describe('ZNS client and sender', () => {
  it('sends the template with the OA token and the data trimmed to the limits', async () => {
    await expect(sender()('84912345678', msg)).resolves.toMatch(/^zns-/);
    expect(zns.sends.at(-1)).toMatchObject({ phone: '84912345678', templateId: 'tpl', data: { ten: 'Tập huấn kỹ thuật t…', gio: '08:00 15/12/2026' } });
  });

  it('refreshes the token once when refused, then retries once', async () => {
    const before = refreshed;
    const calls = zns.calls.length;
    let token = 'stale';
    const c = createZnsClient({ apiRoot: zns.url, accessToken: async () => token, refresh: async () => void (refreshed++, (token = 't1')) });
    await expect(c.send('84912345678', 'tpl', { ten: 'a', gio: 'b' })).resolves.toMatchObject({ msgId: expect.any(String) });
    expect(refreshed).toBe(before + 1);
    expect(zns.calls.length).toBe(calls + 2);
    const never = createZnsClient({ apiRoot: zns.url, accessToken: async () => 'stale', refresh: async () => void refreshed++ });
    await expect(never.send('84912345678', 'tpl', { ten: 'a', gio: 'b' })).rejects.toMatchObject({ code: -124 });
  });

  it('invalid numbers and non-Zalo users are undeliverable with their reason', async () => {
    await expect(sender()('0912345678', msg)).rejects.toBeInstanceOf(SendUnreachableError);
    await expect(sender()('84900000001', msg)).rejects.toMatchObject({ reason: 'zns_not_zalo_user' });
    await expect(sender()('84912345678', { text: 'no template' })).rejects.toMatchObject({ reason: 'zns_no_template' });
  });

  it('quota and the daily budget wait for the next Việt Nam day; other faults are retried', async () => {
    zns.failNext(-211, 'quota');
    const quota = await sender()('84912345678', msg).catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(SendDeferredError);
    expect(quota).toMatchObject({ reason: 'quota' });
    const budget = await sender(3, 3)('84912345678', msg).catch((e: unknown) => e);
    expect(budget).toMatchObject({ reason: 'zns_daily_limit' });
    expect((budget as SendDeferredError).notBefore).toEqual(nextVnDay(new Date()));
    zns.failNext(-1124, 'bad param');
    await expect(sender()('84912345678', msg)).rejects.toBeInstanceOf(ZaloZnsApiError);
    expect(classifyZnsError(new ZaloZnsApiError(-1124, 'x'))).toEqual({ kind: 'retry' });
    expect(classifyZnsError(new Error('network'))).toEqual({ kind: 'retry' });
  });

  it('counts its own sends not yet marked in the outbox against the budget', async () => {
    const send = createZnsSender({ client: client(), templates, dailyLimit: 2, countSentSince: async () => 0 });
    await send('84912345678', msg);
    await send('84912345678', msg);
    await expect(send('84912345678', msg)).rejects.toMatchObject({ reason: 'zns_daily_limit' });
  });

  it('the next Việt Nam day starts at 17:00 UTC', () => {
    expect(nextVnDay(new Date('2026-12-05T16:59:00Z')).toISOString()).toBe('2026-12-05T17:00:00.000Z');
    expect(nextVnDay(new Date('2026-12-05T17:00:00Z')).toISOString()).toBe('2026-12-06T17:00:00.000Z');
  });
});
