import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../support/console-driver.js';
import { createOfficer } from '../support/factories.js';
import { createTestApp, labels, say, texts, type TestApp, actions } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('answers that quote the law, and the law itself', () => {
  it('answers a CIT question with the corrected rule, its verbatim quote, the contact and "📜 Xem nguyên văn"', async () => {
    const chat = consoleSession(app.router);
    const line = await chat.send('htx chan nuoi heo o Dong Nai co phai nop thue thu nhap doanh nghiep khong');
    const answer = line.replies[0]!;
    // Law 67/2025 and Decree 320/2025: a cooperative's own farm income is exempt, wherever it is.
    expect(answer.text).toMatch(/^📘 /);
    expect(answer.text).toMatch(/miễn thuế/i);
    expect(answer.text).toMatch(/\nCăn cứ:\n• .*320\/2025\/NĐ-CP.*: «[^»]*hợp tác xã[^»]*»/);
    expect(answer.text).toMatch(/\n📞 Liên hệ: .*(thuế|Thuế)/);
    expect(answer.text).toContain('trích dẫn văn bản');
    expect(answer.text).not.toMatch(/chưa được kiểm chứng|huyện/i);
    const show = answer.buttons!.flat().find((b) => b.label === '📜 Xem nguyên văn')!;
    expect(show.action).toMatch(/^pol:x:tax-/);
    // On the console, as on Zalo, the button is pressed by typing its number.
    const number = answer.buttons!.flat().indexOf(show) + 1;
    const law = await chat.send(String(number));
    await chat.end();
    const shown = law.replies.map((r) => r.text).join('\n');
    expect(shown).toMatch(/📜 Nghị định 320\/2025\/NĐ-CP.*\nĐiều 4 \(các đoạn được trích dẫn\)/);
    expect(shown).not.toContain('**');
    expect(shown).toContain('trích dẫn thứ cấp');
    expect(shown).toContain('thu nhập của hợp tác xã, liên hiệp hợp tác xã từ sản xuất sản phẩm cây trồng');
  });

  it.each([
    ['điều 74 luật htx', 'Điều 74. Góp vốn điều lệ hợp tác xã'],
    ['dieu 83 luat hop tac xa 2023', 'Điều 83. Hoạt động cho vay nội bộ'],
    ['Điều 26 Nghị định 45/2021', 'Điều 26. Bảo đảm tiền vay'],
    ['/dieuluat 74', 'Điều 74. Góp vốn điều lệ hợp tác xã'],
    ['/dieuluat 45/2021 26', 'Điều 26. Bảo đảm tiền vay'],
  ])('"%s" shows the article with its document and effective date', async (q, heading) => {
    const replies = await say(app, 'law-1', q);
    const text = texts(replies);
    expect(text).toContain(heading);
    expect(text).toMatch(/📜 (Luật số 17\/2023\/QH15 — Luật Hợp tác xã|Nghị định số 45\/2021\/NĐ-CP)/);
    expect(text).toMatch(/Hiệu lực thi hành: (01\/07\/2024|15\/05\/2021)/);
    expect(text).toContain('Bộ pháp điển');
    expect(labels(replies)).toContain('🙋 Hỏi cán bộ');
  });

  it('says so when the article or the text is not there, and explains /dieuluat', async () => {
    expect(texts(await say(app, 'law-2', 'điều 200 luật htx'))).toContain('không có Điều 200');
    expect(texts(await say(app, 'law-2', 'điều 19 nghị định 113/2024'))).toContain('chưa có nguyên văn');
    expect(texts(await say(app, 'law-2', '/dieuluat'))).toContain('/dieuluat 45/2021 26');
  });

  it('answers with the law text, labelled as such, when only the law answers; "Hỏi cán bộ" takes the question', async () => {
    const q = LAW_ONLY_QUESTION;
    const replies = await say(app, 'law-3', q);
    const text = texts(replies);
    expect(text).toMatch(/^⚖️ Chưa có câu trả lời biên soạn sẵn/);
    expect(text).toContain('NGUYÊN VĂN điều luật');
    expect(text).not.toContain('📘');
    expect(text).not.toContain('Căn cứ:');
    expect(actions(replies)).toContain('ask');
    const confirm = await say(app, 'law-3', { action: 'ask' });
    expect(texts(confirm)).toContain(q);
  });

  it('still declines what is not about cooperatives', async () => {
    for (const q of ['gia vang hom nay bao nhieu', 'thoi tiet da lat ngay mai']) {
      const replies = await say(app, 'law-4', q);
      expect(texts(replies), q).toContain('nằm ngoài phạm vi của Trợ lý HTX');
      expect(actions(replies), q).not.toContain('ask');
    }
  });

  it('shows officers when an article was last reviewed and what it rests on', async () => {
    await createOfficer(app.db.prisma, { province: 'Lâm Đồng', accounts: 'law-off' });
    const topics = await say(app, 'law-off', { action: 'pol:t:members' });
    const first = topics[0]!.buttons!.flat()[0]!;
    const article = await say(app, 'law-off', { action: first.action });
    expect(texts(article)).toMatch(/🔎 Cho cán bộ: rà soát lần cuối \d{2}\/\d{2}\/\d{4} · nguồn: .*knowledge\/law\/luat-17-2023-qh15-hop-tac-xa\.md \(Điều/);
    // A director does not.
    const director = await say(app, 'law-dir', { action: first.action });
    expect(texts(director)).not.toContain('Cho cán bộ');
  });

  it('logged no errors', () => {
    expect(app.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});

/** A cooperative question no curated article answers, that one article of Law 17/2023 does. */
const LAW_ONLY_QUESTION = 'những hành vi nào bị nghiêm cấm đối với hợp tác xã';
