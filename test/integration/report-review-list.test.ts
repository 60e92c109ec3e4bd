import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { InboundMessage, OutboundMessage } from '../../src/lib/messages.js';
import { createCooperative, createDirector, createOfficer, createReport } from '../support/factories.js';
import { createTestApp, labels, sayOn, texts, type TestApp, actions } from '../support/test-app.js';

// /duyetbaocao with many reports: newest first, pages, filters typed without diacritics, "accept
// all checked" for reports without warnings, and a commune officer kept to their commune.

let app: TestApp;
let notices: ConsoleNotices;
beforeAll(async () => {
  app = await createTestApp();
  notices = createConsoleNotices(app.services);
  app.setNotifier(notices.notify);
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.db.prisma;
const con = (id: string, input: string | Partial<InboundMessage>) => sayOn(app, 'console', id, input);
const press = (id: string, action: string) => con(id, { action });
/** The reports listed, in order (their "view" buttons). */
const listed = (replies: OutboundMessage[]) => actions(replies).flatMap((a) => (a.startsWith('rvw:v:') ? [Number(a.slice(6))] : []));

const PROVINCE = 'Thái Nguyên';
const TL = 'Xã Tân Lập';
const HB = 'Xã Hòa Bình';
const BASE = new Date('2026-10-01T01:00:00Z').getTime();
const at = (hours: number) => new Date(BASE + hours * 3_600_000);
/** An annual report whose automatic checks warn: a profit above the revenue. */
const WARNED = { members: 20, revenue: 1_000_000_000, profit: 2_000_000_000 };
const ANNUAL_OK = { members: 20, revenue: 1_000_000_000, profit: 100_000_000 };

const r = {
  tlQuarter: [] as number[], // 12 quarterly 2026-Q3 reports of Tân Lập, waiting, no warning
  tlWarned: [] as number[], // 2 annual 2026 reports of Tân Lập, waiting, with a warning
  tlAccepted: [] as number[], // 3 annual 2025 reports of Tân Lập, accepted
  tlReturned: [] as number[], // 2 annual 2025 reports of Tân Lập, returned
  hbQuarter: [] as number[], // 8 quarterly 2026-Q3 reports of Hòa Bình, waiting
  hbAccepted: [] as number[], // 2 annual 2025 reports of Hòa Bình, accepted
  elsewhere: 0, // another province's, the newest of all
};
const ids: Record<string, number> = {};

beforeAll(async () => {
  const tl = [];
  for (let i = 0; i < 12; i++)
    tl.push(await createCooperative(db(), { name: `HTX Tân Lập ${String(i + 1).padStart(2, '0')}`, province: PROVINCE, commune: TL }));
  const hb = [];
  for (let i = 0; i < 8; i++) hb.push(await createCooperative(db(), { name: `HTX Hòa Bình ${i + 1}`, province: PROVINCE, commune: HB }));
  const far = await createCooperative(db(), { name: 'HTX Bắc Kạn Xa', province: 'Bắc Kạn', commune: 'Xã Khác' });

  for (let i = 0; i < 12; i++) r.tlQuarter.push(await createReport(db(), { cooperativeId: tl[i]!.id, submittedAt: at(i) }));
  for (let i = 0; i < 2; i++)
    r.tlWarned.push(await createReport(db(), { cooperativeId: tl[i]!.id, form: 'annual', period: '2026', answers: WARNED, submittedAt: at(100 + i) }));
  for (let i = 2; i < 5; i++)
    r.tlAccepted.push(
      await createReport(db(), {
        cooperativeId: tl[i]!.id,
        form: 'annual',
        period: '2025',
        status: 'accepted',
        answers: ANNUAL_OK,
        submittedAt: at(-1000 - i),
      }),
    );
  for (let i = 5; i < 7; i++)
    r.tlReturned.push(
      await createReport(db(), {
        cooperativeId: tl[i]!.id,
        form: 'annual',
        period: '2025',
        status: 'returned',
        answers: ANNUAL_OK,
        submittedAt: at(-2000 - i),
      }),
    );
  await createReport(db(), { cooperativeId: tl[7]!.id, period: '2026-Q4', status: 'draft' }); // never listed
  for (let i = 0; i < 8; i++) r.hbQuarter.push(await createReport(db(), { cooperativeId: hb[i]!.id, submittedAt: at(50 + i) }));
  for (let i = 0; i < 2; i++)
    r.hbAccepted.push(
      await createReport(db(), { cooperativeId: hb[i]!.id, form: 'annual', period: '2025', status: 'accepted', answers: ANNUAL_OK, submittedAt: at(-500 - i) }),
    );
  r.elsewhere = await createReport(db(), { cooperativeId: far.id, submittedAt: at(200) });

  ids.offProvince = await createOfficer(db(), { province: PROVINCE, accounts: 'off-tn' });
  ids.offTl = await createOfficer(db(), { province: PROVINCE, commune: TL, accounts: 'off-tl' });
  ids.offEn = await createOfficer(db(), { province: PROVINCE, locale: 'en', accounts: 'off-en' });
});

/** Every waiting report of the province, newest submission first. */
const newestFirst = () => [...r.tlWarned].reverse().concat([...r.hbQuarter].reverse(), [...r.tlQuarter].reverse());

describe('the review list: newest first, a page at a time', () => {
  it('shows page 1 newest first, and turns pages typed ("tiếp", "trước") or by number', async () => {
    const all = newestFirst();
    expect(all).toHaveLength(22);
    const first = await con('off-tn', '/duyetbaocao');
    expect(texts(first)).toContain('📋 Báo cáo chờ duyệt trong địa bàn của anh/chị: 22');
    expect(texts(first)).toContain('Trang 1/3');
    expect(texts(first)).not.toContain('Bắc Kạn');
    expect(listed(first)).toEqual(all.slice(0, 8));
    expect(labels(first)).toContain('➡️ Trang sau');
    expect(labels(first)).not.toContain('⬅️ Trang trước');

    const second = await con('off-tn', 'tiếp');
    expect(texts(second)).toContain('Trang 2/3');
    expect(listed(second)).toEqual(all.slice(8, 16));

    // On a text-only channel the page buttons are numbered: the number presses it.
    const nextNumber = labels(second).indexOf('➡️ Trang sau') + 1;
    expect(nextNumber).toBeGreaterThan(0);
    const third = await con('off-tn', String(nextNumber));
    expect(texts(third)).toContain('Trang 3/3');
    expect(listed(third)).toEqual(all.slice(16));
    expect(labels(third)).not.toContain('➡️ Trang sau');
    // Past the end stays on the last page.
    expect(listed(await con('off-tn', 'tiep'))).toEqual(all.slice(16));

    const back = await con('off-tn', 'truoc');
    expect(texts(back)).toContain('Trang 2/3');
    expect(listed(back)).toEqual(all.slice(8, 16));

    // Looking at a report and coming back keeps the page.
    await press('off-tn', `rvw:v:${all[9]}`);
    expect(listed(await press('off-tn', 'rvw'))).toEqual(all.slice(8, 16));
    // The command starts again from page 1.
    expect(listed(await con('off-tn', '/duyetbaocao'))).toEqual(all.slice(0, 8));
  });
});

describe('filters typed without diacritics', () => {
  it('narrows by commune, period and status, alone or together, and clears', async () => {
    await con('off-tn', '/duyetbaocao');
    const commune = await con('off-tn', 'xa tan lap');
    expect(texts(commune)).toContain('📋 Báo cáo trong địa bàn của anh/chị (chờ duyệt · Xã Tân Lập): 14');
    expect(texts(commune)).not.toContain('Hòa Bình');
    expect(listed(commune)).toEqual([...r.tlWarned].reverse().concat([...r.tlQuarter].reverse().slice(0, 6)));

    // Without the "xã", and the period on top of it.
    const year = await con('off-tn', 'tan lap 2026');
    expect(texts(year)).toContain('(chờ duyệt · Xã Tân Lập · năm 2026): 14');
    const quarter = await con('off-tn', 'quy 3/2026');
    expect(texts(quarter)).toContain('(chờ duyệt · Xã Tân Lập · quý 3/2026): 12');
    expect(listed(quarter)).toEqual([...r.tlQuarter].reverse().slice(0, 8));

    const accepted = await con('off-tn', 'nam 2025 da chap nhan');
    expect(texts(accepted)).toContain('(đã chấp nhận · Xã Tân Lập · năm 2025): 3');
    expect(listed(accepted)).toEqual(r.tlAccepted);
    expect(texts(accepted)).toContain('✅ đã được chấp nhận');
    // No "accept all" outside the waiting reports.
    expect(actions(accepted)).not.toContain('rvw:all');

    const returned = await con('off-tn', 'bo loc');
    expect(texts(returned)).toContain('📋 Báo cáo chờ duyệt trong địa bàn của anh/chị: 22');
    const hb = await con('off-tn', 'xã hòa bình 2025 đã chấp nhận');
    expect(texts(hb)).toContain('(đã chấp nhận · Xã Hòa Bình · năm 2025): 2');
    expect(listed(hb)).toEqual(r.hbAccepted);

    await con('off-tn', 'bo loc');
    const ret = await con('off-tn', 'tra lai');
    expect(listed(ret)).toEqual(r.tlReturned);
    const any = await press('off-tn', 'rvw:st:all');
    expect(texts(any)).toContain('(mọi trạng thái): 29');
    expect(texts(any)).toContain('Trang 1/4');

    const none = await con('off-tn', 'cho duyet 2024');
    expect(texts(none)).toContain('Không có báo cáo nào khớp bộ lọc (chờ duyệt · năm 2024).');

    // Words that are neither a page nor a filter leave the list with a hint.
    const unknown = await con('off-tn', 'xã không có');
    expect(texts(unknown)).toContain('Không hiểu «xã không có»');
    expect(texts(unknown)).toContain('«tiếp» / «trước»');
  });
});

describe('a commune officer', () => {
  it('sees only the reports of their commune, on every page and under every filter', async () => {
    const first = await con('off-tl', '/duyetbaocao');
    expect(texts(first)).toContain('📋 Báo cáo chờ duyệt trong địa bàn của anh/chị: 14');
    const second = await con('off-tl', 'tiep');
    const seen = [...listed(first), ...listed(second)];
    expect(new Set(seen)).toEqual(new Set([...r.tlWarned, ...r.tlQuarter]));
    expect(texts([...first, ...second])).not.toContain('Hòa Bình');

    // Another commune cannot be chosen (it is not among theirs), so nothing of it shows.
    const other = await con('off-tl', 'xa hoa binh');
    expect(texts(other)).toContain('Không hiểu «xa hoa binh»');
    expect(texts(other)).not.toContain('HTX Hòa Bình');
    const all = await press('off-tl', 'rvw:st:all');
    expect(texts(all)).toContain('(mọi trạng thái): 19');
    expect(texts(all)).not.toContain('Hòa Bình');

    // Nor opened or accepted by its number.
    const hbReport = r.hbQuarter[0]!;
    expect(texts(await press('off-tl', `rvw:v:${hbReport}`))).toContain(`Báo cáo #${hbReport} không thuộc địa bàn anh/chị phụ trách.`);
    expect(texts(await press('off-tl', `rvw:ok:${hbReport}`))).toContain(`Báo cáo #${hbReport} không thuộc địa bàn anh/chị phụ trách.`);
    expect((await db().report.findUniqueOrThrow({ where: { id: hbReport } })).status).toBe('submitted');
    expect(await db().auditLog.count({ where: { subject: `report:${hbReport}` } })).toBe(0);
  });

  it('accepts all the clean reports of their commune after a confirmation with the number, each audited', async () => {
    await con('off-tl', '/duyetbaocao');
    const confirm = await press('off-tl', 'rvw:all');
    expect(texts(confirm)).toContain('Sẽ chấp nhận 12 trên 14 báo cáo chờ duyệt (cả địa bàn)');
    expect(actions(confirm)).toContain('rvw:allok:12');
    expect(await db().report.count({ where: { status: 'accepted', id: { in: r.tlQuarter } } })).toBe(0);

    // A confirmation of another number (the list changed since) accepts nothing and asks again.
    const stale = await press('off-tl', 'rvw:allok:11');
    expect(texts(stale)).toContain('Danh sách vừa thay đổi');
    expect(actions(stale)).toContain('rvw:allok:12');
    expect(await db().report.count({ where: { status: 'accepted', id: { in: r.tlQuarter } } })).toBe(0);

    const done = await press('off-tl', 'rvw:allok:12');
    expect(texts(done)).toContain('✅ Đã chấp nhận 12 báo cáo không có cảnh báo');
    // Nobody of these cooperatives uses the bot: said, with what to do.
    expect(texts(done)).toContain('12 HTX chưa có ai nhận được tin');
    expect(texts(done)).toContain('/moi');
    expect(texts(done)).toContain('📋 Báo cáo chờ duyệt trong địa bàn của anh/chị: 2');
    expect(listed(done)).toEqual([...r.tlWarned].reverse());

    const reports = await db().report.findMany({ where: { id: { in: r.tlQuarter } } });
    expect(reports.every((x) => x.status === 'accepted' && x.reviewedById === ids.offTl)).toBe(true);
    const audits = await db().auditLog.findMany({ where: { action: 'report.accepted', actorId: ids.offTl } });
    expect(audits.map((a) => a.subject).sort()).toEqual(r.tlQuarter.map((id) => `report:${id}`).sort());
    // The reports with a warning, the other commune and the other province are untouched.
    expect(await db().report.count({ where: { id: { in: [...r.tlWarned, ...r.hbQuarter, r.elsewhere] }, status: 'submitted' } })).toBe(11);

    // Nothing clean is left: said, nothing changes.
    const again = await press('off-tl', 'rvw:all');
    expect(texts(again)).toContain('Trong 2 báo cáo chờ duyệt (cả địa bàn) không có báo cáo nào');
    expect(actions(again).some((a) => a.startsWith('rvw:allok:'))).toBe(false);
    notices.drain();
  });

  it('leaves the provincial officer the rest, with the commune filter respected by "accept all"', async () => {
    await con('off-tn', '/duyetbaocao');
    await con('off-tn', 'xa hoa binh');
    const confirm = await press('off-tn', 'rvw:all');
    expect(texts(confirm)).toContain('Sẽ chấp nhận 8 trên 8 báo cáo chờ duyệt (Xã Hòa Bình)');
    await press('off-tn', 'rvw:allok:8');
    expect(await db().report.count({ where: { id: { in: r.hbQuarter }, status: 'accepted', reviewedById: ids.offProvince } })).toBe(8);
    expect(await db().report.count({ where: { id: { in: r.tlWarned }, status: 'submitted' } })).toBe(2);
    expect((await db().report.findUniqueOrThrow({ where: { id: r.elsewhere } })).status).toBe('submitted');
    notices.drain();
  });
});

describe('when nobody of the cooperative got the decision', () => {
  it("says why and what to do, in the officer's language", async () => {
    const MD = 'Xã Minh Đức';
    const nobody = await createCooperative(db(), { name: 'HTX Không Người', province: PROVINCE, commune: MD });
    const unlinked = await createCooperative(db(), { name: 'HTX Chưa Gắn', province: PROVINCE, commune: MD });
    await createDirector(db(), { cooperativeId: unlinked.id });
    const blocked = await createCooperative(db(), { name: 'HTX Đã Chặn', province: PROVINCE, commune: MD });
    await createDirector(db(), { cooperativeId: blocked.id, accounts: { channel: 'telegram', externalId: '90001', optedOut: true } });
    const quiet = await createCooperative(db(), { name: 'HTX Im Lặng', province: PROVINCE, commune: MD });
    await createDirector(db(), {
      cooperativeId: quiet.id,
      accounts: { channel: 'zalo_oa', externalId: 'oa-quiet', lastInboundAt: at(-300), unreachableAt: at(-100) },
    });
    const reached = await createCooperative(db(), { name: 'HTX Có Người', province: PROVINCE, commune: MD });
    await createDirector(db(), { cooperativeId: reached.id, accounts: 'dir-reached' });

    const report = async (coop: number) => createReport(db(), { cooperativeId: coop, period: '2026-Q2' });
    const noOne = await con('off-tn', { action: `rvw:ok:${await report(nobody.id)}` });
    expect(texts(noOne)).toContain('(0 người nhận được)');
    expect(texts(noOne)).toContain('HTX chưa có chủ nhiệm (hay thành viên được giao làm báo cáo) nào đăng ký dùng bot.');
    expect(texts(noOne)).toContain(`npm run admin -- invite --role director --coop ${nobody.id}`);

    const notLinked = await press('off-tn', `rvw:ok:${await report(unlinked.id)}`);
    expect(texts(notLinked)).toContain('• 1 người chưa gắn tài khoản Telegram/Zalo nào với bot.');
    expect(texts(notLinked)).toContain('«/moi <mã mời>»');

    const optedOut = await press('off-tn', `rvw:ok:${await report(blocked.id)}`);
    expect(texts(optedOut)).toContain('• 1 người đã chặn bot hoặc tắt nhận tin trên mọi tài khoản.');

    const window = await press('off-tn', `rvw:ok:${await report(quiet.id)}`);
    expect(texts(window)).toContain('• 1 người dùng Zalo OA đã quá 7 ngày không nhắn cho bot');

    const fine = await press('off-tn', `rvw:ok:${await report(reached.id)}`);
    expect(texts(fine)).toContain('(1 người nhận được)');
    expect(texts(fine)).not.toContain('Vì sao chưa ai');

    // In English for an English-speaking officer, on a return too.
    const returned = await createReport(db(), { cooperativeId: unlinked.id, period: '2026-Q1' });
    await press('off-en', `rvw:ret:${returned}`);
    const en = await con('off-en', 'Please correct the revenue figure.');
    expect(texts(en)).toContain(`Report #${returned} returned with your comment (0 people of the cooperative notified).`);
    expect(texts(en)).toContain('Why nobody of the cooperative got the news:');
    expect(texts(en)).toContain('• 1 person has not linked any Telegram/Zalo account with the bot.');
    expect(texts(en)).toContain('"/moi <code>"');
    notices.drain();
  });
});
