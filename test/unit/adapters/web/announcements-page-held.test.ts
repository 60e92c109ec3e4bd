import { beforeAll, describe, expect, it } from 'vitest';
import { announcementsPage } from '../../../../src/adapters/web/announcements-page.js';
import type { WebContext } from '../../../../src/adapters/web/web-context.js';
import { createI18n, type Locale, type T } from '../../../../src/i18n/i18n.js';
import type { AnnouncementStats } from '../../../../src/services/announcements/announcement-stats.js';

// Issue 16, part 4: copies waiting on the Zalo OA's quota or package show on the dashboard.

let translator: (l: Locale) => T;
beforeAll(async () => {
  translator = (await createI18n()).translator;
});

function context(locale: Locale, stats: AnnouncementStats): { ctx: WebContext; body: () => string } {
  let shown = '';
  const services = {
    listVisibleAnnouncements: async () => [
      { id: 7, kind: 'training', title: 'Tập huấn', status: 'sending', sendAt: null, createdAt: new Date('2026-12-01T01:00:00Z') },
    ],
    announcementStats: async () => stats,
    countRsvps: async () => ({ attending: 0, declined: 0 }),
  };
  const ctx = {
    t: translator(locale),
    locale,
    officer: {},
    deps: { services },
    page: (_section: string, view: { body: unknown }) => {
      shown = String(view.body);
      return { status: 200 };
    },
  } as unknown as WebContext;
  return { ctx, body: () => shown };
}

const stats: AnnouncementStats = {
  total: 10,
  sent: 4,
  waiting: 6,
  blocked: 0,
  unreachable: 0,
  failed: 0,
  sentByChannel: { telegram: 4 },
  held: [
    { channel: 'zalo_oa', reason: 'quota', n: 5 },
    { channel: 'zalo_oa', reason: 'package', n: 1 },
  ],
};

describe('the dashboard announcements page', () => {
  it('shows the copies held by the OA quota and package, in Vietnamese and English', async () => {
    const vi = context('vi', stats);
    await announcementsPage(vi.ctx);
    expect(vi.body()).toContain('Zalo OA: hết hạn mức gửi tin (5)');
    expect(vi.body()).toContain('Zalo OA: gói OA không đủ để gửi (1)');
    const en = context('en', stats);
    await announcementsPage(en.ctx);
    expect(en.body()).toContain('Zalo OA: sending quota used up (5)');
  });

  it('shows nothing more when no copy is held', async () => {
    const vi = context('vi', { ...stats, held: [] });
    await announcementsPage(vi.ctx);
    expect(vi.body()).not.toContain('hạn mức');
  });
});
