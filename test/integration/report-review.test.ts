import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import type { InboundMessage } from '../../src/lib/messages.js';
import { annualForm } from '../../src/services/reports/forms/annual-form.js';
import { quarterlyForm } from '../../src/services/reports/forms/quarterly-form.js';
import { currentPeriod, DEFAULT_SCHEDULE, parsePeriodId } from '../../src/services/reports/report-schedule.js';
import { createCooperative, createDirector, createMember, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, sayOn, texts, type TestApp, actions } from '../support/test-app.js';

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

// The periods open today (computed, so the tests do not age).
const YEAR = currentPeriod(annualForm, new Date(), DEFAULT_SCHEDULE);
const QUARTER = currentPeriod(quarterlyForm, new Date(), DEFAULT_SCHEDULE);
const Q = parsePeriodId(QUARTER)!;
const YEAR_NAME = `Báo cáo năm ${YEAR}`;
const QUARTER_NAME = `Báo cáo nhanh quý ${Q.quarter}/${Q.year}`;

const PROVINCE = 'Thái Bình';
const COMMUNE = 'Xã Vũ Thắng';
let htx: { id: number; name: string };
const ids: Record<string, number> = {};

beforeAll(async () => {
  htx = await createCooperative(db(), { name: 'HTX Nông nghiệp Vũ Thắng', province: PROVINCE, commune: COMMUNE });
  ids.dir = await createDirector(db(), { cooperativeId: htx.id, name: 'Nguyễn Văn Chủ', accounts: 'dir' });
  ids.mem = await createMember(db(), { cooperativeId: htx.id, accounts: 'mem' });
  ids.guest = await createPerson(db(), { accounts: 'guest' });
  // The cooperative's area: the whole province, and its own commune.
  ids.offProvince = await createOfficer(db(), { province: PROVINCE, accounts: 'off-tb' });
  ids.offCommune = await createOfficer(db(), { province: PROVINCE, commune: COMMUNE, accounts: 'off-vt' });
  // Outside it: another province, another commune of the same province.
  ids.offOther = await createOfficer(db(), { province: 'Nam Định', accounts: 'off-nd' });
  ids.offOtherCommune = await createOfficer(db(), { province: PROVINCE, commune: 'Xã Khác', accounts: 'off-khac' });
});

describe('who may file and who reviews', () => {
  it('refuses guests and plain members, sends officers to the review list, shows directors both forms', async () => {
    const guest = await con('guest', '/baocao');
    expect(texts(guest)).toContain('Để làm báo cáo, tài khoản cần được gắn với HTX');
    expect(actions(guest).some((a) => a.startsWith('rep:f:'))).toBe(false);

    const member = await con('mem', '/baocao');
    expect(texts(member)).toContain('Chỉ chủ nhiệm (giám đốc) HTX, hoặc người được chủ nhiệm giao, mới làm được báo cáo');
    expect(actions(member).some((a) => a.startsWith('rep:f:'))).toBe(false);
    // A report button does not get them in either.
    expect(texts(await press('mem', `rep:f:quarterly:${QUARTER}`))).toContain('Chỉ chủ nhiệm (giám đốc) HTX');
    expect(await db().report.count()).toBe(0);

    const officer = await con('off-tb', '/baocao');
    expect(texts(officer)).toContain('Hiện không có báo cáo nào chờ duyệt trong địa bàn của anh/chị');

    const home = await con('dir', '/baocao');
    const text = texts(home);
    expect(text).toContain(`📝 Báo cáo của ${htx.name}`);
    expect(text).toContain(`• ${YEAR_NAME}: chưa làm`);
    expect(text).toContain(`• ${QUARTER_NAME}: chưa làm`);
    expect(actions(home)).toEqual(expect.arrayContaining([`rep:f:annual:${YEAR}`, `rep:f:quarterly:${QUARTER}`, 'deleg']));
    expect(await db().report.count()).toBe(0);
  });
});

