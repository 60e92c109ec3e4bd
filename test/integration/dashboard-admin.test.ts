import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleNotices, type ConsoleNotices } from '../../src/adapters/console/console-notices.js';
import { startHttpServer, type HttpServer } from '../../src/adapters/http/http-server.js';
import { csrfToken } from '../../src/adapters/web/csrf.js';
import { dashboard } from '../../src/adapters/web/dashboard-routes.js';
import { dashboardDeps } from '../../src/adapters/web/serve-dashboard.js';
import { draftSkeleton } from '../../src/services/knowledge/draft-skeleton.js';
import { redeemInvite } from '../../src/services/invites/redeem-invite.js';
import { createLoginLink } from '../../src/services/web-auth/create-login-link.js';
import { redeemLoginLink } from '../../src/services/web-auth/redeem-login-link.js';
import { escapeHtml } from '../../src/adapters/web/html.js';
import { createCooperative, createDirector, createOfficer, createPerson } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Real units since 1 July 2025 (knowledge/units): officer invites name communes of the province.
const PROVINCE = 'Đắk Lắk';
const EA_KAR = 'Xã Ea Kar';
const HOA_PHU = 'Xã Hòa Phú';

let app: TestApp;
let server: HttpServer;
let notices: ConsoleNotices;
const db = () => app.db.prisma;

interface Officer {
  id: number;
  cookie: string;
  csrf: string;
}
let province: Officer; // Đắk Lắk, whole province
let eaKar: Officer; // commune officer of Xã Ea Kar
let hoaPhu: Officer; // commune officer of Xã Hòa Phú
let other: Officer; // another province
let admin: Officer;
let coopA: number; // in Ea Kar
let coopB: number; // in Hòa Phú

async function signIn(personId: number): Promise<Officer> {
  const { token } = await createLoginLink(db(), { personId });
  const r = await redeemLoginLink(db(), { token });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return { id: personId, cookie: `htx_session=${r.sessionToken}`, csrf: csrfToken(r.sessionToken) };
}

beforeAll(async () => {
  app = await createTestApp();
  notices = createConsoleNotices(app.services);
  app.setNotifier(notices.notify);
  coopA = (await createCooperative(db(), { name: 'HTX Cà phê Ea Kar', province: PROVINCE, commune: EA_KAR })).id;
  coopB = (await createCooperative(db(), { name: 'HTX Hòa Phú Xanh', province: PROVINCE, commune: HOA_PHU })).id;
  province = await signIn(await createOfficer(db(), { name: 'Cán bộ tỉnh Đắk Lắk', province: PROVINCE }));
  eaKar = await signIn(await createOfficer(db(), { name: 'Cán bộ xã Ea Kar', province: PROVINCE, commune: EA_KAR }));
  hoaPhu = await signIn(await createOfficer(db(), { name: 'Cán bộ xã Hòa Phú', province: PROVINCE, commune: HOA_PHU }));
  other = await signIn(await createOfficer(db(), { name: 'Cán bộ Lâm Đồng', province: 'Lâm Đồng' }));
  admin = await signIn(await createPerson(db(), { name: 'Quản trị', role: 'admin' }));
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: app.logger,
    register: dashboard(dashboardDeps(app, { http: { host: '127.0.0.1', port: 0 } })),
  });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

const get = (who: Officer, path: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie: who.cookie } });
/** A form POST as a browser sends it; the session's token unless `csrf` says otherwise (null: none). */
const post = (who: Officer, path: string, fields: Record<string, string>, csrf: string | null = who.csrf) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...(csrf === null ? {} : { csrf }) }).toString(),
  });
const audits = (action: string, subject?: string) => db().auditLog.findMany({ where: { action, ...(subject ? { subject } : {}) }, orderBy: { id: 'asc' } });

