import { describe, expect, it } from 'vitest';
import { zaloPhone } from '../../../../src/lib/phone.js';
import { countReach, reachOf } from '../../../../src/services/announcements/count-reach.js';
import type { AudienceAccount } from '../../../../src/services/announcements/find-audience.js';
import { fitZnsValue, parseZnsTemplate, renderZnsData } from '../../../../src/services/announcements/zns-template.js';

const now = new Date('2026-12-05T03:00:00Z');
const DAY = 24 * 3600_000;
let ids = 0;
const oa = (o: Partial<AudienceAccount> = {}): AudienceAccount => ({
  id: ++ids,
  channel: 'zalo_oa',
  externalId: `u${ids}`,
  optedOut: false,
  blockedAt: null,
  unreachableAt: null,
  lastInboundAt: new Date(now.getTime() - 8 * DAY),
  ...o,
});
const person = (o: { accounts?: AudienceAccount[]; phone?: string | null; consent?: boolean; off?: boolean } = {}) => ({
  announcementsOffAt: o.off ? now : null,
  accounts: o.accounts ?? [oa()],
  phone: o.phone === undefined ? '0912 345 678' : o.phone,
  privacyConsentAt: o.consent === false ? null : now,
});

describe('ZNS routing', () => {
  it('zaloPhone: 84 and 9 digits for a mobile number, nothing else', () => {
    expect(zaloPhone('0912 345 678')).toBe('84912345678');
    expect(zaloPhone('+84 912345678')).toBe('84912345678');
    expect(zaloPhone('84912345678')).toBe('84912345678');
    expect(zaloPhone('0243 8251 234')).toBeUndefined(); // a landline
    expect(zaloPhone('12345')).toBeUndefined();
  });

  it('sends by ZNS only when no chat account reaches, nothing is closed, a phone and consent are there, and a template exists', () => {
    expect(reachOf(person(), now, true)).toEqual({ zns: '84912345678' });
    expect(reachOf(person(), now, false)).toEqual({ skipped: 'outsideWindow' });
    expect(reachOf(person({ accounts: [oa({ lastInboundAt: new Date(now.getTime() - 3600_000) })] }), now, true)).toEqual({ channel: 'zalo_oa' });
    expect(reachOf(person({ off: true }), now, true)).toEqual({ skipped: 'optedOut' });
    expect(reachOf(person({ accounts: [oa({ blockedAt: now, optedOut: true })] }), now, true)).toEqual({ skipped: 'optedOut' });
    // One account blocked, another outside the window: still nothing by ZNS.
    expect(reachOf(person({ accounts: [oa(), oa({ channel: 'telegram', blockedAt: now })] }), now, true)).toEqual({ skipped: 'outsideWindow' });
    expect(reachOf(person({ phone: null }), now, true)).toEqual({ skipped: 'outsideWindow' });
    expect(reachOf(person({ consent: false }), now, true)).toEqual({ skipped: 'outsideWindow' });
    expect(reachOf(person({ accounts: [] }), now, true)).toEqual({ zns: '84912345678' });
    expect(reachOf(person({ accounts: [], phone: null }), now, true)).toEqual({ skipped: 'noChannel' });
  });

  it('countReach: a zns count only when ZNS is on for the kind', () => {
    const people = [person(), person({ phone: null }), person({ accounts: [oa({ lastInboundAt: now })] })];
    expect(countReach(people, now)).not.toHaveProperty('zns');
    expect(countReach(people, now, true)).toMatchObject({ total: 2, zns: 1, outsideWindow: 1, byChannel: { zalo_oa: 1 } });
  });

  it('renders template_data by the mapping, trimmed to each limit', () => {
    const t = parseZnsTemplate('1: a=title/10, b=place, c=register_by/20');
    if (!t.ok) throw new Error(t.problems.join());
    expect(renderZnsData(t.template, { title: 'Tập huấn   sản xuất lúa', place: 'Xã Tân Lập' })).toEqual({ a: 'Tập huấn…', b: 'Xã Tân Lập', c: '-' });
    expect(fitZnsValue('ệệệệệ', 5)).toBe('ệệệệệ');
    expect(fitZnsValue('ệệệệệệ', 5)).toBe('ệệệệ…');
  });
});