describe('submitting, reviewing, correcting', () => {
  let reportId: number;

  it('submits the quarterly report through the conversation and tells the officers of the area only', async () => {
    notices.drain();
    const first = await press('dir', `rep:f:quarterly:${QUARTER}`);
    expect(texts(first)).toContain(`📝 Câu 1/4 · ${QUARTER_NAME}`);
    expect(texts(first)).toContain('HTX hiện có bao nhiêu thành viên chính thức?');

    const second = await con('dir', '55');
    expect(texts(second)).toContain('✔️ Đã ghi Thành viên chính thức: 55 thành viên');
    expect(texts(second)).toContain('📝 Câu 2/4');
    const third = await con('dir', '1,5 tỷ');
    expect(texts(third)).toContain('✔️ Đã ghi Doanh thu quý (đồng)');
    expect(texts(third)).toContain('📝 Câu 3/4');
    const fourth = await con('dir', 'bo qua');
    expect(texts(fourth)).toContain('⏭ Đã bỏ qua: Khó khăn, kiến nghị');
    expect(texts(fourth)).toContain('📝 Câu 4/4');
    const sum = await con('dir', '2, 4');
    expect(texts(sum)).toContain(`📋 ${QUARTER_NAME} — ${htx.name}`);
    expect(texts(sum)).toContain('1. Thành viên chính thức: 55 thành viên');
    expect(texts(sum)).toContain('3. Khó khăn, kiến nghị: (bỏ qua)');
    expect(texts(sum)).toContain('4. Nhu cầu hỗ trợ: Tín dụng – vay vốn, Đào tạo – tập huấn');
    expect(texts(sum)).toContain('Nếu đúng, bấm «Gửi báo cáo»');
    expect(actions(sum)).toContain('rep:send');

    const sent = await con('dir', 'gui');
    expect(texts(sent)).toContain(`✅ Đã gửi ${QUARTER_NAME} của ${htx.name} (lần 1)`);

    const report = await db().report.findUniqueOrThrow({ where: { cooperativeId_form_period: { cooperativeId: htx.id, form: 'quarterly', period: QUARTER } } });
    reportId = report.id;
    expect(report).toMatchObject({ status: 'submitted', revision: 1, draft: null, submittedById: ids.dir });
    expect(report.answers).toEqual({ members: 55, quarter_revenue: 1_500_000_000, difficulties: null, support_needed: ['credit', 'training'] });
    const revisions = await db().reportRevision.findMany({ where: { reportId } });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.answers).toEqual(report.answers);

    const told = notices.drain();
    expect(told.map((n) => n.user).sort()).toEqual(['off-tb', 'off-vt']);
    for (const n of told) {
      expect(n.reply.text).toBe(`📥 ${htx.name} vừa gửi ${QUARTER_NAME}.`);
      expect(n.reply.buttons).toEqual([[{ label: '🔎 Xem báo cáo', action: `rvw:v:${reportId}` }]]);
    }
  });

  it('refuses officers of another area and people who are not officers; the status stays', async () => {
    for (const outsider of ['off-nd', 'off-khac']) {
      expect(texts(await press(outsider, `rvw:v:${reportId}`))).toContain(`Báo cáo #${reportId} không thuộc địa bàn anh/chị phụ trách`);
      expect(texts(await press(outsider, `rvw:ok:${reportId}`))).toContain('không thuộc địa bàn');
      const ret = await press(outsider, `rvw:ret:${reportId}`);
      expect(texts(ret)).toContain('không thuộc địa bàn');
      // Not waiting for a comment: typed text is no comment on the report.
      await con(outsider, 'Trả lại đi, sai hết rồi.');
      expect(actions(await con(outsider, '/duyetbaocao'))).not.toContain(`rvw:v:${reportId}`);
    }
    expect(texts(await press('mem', `rvw:ok:${reportId}`))).toContain('chỉ dành cho cán bộ');
    expect(texts(await press('dir', `rvw:ret:${reportId}`))).toContain('chỉ dành cho cán bộ');
    expect(texts(await press('guest', `rvw:v:${reportId}`))).toContain('chỉ dành cho cán bộ');
    const report = await db().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report).toMatchObject({ status: 'submitted', reviewedAt: null, reviewedById: null, reviewComment: null });
    expect(notices.drain()).toEqual([]);
  });

  it('keeps the review list to officers: /duyetbaocao lists nothing for a guest, a member or a director', async () => {
    for (const user of ['guest', 'mem', 'dir']) {
      const replies = await con(user, '/duyetbaocao');
      expect(actions(replies), user).not.toContain(`rvw:v:${reportId}`);
      expect(texts(replies), user).not.toContain(`#${reportId} · ${htx.name}`);
      expect(texts(replies), user).toContain('Chức năng này chỉ dành cho cán bộ quản lý HTX');
    }
  });

  it('lets an officer of the area list, read and return it with a comment', async () => {
    const list = await con('off-vt', '/duyetbaocao');
    expect(texts(list)).toContain('📋 Báo cáo chờ duyệt trong địa bàn của anh/chị: 1');
    expect(texts(list)).toContain(`#${reportId} · ${htx.name} (${COMMUNE}) · ${QUARTER_NAME} · lần 1 · gửi`);
    expect(actions(list)).toContain(`rvw:v:${reportId}`);
    expect(actions(await con('off-tb', '/duyetbaocao'))).toContain(`rvw:v:${reportId}`);

    const view = await press('off-vt', `rvw:v:${reportId}`);
    const shown = texts(view);
    expect(shown).toContain(`📄 Báo cáo #${reportId} · ${htx.name} (${COMMUNE}, ${PROVINCE})`);
    expect(shown).toContain(`${QUARTER_NAME} · lần 1`);
    expect(shown).toContain('1. Thành viên chính thức: 55 thành viên');
    expect(shown).toContain('2. Doanh thu quý (đồng): 1.500.000.000');
    expect(shown).toContain('4. Nhu cầu hỗ trợ: Tín dụng – vay vốn, Đào tạo – tập huấn');
    expect(actions(view)).toEqual(expect.arrayContaining([`rvw:ok:${reportId}`, `rvw:ret:${reportId}`]));

    const ask = await press('off-vt', `rvw:ret:${reportId}`);
    expect(texts(ask)).toContain('Anh/chị gõ nhận xét cho HTX');
    expect(texts(await con('off-vt', 'ok'))).toContain('Nhận xét cần dài từ 3 đến');
    const comment = 'Số thành viên chưa khớp với danh sách, anh/chị kiểm tra lại.';
    const done = await con('off-vt', comment);
    expect(texts(done)).toContain(`↩️ Đã trả lại báo cáo #${reportId} kèm nhận xét (1 người của HTX nhận được)`);

    const report = await db().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report).toMatchObject({ status: 'returned', reviewComment: comment, reviewedById: ids.offCommune });
    const told = notices.drain();
    expect(told.map((n) => n.user)).toEqual(['dir']);
    expect(told[0]!.reply.text).toContain(`↩️ Cán bộ đã trả lại ${QUARTER_NAME} của ${htx.name} để sửa:\n«${comment}»`);
    expect(told[0]!.reply.buttons).toEqual([[{ label: '✏️ Sửa báo cáo', action: `rep:f:quarterly:${QUARTER}` }]]);
    expect(await db().auditLog.count({ where: { action: 'report.returned', subject: `report:${reportId}`, actorId: ids.offCommune } })).toBe(1);

    // No longer waiting: off the lists, and the other officer cannot decide it any more.
    expect(actions(await con('off-tb', '/duyetbaocao'))).not.toContain(`rvw:v:${reportId}`);
    expect(texts(await press('off-tb', `rvw:ok:${reportId}`))).toContain(`Báo cáo #${reportId} không còn chờ duyệt`);
    expect((await db().report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe('returned');
  });

  it('lets the director correct one answer and submit again, keeping the first revision', async () => {
    notices.drain();
    const home = await con('dir', '/baocao');
    expect(texts(home)).toContain(`• ${QUARTER_NAME}: ↩️ cán bộ trả lại để sửa`);

    const opened = await press('dir', `rep:f:quarterly:${QUARTER}`);
    const text = texts(opened);
    expect(text).toContain('↩️ Cán bộ đã trả lại báo cáo để sửa, với nhận xét:\n«Số thành viên chưa khớp với danh sách, anh/chị kiểm tra lại.»');
    expect(text).toContain(`📋 ${QUARTER_NAME} — ${htx.name}`);
    expect(text).toContain('1. Thành viên chính thức: 55 thành viên');
    expect(text).toContain('4. Nhu cầu hỗ trợ: Tín dụng – vay vốn, Đào tạo – tập huấn');

    const asked = await con('dir', 'sửa 1');
    expect(texts(asked)).toContain('HTX hiện có bao nhiêu thành viên chính thức?');
    expect(texts(asked)).toContain('Đang ghi: 55 thành viên');
    const back = await con('dir', '60');
    expect(texts(back)).toContain('✔️ Đã ghi Thành viên chính thức: 60 thành viên');
    expect(texts(back)).toContain('1. Thành viên chính thức: 60 thành viên');
    // The submitted version is untouched until the correction is sent.
    expect((await db().report.findUniqueOrThrow({ where: { id: reportId } })).answers).toMatchObject({ members: 55 });

    const sent = await con('dir', 'gui');
    expect(texts(sent)).toContain(`✅ Đã gửi ${QUARTER_NAME} của ${htx.name} (lần 2)`);
    const report = await db().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report).toMatchObject({ status: 'submitted', revision: 2, draft: null });
    expect(report.answers).toEqual({ members: 60, quarter_revenue: 1_500_000_000, difficulties: null, support_needed: ['credit', 'training'] });
    const revisions = await db().reportRevision.findMany({ where: { reportId }, orderBy: { revision: 'asc' } });
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisions[0]!.answers).toEqual({ members: 55, quarter_revenue: 1_500_000_000, difficulties: null, support_needed: ['credit', 'training'] });
    expect(revisions[1]!.answers).toEqual(report.answers);

    const told = notices.drain();
    expect(told.map((n) => n.user).sort()).toEqual(['off-tb', 'off-vt']);
    expect(told[0]!.reply.text).toBe(`📥 ${htx.name} đã gửi lại ${QUARTER_NAME} (lần 2).`);
    expect(told[0]!.reply.buttons).toEqual([[{ label: '🔎 Xem báo cáo', action: `rvw:v:${reportId}` }]]);
    // The officer sees the corrected values.
    const view = await press('off-vt', `rvw:v:${reportId}`);
    expect(texts(view)).toContain(`${QUARTER_NAME} · lần 2`);
    expect(texts(view)).toContain('1. Thành viên chính thức: 60 thành viên');
  });

  it('accepts once: the director is told, a second officer gets "no longer waiting"', async () => {
    notices.drain();
    const done = await press('off-vt', `rvw:ok:${reportId}`);
    expect(texts(done)).toContain(`✅ Đã chấp nhận báo cáo #${reportId} và báo cho HTX (1 người nhận được)`);
    const report = await db().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report).toMatchObject({ status: 'accepted', reviewedById: ids.offCommune, reviewComment: null, revision: 2 });
    const told = notices.drain();
    expect(told.map((n) => n.user)).toEqual(['dir']);
    expect(told[0]!.reply.text).toBe(`✅ ${QUARTER_NAME} của ${htx.name} đã được cán bộ chấp nhận. Cảm ơn anh/chị!`);

    const again = await press('off-tb', `rvw:ok:${reportId}`);
    expect(texts(again)).toContain(`Báo cáo #${reportId} không còn chờ duyệt`);
    expect((await db().report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe('accepted');
    expect(notices.drain()).toEqual([]);
    expect(await db().auditLog.count({ where: { action: 'report.accepted', subject: `report:${reportId}` } })).toBe(1);

    // The director sees it accepted.
    expect(texts(await con('dir', '/baocao'))).toContain(`• ${QUARTER_NAME}: ✅ đã được chấp nhận`);
    const view = await press('dir', `rep:f:quarterly:${QUARTER}`);
    expect(texts(view)).toContain('✅ Đã được cán bộ chấp nhận');
    expect(texts(view)).toContain('lần 2');
  });

  it('says at once that a decided report is no longer waiting, when its old "return" button is pressed', async () => {
    // The officer still has the view with "↩️ Trả lại để sửa" from before the acceptance.
    const stale = await press('off-tb', `rvw:ret:${reportId}`);
    expect(texts(stale)).toContain(`Báo cáo #${reportId} không còn chờ duyệt`);
    expect(texts(stale)).not.toContain('Anh/chị gõ nhận xét');
    // Whatever is typed next is no comment on it: the report stays accepted and nobody is told.
    await con('off-tb', 'Doanh thu quý cần ghi lại cho đúng.');
    expect(await db().report.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({ status: 'accepted', reviewComment: null });
    expect(notices.drain()).toEqual([]);
    await press('off-tb', 'rvw:cancel');
  });

  it('forgets a comment being typed for one report when the officer opens another', async () => {
    const other = await createCooperative(db(), { name: 'HTX Chăn nuôi Vũ Thắng', province: PROVINCE, commune: COMMUNE });
    const answers = { members: 30, quarter_revenue: 450_000_000, difficulties: null, support_needed: ['none'] };
    const [first, second] = await Promise.all(
      [other.id, (await createCooperative(db(), { name: 'HTX Rau Vũ Thắng', province: PROVINCE, commune: COMMUNE })).id].map((cooperativeId) =>
        db().report.create({
          data: { cooperativeId, form: 'quarterly', period: QUARTER, status: 'submitted', revision: 1, formVersion: 1, answers, submittedAt: new Date() },
        }),
      ),
    );
    notices.drain();
    expect(texts(await press('off-tb', `rvw:ret:${first!.id}`))).toContain(`báo cáo #${first!.id} được mở lại để sửa`);
    // The officer changes their mind and opens the other report instead…
    const view = await press('off-tb', `rvw:v:${second!.id}`);
    expect(texts(view)).toContain(`📄 Báo cáo #${second!.id}`);
    // …and types a remark while looking at it: that must not return the first report.
    await con('off-tb', 'Báo cáo này số liệu ổn, nhưng cần bổ sung khó khăn.');
    expect((await db().report.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe('submitted');
    expect(notices.drain()).toEqual([]);
    // Tidy up: both accepted, so that they wait for nobody.
    await press('off-tb', `rvw:ok:${first!.id}`);
    await press('off-tb', `rvw:ok:${second!.id}`);
    notices.drain();
  });

  it('lets two officers race to accept a seeded report: exactly one wins', async () => {
    const other = await createCooperative(db(), { name: 'HTX Dịch vụ Vũ Thắng', province: PROVINCE, commune: COMMUNE });
    const answers = { members: 20, quarter_revenue: 300_000_000, difficulties: 'Thiếu vốn', support_needed: ['credit'] };
    const report = await db().report.create({
      data: {
        cooperativeId: other.id,
        form: 'quarterly',
        period: QUARTER,
        status: 'submitted',
        revision: 1,
        formVersion: 1,
        answers,
        draft: undefined,
        submittedAt: new Date(),
      },
    });
    await db().reportRevision.create({ data: { reportId: report.id, revision: 1, formVersion: 1, answers, submittedAt: new Date() } });
    expect(texts(await press('off-tb', `rvw:v:${report.id}`))).toContain('2. Doanh thu quý (đồng): 300.000.000');
    const [a, b] = await Promise.all([press('off-tb', `rvw:ok:${report.id}`), press('off-vt', `rvw:ok:${report.id}`)]);
    const both = [texts(a), texts(b)];
    expect(both.filter((t) => t.includes(`✅ Đã chấp nhận báo cáo #${report.id}`))).toHaveLength(1);
    expect(both.filter((t) => t.includes(`Báo cáo #${report.id} không còn chờ duyệt`))).toHaveLength(1);
    expect((await db().report.findUniqueOrThrow({ where: { id: report.id } })).status).toBe('accepted');
    expect(await db().auditLog.count({ where: { action: 'report.accepted', subject: `report:${report.id}` } })).toBe(1);
    notices.drain();
  });
});

describe('delegating the reports to a member', () => {
  it('gives a one-time code, lets the delegate file, and withdraws the right', async () => {
    const start = await con('dir', '/uyquyen');
    expect(texts(start)).toContain(`👥 Người được giao làm báo cáo cho ${htx.name}:`);
    expect(texts(start)).toContain('Chưa giao cho ai');
    expect(actions(start)).toContain('deleg:new');

    const made = await press('dir', 'deleg:new');
    const invite = await db().invite.findFirstOrThrow({ where: { cooperativeId: htx.id, canReport: true } });
    expect(invite).toMatchObject({ role: 'member', maxUses: 1, uses: 0, createdById: ids.dir });
    expect(texts(made)).toContain(`🔑 Mã mời: ${invite.code}`);
    expect(texts(made)).toContain(`/moi ${invite.code}`);

    // A new console user redeems it and becomes a reporting member.
    const accepted = await con('ke-toan', `/moi ${invite.code}`);
    expect(texts(accepted)).toContain('✅ Đã xác nhận');
    const delegate = await db().person.findFirstOrThrow({ where: { accounts: { some: { channel: 'console', externalId: 'ke-toan' } } } });
    expect(delegate).toMatchObject({ role: 'member', canReport: true, cooperativeId: htx.id });

    const home = await con('ke-toan', '/baocao');
    expect(texts(home)).toContain(`📝 Báo cáo của ${htx.name}`);
    expect(actions(home)).toContain(`rep:f:annual:${YEAR}`);
    expect(actions(home)).not.toContain('deleg'); // only the director manages delegates
    const q1 = await press('ke-toan', `rep:f:annual:${YEAR}`);
    expect(texts(q1)).toContain(`📝 Câu 1/`);
    expect(texts(q1)).toContain(YEAR_NAME);
    const q2 = await con('ke-toan', '40');
    expect(texts(q2)).toContain('✔️ Đã ghi Thành viên chính thức: 40 thành viên');
    const draft = await db().report.findUniqueOrThrow({ where: { cooperativeId_form_period: { cooperativeId: htx.id, form: 'annual', period: YEAR } } });
    expect(draft).toMatchObject({ status: 'draft', draft: { members: 40 }, draftUpdatedById: delegate.id });

    // The director lists and revokes them.
    const listed = await con('dir', '/uyquyen');
    expect(texts(listed)).toContain(`• Thành viên #${delegate.id} (chưa đăng ký tên)`);
    expect(actions(listed)).toContain(`deleg:rm:${delegate.id}`);
    const revoked = await press('dir', `deleg:rm:${delegate.id}`);
    expect(texts(revoked)).toContain('Đã thôi giao việc làm báo cáo');
    expect(texts(revoked)).toContain('Chưa giao cho ai');
    expect(actions(revoked)).not.toContain(`deleg:rm:${delegate.id}`);
    expect((await db().person.findUniqueOrThrow({ where: { id: delegate.id } })).canReport).toBe(false);
    // Pressing it again is a stale button.
    expect(texts(await press('dir', `deleg:rm:${delegate.id}`))).toContain('Nút này đã hết hạn');

    // At once, in the middle of the questions they had open: refused.
    const after = await con('ke-toan', '/baocao');
    expect(texts(after)).toContain('Chỉ chủ nhiệm (giám đốc) HTX');
    expect(actions(after).some((a) => a.startsWith('rep:f:'))).toBe(false);
    expect(texts(await press('ke-toan', `rep:f:annual:${YEAR}`))).toContain('Chỉ chủ nhiệm (giám đốc) HTX');
    expect(texts(await con('ke-toan', '41'))).not.toContain('Đã ghi');
    expect((await db().report.findUniqueOrThrow({ where: { id: draft.id } })).draft).toEqual({ members: 40 });

    // The code was for one person only.
    const late = await con('ke-toan-2', `/moi ${invite.code}`);
    expect(texts(late)).not.toContain('✅ Đã xác nhận');
    expect((await db().person.findFirstOrThrow({ where: { accounts: { some: { externalId: 'ke-toan-2' } } } })).role).toBe('guest');
  });

  it('refuses the delegation screens to anyone but the director', async () => {
    const before = await db().invite.count();
    expect(texts(await press('mem', 'deleg:new'))).toContain('Chỉ chủ nhiệm (giám đốc) HTX mới giao được người làm báo cáo');
    expect(texts(await con('mem', '/uyquyen'))).toContain('Chỉ chủ nhiệm (giám đốc) HTX mới giao được');
    expect(texts(await press('off-tb', 'deleg:new'))).toContain('Chỉ chủ nhiệm (giám đốc) HTX mới giao được');
    expect(await db().invite.count()).toBe(before);
    // Nor can a director revoke someone of another cooperative.
    const elsewhere = await createCooperative(db(), { name: 'HTX Khác', province: PROVINCE, commune: COMMUNE });
    const foreign = await createMember(db(), { canReport: true, cooperativeId: elsewhere.id, accounts: 'ke-toan-khac' });
    expect(texts(await press('dir', `deleg:rm:${foreign}`))).toContain('Nút này đã hết hạn');
    expect((await db().person.findUniqueOrThrow({ where: { id: foreign } })).canReport).toBe(true);
  });

  it('logged no error or warning', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 40)).toEqual([]);
  });
});

describe('malformed or stale buttons', () => {
  it('answers a forged or out-of-range id as an expired button, without an error', async () => {
    const before = app.logs.length;
    expect(texts(await press('dir', 'deleg:rm:abc'))).toContain('Nút này đã hết hạn');
    expect(texts(await press('dir', 'deleg:rm:99999999999'))).toContain('Nút này đã hết hạn');
    expect(texts(await press('off-tb', 'rvw:v:99999999999'))).toContain('Không tìm thấy báo cáo #99999999999');
    expect(app.logs.slice(before).filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
