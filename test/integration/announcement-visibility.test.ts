import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementsPage } from '../../src/adapters/web/announcements-page.js';
import type { SafeHtml } from '../../src/adapters/web/html.js';
import type { PageView } from '../../src/adapters/web/web-page.js';
import type { WebContext } from '../../src/adapters/web/web-context.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { announcementsVisibleTo, canSeeAnnouncement, type AnnouncementViewer } from '../../src/services/access/announcement-access.js';
import { createTestApp, sayOn, texts, type TestApp } from '../support/test-app.js';

/**
 * Which announcements an officer may see is asked of the database (announcementsVisibleTo), not
 * picked from the newest few: an officer of a quiet commune still finds the announcements sent to
 * it long ago, however many the rest of the province sent since (the chat listing once read the
 * newest 100, the dashboard the newest 300, and filtered those).
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const PROVINCE = 'Tỉnh Đông Sơn';
const QUIET = 'Xã Yên Tĩnh';
const BUSY = ['Xã Chợ Lớn', 'Xã Bến Cảng', 'Xã Phố Mới'];
const LATER = 320;

async function officer(
  externalId: string,
  o: { role?: Role; province: string | null; commune: string | null },
): Promise<AnnouncementViewer & { externalId: string }> {
  const p = await db().person.create({
    data: {
      name: `Cán bộ ${externalId}`,
      role: o.role ?? 'officer',
      province: o.province,
      commune: o.commune,
      privacyConsentAt: new Date(),
      accounts: { create: { channel: 'console', externalId } },
    },
  });
  return { personId: p.id, role: p.role, province: p.province, commune: p.commune, externalId };
}

const sent = (title: string, area: { province: string | null; communes: string[] }, createdById: number | null = null) => ({
  kind: 'other' as const,
  title,
  body: 'Nội dung.',
  audience: 'both' as const,
  status: 'done' as const,
  queuedAt: new Date(),
  finishedAt: new Date(),
  createdById,
  ...area,
});

let quiet: AnnouncementViewer & { externalId: string };
let quietIds: number[] = [];
let notForQuiet: number[] = [];
/** Visible to the officer, but a draft: never in the listings of announcements sent. */
let draft = 0;

beforeAll(async () => {
  quiet = await officer('quiet-officer', { province: PROVINCE, commune: QUIET });
  const author = await officer('province-officer', { province: PROVINCE, commune: null });
  // Long ago: two announcements to the quiet commune only, and some it must not see.
  for (const title of ['Họp tổ hợp tác Yên Tĩnh', 'Tập huấn Yên Tĩnh']) {
    quietIds.push((await db().announcement.create({ data: sent(title, { province: PROVINCE, communes: [QUIET] }, author.personId) })).id);
  }
  notForQuiet = [
    (await db().announcement.create({ data: sent('Cả tỉnh', { province: PROVINCE, communes: [] }, author.personId) })).id,
    (await db().announcement.create({ data: sent('Yên Tĩnh và Chợ Lớn', { province: PROVINCE, communes: [QUIET, BUSY[0]!] }, author.personId) })).id,
    (await db().announcement.create({ data: sent('Tỉnh khác', { province: 'Tỉnh Tây Hồ', communes: [QUIET] }) })).id,
  ];
  draft = (await db().announcement.create({ data: { ...sent('Bản nháp Yên Tĩnh', { province: PROVINCE, communes: [QUIET] }), status: 'draft' } })).id;
  // Since then, the busy communes of the province sent many more.
  await db().announcement.createMany({
    data: Array.from({ length: LATER }, (_, i) => sent(`Thông báo ${i + 1}`, { province: PROVINCE, communes: [BUSY[i % BUSY.length]!] }, author.personId)),
  });
  const newer = await db().announcement.count({ where: { id: { gt: Math.max(...quietIds) }, province: PROVINCE, status: 'done' } });
  expect(newer).toBeGreaterThan(300);
});

