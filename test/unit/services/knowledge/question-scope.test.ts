import { describe, expect, it } from 'vitest';
import { loadQaEval } from '../../../../bench/qa-eval.js';
import { loadArticles } from '../../../../src/services/knowledge/load-articles.js';
import { questionScope } from '../../../../src/services/knowledge/question-scope.js';

describe('questionScope: off topic and farming technique, from word lists', () => {
  it.each([
    ['thoi tiet Can Tho ngay mai co mua khong', 'weather'],
    ['ket qua xo so mien bac hom nay', 'lottery'],
    ['kể chuyện cười đi', 'entertainment'],
    ['gia vang sjc hom nay bao nhieu', 'market_price'],
    ['giá lúa hôm nay', 'market_price'],
    ['gia heo hoi bao nhieu 1 kg', 'market_price'],
    ['gia phan ure hom nay bao nhieu mot bao', 'market_price'],
    ['Huyết áp 160 có nguy hiểm không bác sĩ', 'health'],
    ['Hôm nay Việt Nam đá với Thái Lan mấy giờ?', 'sport'],
    ['Who won the football match yesterday?', 'sport'],
    ['cách nấu canh chua cá lóc', 'cooking'],
  ])('declines «%s» as %s', (q, category) => {
    expect(questionScope(q)).toEqual({ kind: 'off_topic', category });
  });

  it.each([
    'lúa bị đạo ôn thì phun thuốc gì',
    'lua bi ray nau phun thuoc gi',
    'bon phan gi cho lua lam dong',
    'ky thuat trong sau rieng',
    'heo nha em bi sot bo an',
    'gà bị tiêu chảy chữa thế nào',
    'heo bị dịch tả châu Phi có chữa được không',
    'How to control pests on rice?',
  ])('points «%s» to the extension service', (q) => {
    expect(questionScope(q)).toEqual({ kind: 'farming' });
  });

  it.each([
    // Cooperative or policy matters that mention a price, the weather or farming.
    'giá dịch vụ làm đất của HTX thu của xã viên',
    'giá dịch vụ HTX hôm nay',
    'HTX thu mua lúa của xã viên theo giá nào',
    'thuế thu nhập doanh nghiệp của hợp tác xã',
    'thiệt hại do thời tiết thì HTX được hỗ trợ gì',
    'hỗ trợ HTX mua phân bón, thuốc bảo vệ thực vật',
    'HTX làm dịch vụ phun thuốc bằng drone có được ưu đãi thuế không',
    'gia súc bị dịch bệnh được nhà nước hỗ trợ bao nhiêu',
    'HTX kinh doanh phân bón cần giấy phép gì',
    'Nhóm 7 hộ trồng sầu riêng muốn lập HTX thì chuẩn bị hồ sơ gì?',
    'CIT exemption for pest-control services',
    // Not ours, but not clearly off topic either: still the knowledge base, then an officer.
    'lam so do cho dat o mat bao lau',
    'lãi suất gửi tiết kiệm 12 tháng ở Agribank',
    '',
    '😀',
  ])('leaves «%s» to the knowledge base and the officers', (q) => {
    expect(questionScope(q)).toBeUndefined();
  });

  it('declines no in-scope question of the evaluation set and no sample question of an article', () => {
    const caught = (loadQaEval() ?? []).filter((i) => i.expected.length > 0 && questionScope(i.q)).map((i) => i.q);
    const { articles } = loadArticles();
    for (const a of articles) for (const q of [...a.questions, a.title.vi, a.title.en]) if (questionScope(q)) caught.push(`${a.id}: ${q}`);
    expect(caught).toEqual([]);
  });
});
