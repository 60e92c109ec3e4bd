import { beforeAll, describe, expect, it } from 'vitest';
import { reachText } from '../../../src/handlers/announcements/compose-preview.js';
import { createI18n, type Locale, type T } from '../../../src/i18n/i18n.js';
import type { Reach } from '../../../src/services/announcements/count-reach.js';

let tr: (l: Locale) => T;
beforeAll(async () => {
  tr = (await createI18n()).translator;
});

const reach = (zns?: number): Reach => ({
  total: 10 + (zns ?? 0),
  byChannel: { telegram: 0, zalo_oa: 10, zalo_bot: 0, console: 0 },
  ...(zns === undefined ? {} : { zns }),
  optedOut: 3,
  outsideWindow: 2,
  noChannel: 0,
});

describe('compose preview: ZNS reach and cost', () => {
  it('shows no ZNS without a template for the kind (as before)', () => {
    expect(reachText(tr('vi'), reach())).not.toContain('ZNS');
  });

  it('shows the ZNS count and the estimate, formatted the Vietnamese way', () => {
    const text = reachText(tr('vi'), reach(5000), 300, 'vi');
    expect(text).toContain('Sẽ gửi đến 5010 người');
    expect(text).toContain('ZNS 5.000 (tin trả phí đến số điện thoại; ước tính 1.500.000 đ, 300 đ/tin)');
    expect(reachText(tr('en'), reach(5000), 300, 'en')).toContain('ZNS 5,000 (paid messages to phone numbers; estimated 1,500,000 VND at 300 VND each)');
  });

  it('says the price is not configured when it is not', () => {
    expect(reachText(tr('vi'), reach(5), undefined, 'vi')).toContain('ZNS 5 (tin trả phí đến số điện thoại; giá chưa cấu hình)');
    expect(reachText(tr('en'), reach(5), undefined, 'en')).toContain('price not configured');
  });
});