describe('invites on the dashboard', () => {
  it('creates a director invite for a cooperative of the area, shows its code, and audits it', async () => {
    const res = await post(eaKar, '/dashboard/invites', { role: 'director', cooperative: String(coopA), uses: '1', days: '14' });
    expect(res.status).toBe(303);
    const invite = await db().invite.findFirstOrThrow({ where: { createdById: eaKar.id }, orderBy: { id: 'desc' } });
    expect(invite).toMatchObject({ role: 'director', cooperativeId: coopA, maxUses: 1, revokedAt: null });
    expect(res.headers.get('location')).toBe(`/dashboard/invites?created=${invite.id}`);
    expect(await audits('invite.created', `invite:${invite.id}`)).toEqual([expect.objectContaining({ actorId: eaKar.id })]);

    const page = await (await get(eaKar, res.headers.get('location')!)).text();
    expect(page).toContain(`Đã tạo mã mời ${invite.code}`);
    expect(page).toContain(`«/moi ${invite.code}»`);
    expect(page).toMatch(new RegExp(`<tr data-invite="${invite.id}" data-code="${invite.code}">.*Còn dùng được`));
    expect(page).toContain('Thu hồi');
  });

  it("refuses another commune's cooperative (403), a missing or wrong token (403), and creates nothing", async () => {
    const before = await db().invite.count();
    const outside = await post(eaKar, '/dashboard/invites', { role: 'director', cooperative: String(coopB), uses: '1', days: '14' });
    expect(outside.status).toBe(403);
    expect(await outside.text()).toContain('không thuộc địa bàn anh/chị phụ trách');
    expect((await post(other, '/dashboard/invites', { role: 'member', cooperative: String(coopA), uses: '1', days: '14' })).status).toBe(403);
    expect((await post(eaKar, '/dashboard/invites', { role: 'director', cooperative: String(coopA), uses: '1', days: '14' }, null)).status).toBe(403);
    expect((await post(eaKar, '/dashboard/invites', { role: 'director', cooperative: String(coopA), uses: '1', days: '14' }, hoaPhu.csrf)).status).toBe(403);
    expect(await db().invite.count()).toBe(before);
  });

  it('shows the form again with clear errors and what was typed', async () => {
    const before = await db().invite.count();
    const res = await post(eaKar, '/dashboard/invites', { role: 'member', cooperative: String(coopA), uses: '0', days: '30' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Số người dùng là một số nguyên từ 1 đến 50.');
    expect(page).toContain(`<option value="${coopA}" selected>`);
    expect(page).toContain('<option value="member" selected>');
    expect(page).toMatch(/id="invite-days"[^>]*value="30"/);
    expect(page).toMatch(/id="invite-uses"[^>]*value="0"[^>]*aria-invalid="true"/);

    const noCoop = await post(eaKar, '/dashboard/invites', { role: 'director', cooperative: '', uses: '1', days: '14' });
    expect(noCoop.status).toBe(400);
    expect(await noCoop.text()).toContain('Anh/chị chọn hợp tác xã cho mã mời này.');
    expect(await db().invite.count()).toBe(before);
  });

  it("lets a province's officer invite a commune's officer (names typed without diacritics), never a commune officer", async () => {
    const commune = await post(eaKar, '/dashboard/invites', { role: 'officer', commune: EA_KAR, uses: '1', days: '14' });
    expect(commune.status).toBe(400);
    expect(await commune.text()).toContain('Chỉ quản trị viên, hoặc cán bộ cấp tỉnh');
    expect(await (await get(eaKar, '/dashboard/invites')).text()).not.toContain('<option value="officer"');

    const needs = await post(province, '/dashboard/invites', { role: 'officer', commune: '', uses: '1', days: '14' });
    expect(needs.status).toBe(400);
    expect(await needs.text()).toContain('nhập tên xã/phường');
    const unknown = await post(province, '/dashboard/invites', { role: 'officer', commune: 'Xã Không Có', uses: '1', days: '14' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/value="Xã Không Có"/);

    const ok = await post(province, '/dashboard/invites', { role: 'officer', commune: 'xa hoa phu', uses: '1', days: '7' });
    expect(ok.status).toBe(303);
    const invite = await db().invite.findFirstOrThrow({ where: { createdById: province.id, role: 'officer' } });
    expect(invite).toMatchObject({ province: PROVINCE, commune: HOA_PHU, cooperativeId: null });

    // An admin invites a province-wide officer.
    const byAdmin = await post(admin, '/dashboard/invites', { role: 'officer', province: 'dak lak', commune: '', uses: '2', days: '14' });
    expect(byAdmin.status).toBe(303);
    expect(await db().invite.findFirstOrThrow({ where: { createdById: admin.id } })).toMatchObject({ province: PROVINCE, commune: null, maxUses: 2 });
  });

  it("lists only the area's invites, with who joined; who has joined shows directors with and without an account", async () => {
    const forB = await app.services.createStaffInvite({
      by: { personId: hoaPhu.id, role: 'officer', province: PROVINCE, commune: HOA_PHU },
      role: 'director',
      cooperativeId: coopB,
      now: new Date(),
    });
    expect(forB.ok).toBe(true);
    const forA = await app.services.createStaffInvite({
      by: { personId: eaKar.id, role: 'officer', province: PROVINCE, commune: EA_KAR },
      role: 'director',
      cooperativeId: coopA,
      now: new Date(),
    });
    if (!forA.ok || !forB.ok) throw new Error('invites not made');
    const joiner = await createPerson(db(), { name: 'Y Moan Niê', accounts: 'dir-ea-kar' });
    expect((await redeemInvite(db(), joiner, forA.invite.code)).ok).toBe(true);
    await createDirector(db(), { name: 'Chủ nhiệm chưa tham gia', cooperativeId: coopB }); // imported, no account yet

    const mine = await (await get(eaKar, '/dashboard/invites')).text();
    expect(mine).toContain(forA.invite.code);
    expect(mine).not.toContain(forB.invite.code);
    expect(mine).toMatch(new RegExp(`data-code="${forA.invite.code}">.*Đã dùng hết.*Y Moan Niê`));
    expect(mine).toMatch(/<li data-joined="yes">Y Moan Niê · đã tham gia/);
    expect(mine).not.toContain('HTX Hòa Phú Xanh');

    const all = await (await get(province, '/dashboard/invites')).text();
    expect(all).toContain(forB.invite.code);
    expect(all).toContain('<li data-joined="no">Chủ nhiệm chưa tham gia · chưa tham gia</li>');
    expect(all).toContain('1 trong 2 HTX đang hoạt động đã có chủ nhiệm tham gia');
    // A director invite made now is for the director on record who has not joined: redeeming it makes them that person.
    const pending = await db().person.findFirstOrThrow({ where: { name: 'Chủ nhiệm chưa tham gia' } });
    expect((await post(province, '/dashboard/invites', { role: 'director', cooperative: String(coopB), uses: '1', days: '14' })).status).toBe(303);
    const forPending = await db().invite.findFirstOrThrow({ where: { createdById: province.id, cooperativeId: coopB }, orderBy: { id: 'desc' } });
    expect(forPending.personId).toBe(pending.id);
    // Another commune named in the address: refused, as everywhere on the dashboard.
    expect((await get(eaKar, `/dashboard/invites?province=${encodeURIComponent(PROVINCE)}&commune=${encodeURIComponent(HOA_PHU)}`)).status).toBe(403);
  });

  it('revokes an open invite after a confirmation, audited; another area, a bad token and a second revoke are refused', async () => {
    const made = await app.services.createStaffInvite({
      by: { personId: eaKar.id, role: 'officer', province: PROVINCE, commune: EA_KAR },
      role: 'member',
      cooperativeId: coopA,
      now: new Date(),
    });
    if (!made.ok) throw new Error('invite not made');
    const id = made.invite.id;
    const confirm = await get(eaKar, `/dashboard/invites/${id}/revoke`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain(`Thu hồi mã mời ${made.invite.code}?`);
    expect(page).toContain('Xác nhận thu hồi');

    expect((await get(hoaPhu, `/dashboard/invites/${id}/revoke`)).status).toBe(403);
    expect((await post(hoaPhu, `/dashboard/invites/${id}/revoke`, {})).status).toBe(403);
    expect((await post(eaKar, `/dashboard/invites/${id}/revoke`, {}, null)).status).toBe(403);
    expect((await post(eaKar, `/dashboard/invites/${id}/revoke`, {}, 'forged')).status).toBe(403);
    expect((await post(eaKar, '/dashboard/invites/999999/revoke', {})).status).toBe(404);
    expect((await db().invite.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();

    const done = await post(eaKar, `/dashboard/invites/${id}/revoke`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/dashboard/invites?revoked=${id}`);
    expect((await db().invite.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();
    expect(await audits('invite.revoked', `invite:${id}`)).toEqual([expect.objectContaining({ actorId: eaKar.id })]);
    const list = await (await get(eaKar, done.headers.get('location')!)).text();
    expect(list).toContain(`Đã thu hồi mã mời ${made.invite.code}`);
    expect(list).toMatch(new RegExp(`data-code="${made.invite.code}">.*Đã thu hồi`));

    const again = await post(eaKar, `/dashboard/invites/${id}/revoke`, {});
    expect(again.status).toBe(409);
    expect(await audits('invite.revoked', `invite:${id}`)).toHaveLength(1);
    // The code no longer lets anyone in.
    const late = await createPerson(db(), { name: 'Người đến muộn' });
    expect(await redeemInvite(db(), late, made.invite.code)).toMatchObject({ ok: false, reason: 'not_found' });
  });
});

describe('the invitation sheet on the dashboard', () => {
  it("downloads the area's sheet as a PDF (audited); another commune's is refused; a national officer names a province", async () => {
    const open = await db().invite.count({ where: { role: 'director', cooperativeId: coopA, revokedAt: null, expiresAt: { gt: new Date() } } });
    expect(open).toBeGreaterThan(0);
    const page = await (await get(eaKar, '/dashboard/invites')).text();
    expect(page).toContain('href="/dashboard/invites/phieu-moi.pdf"');
    const res = await get(eaKar, '/dashboard/invites/phieu-moi.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('filename="phieu-moi Xa Ea Kar.pdf"');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(1);
    expect(await audits('web.invites.sheet')).toEqual([
      expect.objectContaining({ actorId: eaKar.id, details: expect.objectContaining({ province: PROVINCE, commune: EA_KAR }) }),
    ]);
    expect((await get(eaKar, `/dashboard/invites/phieu-moi.pdf?commune=${encodeURIComponent(HOA_PHU)}`)).status).toBe(403);
    expect((await get(admin, '/dashboard/invites/phieu-moi.pdf')).status).toBe(400);
    expect((await get(admin, `/dashboard/invites/phieu-moi.pdf?province=${encodeURIComponent(PROVINCE)}`)).status).toBe(200);
  });
});

describe('the handoff queue answered from the web', () => {
  let asker: number;
  const ask = (text: string, commune = EA_KAR) => db().question.create({ data: { askerId: asker, text, province: PROVINCE, commune, cooperativeId: coopA } });

  beforeAll(async () => {
    asker = await createDirector(db(), { name: 'Chủ nhiệm hỏi', cooperativeId: coopA, accounts: 'asker-1' });
  });

  it('answers like the chat: the asker gets the answer, the question is answered and audited', async () => {
    const q = await ask('HTX có được hỗ trợ lãi suất vay vốn không?');
    const list = await (await get(eaKar, '/dashboard/questions')).text();
    expect(list).toContain(`href="/dashboard/questions/${q.id}"`);
    const page = await get(eaKar, `/dashboard/questions/${q.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="answer-form"');
    notices.drain();

    const res = await post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: 'Có, theo chương trình tín dụng của tỉnh. Anh/chị liên hệ xã.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/questions/${q.id}?done=answer_sent`);
    const sent = notices.drain();
    expect(sent).toEqual([{ user: 'asker-1', reply: expect.objectContaining({ text: expect.stringContaining('Cán bộ đã trả lời câu hỏi của anh/chị') }) }]);
    expect(sent[0]!.reply.text).toContain('Có, theo chương trình tín dụng của tỉnh.');
    const stored = await db().question.findUniqueOrThrow({ where: { id: q.id } });
    expect(stored).toMatchObject({ status: 'answered', answeredById: eaKar.id, answerText: 'Có, theo chương trình tín dụng của tỉnh. Anh/chị liên hệ xã.' });
    expect(stored.deliveredAt).not.toBeNull();
    expect(await audits('question.answered', `question:${q.id}`)).toEqual([
      expect.objectContaining({ actorId: eaKar.id, details: { askerId: asker, delivered: true, via: 'web' } }),
    ]);
    const after = await (await get(eaKar, res.headers.get('location')!)).text();
    expect(after).toContain('Đã gửi câu trả lời đến người hỏi (câu hỏi #');
    expect(after).toContain('id="draft-form"');

    // A second officer answering later: told clearly, nothing sent, the first answer kept.
    const late = await post(province, `/dashboard/questions/${q.id}/answer`, { answer: 'Một câu trả lời khác' });
    expect(late.status).toBe(409);
    const latePage = await late.text();
    expect(latePage).toContain('đã được cán bộ khác trả lời rồi');
    expect(latePage).toContain('Một câu trả lời khác');
    expect(notices.drain()).toEqual([]);
    expect((await db().question.findUniqueOrThrow({ where: { id: q.id } })).answerText).toContain('tín dụng của tỉnh');
  });

  it('lets exactly one of two officers answering at once win', async () => {
    const q = await ask('Thủ tục đăng ký thành viên mới thế nào?');
    notices.drain();
    const [a, b] = await Promise.all([
      post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: 'Trả lời của xã' }),
      post(province, `/dashboard/questions/${q.id}/answer`, { answer: 'Trả lời của tỉnh' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(notices.drain()).toHaveLength(1);
    expect(await audits('question.answered', `question:${q.id}`)).toHaveLength(1);
  });

  it("refuses another commune's question (403), a missing or wrong token (403), and a too short answer (400, text kept)", async () => {
    const q = await ask('Câu hỏi của xã Ea Kar');
    expect((await get(hoaPhu, `/dashboard/questions/${q.id}`)).status).toBe(403);
    expect((await post(hoaPhu, `/dashboard/questions/${q.id}/answer`, { answer: 'Không phải địa bàn tôi' })).status).toBe(403);
    expect((await post(other, `/dashboard/questions/${q.id}/answer`, { answer: 'Tỉnh khác' })).status).toBe(403);
    expect((await post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: 'Trả lời' }, null)).status).toBe(403);
    expect((await post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: 'Trả lời' }, province.csrf)).status).toBe(403);
    expect((await get(eaKar, '/dashboard/questions/987654')).status).toBe(404);
    const short = await post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: ' x ' });
    expect(short.status).toBe(400);
    const page = await short.text();
    expect(page).toContain('Câu trả lời cần dài từ 2 đến 2000 ký tự.');
    expect(page).toMatch(/<textarea id="answer-text"[^>]*aria-invalid="true">x<\/textarea>/);
    expect(await db().question.findUniqueOrThrow({ where: { id: q.id } })).toMatchObject({ status: 'open', answerText: null });
  });

  it('saves an answered question as a knowledge-base draft once, audited', async () => {
    const q = await ask('Điều kiện để HTX được giao đất?');
    expect((await post(eaKar, `/dashboard/questions/${q.id}/draft`, {})).status).toBe(409); // not answered yet
    expect((await post(eaKar, `/dashboard/questions/${q.id}/answer`, { answer: 'Theo Luật Đất đai, anh/chị nộp hồ sơ tại xã.' })).status).toBe(303);
    expect((await post(eaKar, `/dashboard/questions/${q.id}/draft`, {}, null)).status).toBe(403);
    const saved = await post(eaKar, `/dashboard/questions/${q.id}/draft`, {});
    expect(saved.status).toBe(303);
    const draft = await db().knowledgeDraft.findFirstOrThrow({ where: { questionId: q.id } });
    expect(saved.headers.get('location')).toBe(`/dashboard/questions/${q.id}?done=kb_saved&draft=${draft.id}`);
    expect(draft).toMatchObject({ question: 'Điều kiện để HTX được giao đất?', answer: 'Theo Luật Đất đai, anh/chị nộp hồ sơ tại xã.', createdById: eaKar.id });
    const again = await post(province, `/dashboard/questions/${q.id}/draft`, {});
    expect(again.headers.get('location')).toBe(`/dashboard/questions/${q.id}?done=kb_exists&draft=${draft.id}`);
    expect(await db().knowledgeDraft.count({ where: { questionId: q.id } })).toBe(1);
    expect(await audits('knowledge_draft.created', `knowledge_draft:${draft.id}`)).toEqual([expect.objectContaining({ actorId: eaKar.id })]);
    expect((await post(hoaPhu, `/dashboard/questions/${q.id}/draft`, {})).status).toBe(403);
  });
});

describe('knowledge-base drafts to review', () => {
  let draftId: number;
  let otherDraftId: number;

  beforeAll(async () => {
    const asker = await createPerson(db(), { name: 'Người hỏi' });
    const q = await db().question.create({
      data: {
        askerId: asker,
        text: 'HTX  có phải nộp\nthuế TNDN?',
        province: PROVINCE,
        commune: EA_KAR,
        status: 'answered',
        answerText: 'Có, theo luật thuế.',
        answeredById: eaKar.id,
      },
    });
    const far = await db().question.create({
      data: { askerId: asker, text: 'Câu hỏi Lâm Đồng', province: 'Lâm Đồng', status: 'answered', answerText: 'Trả lời Lâm Đồng' },
    });
    draftId = (await db().knowledgeDraft.create({ data: { questionId: q.id, question: q.text, answer: q.answerText!, createdById: eaKar.id } })).id;
    otherDraftId = (await db().knowledgeDraft.create({ data: { questionId: far.id, question: far.text, answer: far.answerText! } })).id;
  });

  it("are for admins and province officers: a commune officer gets 403; a province sees its own drafts, not another province's", async () => {
    expect((await get(eaKar, '/dashboard/knowledge/drafts')).status).toBe(403);
    expect((await get(eaKar, `/dashboard/knowledge/drafts/${draftId}`)).status).toBe(403);
    expect(await (await get(eaKar, '/dashboard/knowledge')).text()).not.toContain('id="drafts-link"');
    expect(await (await get(province, '/dashboard/knowledge')).text()).toContain('id="drafts-link"');

    const list = await (await get(province, '/dashboard/knowledge/drafts')).text();
    expect(list).toContain(`<tr data-draft="${draftId}">`);
    expect(list).not.toContain(`<tr data-draft="${otherDraftId}">`);
    expect((await get(province, `/dashboard/knowledge/drafts/${otherDraftId}`)).status).toBe(403);
    expect((await post(province, `/dashboard/knowledge/drafts/${otherDraftId}/reviewed`, {})).status).toBe(403);
    expect((await get(province, '/dashboard/knowledge/drafts/999999')).status).toBe(404);

    const all = await (await get(admin, '/dashboard/knowledge/drafts')).text();
    expect(all).toContain(`<tr data-draft="${draftId}">`);
    expect(all).toContain(`<tr data-draft="${otherDraftId}">`);
  });

  it('shows a draft as the Markdown skeleton of `npm run admin -- drafts`', async () => {
    const page = await (await get(province, `/dashboard/knowledge/drafts/${draftId}`)).text();
    const draft = await db().knowledgeDraft.findUniqueOrThrow({ where: { id: draftId } });
    const skeleton = draftSkeleton(draft, new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10));
    expect(page).toContain(`<pre id="draft-skeleton"><code>${escapeHtml(skeleton)}</code></pre>`);
    expect(skeleton).toContain('  - "HTX có phải nộp thuế TNDN?"');
    expect(skeleton).toContain('## vi\nCó, theo luật thuế.');
  });

  it('marks a draft reviewed (token required, audited), after which it leaves the list', async () => {
    expect((await post(province, `/dashboard/knowledge/drafts/${draftId}/reviewed`, {}, null)).status).toBe(403);
    expect((await post(eaKar, `/dashboard/knowledge/drafts/${draftId}/reviewed`, {})).status).toBe(403);
    expect((await db().knowledgeDraft.findUniqueOrThrow({ where: { id: draftId } })).reviewedAt).toBeNull();
    const res = await post(province, `/dashboard/knowledge/drafts/${draftId}/reviewed`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/knowledge/drafts?reviewed=${draftId}`);
    expect((await db().knowledgeDraft.findUniqueOrThrow({ where: { id: draftId } })).reviewedAt).not.toBeNull();
    expect(await audits('knowledge_draft.reviewed', `knowledge_draft:${draftId}`)).toEqual([
      expect.objectContaining({ actorId: province.id, details: { via: 'web' } }),
    ]);
    const list = await (await get(province, res.headers.get('location')!)).text();
    expect(list).toContain(`Đã đánh dấu bản nháp #${draftId} là đã rà soát.`);
    expect(list).not.toContain(`<tr data-draft="${draftId}">`);
  });
});