describe('the announcements an officer of a quiet commune may see', () => {
  it('are listed in the chat, however many newer ones the province sent', async () => {
    const replies = await sayOn(app, 'console', quiet.externalId, '/ketquathongbao');
    const text = texts(replies);
    expect(text).toContain('Họp tổ hợp tác Yên Tĩnh');
    expect(text).toContain('Tập huấn Yên Tĩnh');
    const actions = replies.flatMap((r) => r.buttons?.flat().map((b) => b.action) ?? []);
    for (const id of quietIds) expect(actions).toContain(`annrep:v:${id}`);
    for (const id of [...notForQuiet, draft]) expect(actions).not.toContain(`annrep:v:${id}`);
    expect(text).not.toContain('Thông báo 1');
  });

  it('open in the chat, and the others do not', async () => {
    const shown = await sayOn(app, 'console', quiet.externalId, { action: `annrep:v:${quietIds[0]}` });
    expect(texts(shown)).toContain('Họp tổ hợp tác Yên Tĩnh');
    for (const id of notForQuiet) {
      const refused = await sayOn(app, 'console', quiet.externalId, { action: `annrep:v:${id}` });
      expect(texts(refused)).toContain(`#${id}`);
      expect(texts(refused)).not.toContain('Yên Tĩnh');
    }
  });

  it('are listed by the dashboard listing, and on its page', async () => {
    const listed = await app.services.listVisibleAnnouncements({ officer: quiet, limit: 30 });
    expect(listed.map((a) => a.id)).toEqual([...quietIds].reverse());

    let body = '';
    const ctx = {
      t: app.translator('vi'),
      locale: 'vi',
      now: new Date(),
      officer: { ...quiet, sessionId: 0, name: 'Cán bộ', locale: 'vi', expiresAt: new Date(Date.now() + 3_600_000) },
      deps: { services: app.services },
      page: (_section: string, view: PageView) => {
        body = String(view.body as SafeHtml);
        return { status: 200, headers: {}, body: '' };
      },
    } as unknown as WebContext;
    await announcementsPage(ctx);
    for (const id of quietIds) expect(body).toContain(`data-announcement="${id}"`);
    for (const id of [...notForQuiet, draft]) expect(body).not.toContain(`data-announcement="${id}"`);
    expect(body.match(/data-announcement=/g)).toHaveLength(quietIds.length);
  });
});

describe('announcementsVisibleTo', () => {
  it('picks exactly the announcements canSeeAnnouncement allows, for every kind of viewer', async () => {
    const own = (await db().announcement.create({ data: sent('Của cán bộ xã, tỉnh khác', { province: 'Tỉnh Tây Hồ', communes: [] }, quiet.personId) })).id;
    const viewers: AnnouncementViewer[] = [
      quiet,
      await officer('national-officer', { province: null, commune: null }),
      await officer('other-province', { province: 'Tỉnh Tây Hồ', commune: null }),
      await officer('busy-commune', { province: PROVINCE, commune: BUSY[1]! }),
      await officer('province-admin', { role: 'admin', province: PROVINCE, commune: QUIET }),
      await officer('a-member', { role: 'member', province: PROVINCE, commune: QUIET }),
    ];
    const all = await db().announcement.findMany({ select: { id: true, createdById: true, province: true, communes: true }, orderBy: { id: 'asc' } });
    for (const who of viewers) {
      const picked = await db().announcement.findMany({ where: announcementsVisibleTo(who), select: { id: true }, orderBy: { id: 'asc' } });
      expect(
        picked.map((a) => a.id),
        JSON.stringify(who),
      ).toEqual(all.filter((a) => canSeeAnnouncement(who, a)).map((a) => a.id));
    }
    expect((await app.services.findVisibleAnnouncement({ officer: quiet, announcementId: own }))?.id).toBe(own);
    expect(await app.services.findVisibleAnnouncement({ officer: viewers[3]!, announcementId: quietIds[0]! })).toBeNull();
  });
});
