/**
 * Questions the bot should not offer to officers, told apart cheaply and conservatively from word
 * lists over the folded text (no diacritics, lower case; no network, no model):
 *
 *   off_topic  clearly not about cooperatives: weather, lottery, jokes, market prices (gold, rice,
 *              pigs…), people's health, football, cooking, exam results, tickets → a short decline;
 *   farming    farming technique: plant disease and pests, fertiliser, how to grow or raise, sick
 *              livestock → a pointer to the agricultural extension service (khuyến nông).
 *
 * Conservative: a question that also names the cooperative or a policy matter (HTX, thuế, phí,
 * dịch vụ, hỗ trợ, vay vốn, luật…) is never off topic, and a farming question that asks about
 * support, rules or money is a policy question. When in doubt the answer is undefined: the
 * knowledge base answers, or the question is offered to an officer as before.
 */
import { foldText } from '../../lib/vietnamese-text.js';

export const OFF_TOPIC_CATEGORIES = ['weather', 'lottery', 'entertainment', 'market_price', 'health', 'sport', 'cooking', 'everyday'] as const;
export type OffTopicCategory = (typeof OFF_TOPIC_CATEGORIES)[number];

export type QuestionScope = { kind: 'off_topic'; category: OffTopicCategory } | { kind: 'farming' };

/** Folded words and phrases, matched on word boundaries. */
type Words = readonly string[];

const OFF_TOPIC: Record<OffTopicCategory, { words: Words; patterns?: readonly RegExp[] }> = {
  weather: {
    words: ['thoi tiet', 'du bao thoi tiet', 'con bao', 'ap thap nhiet doi', 'troi mua', 'mua ngay mai', 'nhiet do ngay mai', 'weather', 'forecast'],
  },
  lottery: {
    words: ['xo so', 'so xo', 'xsmb', 'xsmn', 'xsmt', 've so', 'vietlott', 'lo de', 'danh de', 'so de', 'lottery'],
  },
  entertainment: {
    words: [
      'truyen cuoi',
      'chuyen cuoi',
      'ke chuyen',
      'ke mot cau chuyen',
      'bai hat',
      'hat mot bai',
      'xem phim',
      'phim hay',
      'joke',
      'jokes',
      'tell me a story',
      'sing a song',
    ],
  },
  market_price: {
    words: [
      'ty gia',
      'vang sjc',
      'vang 9999',
      'vang nhan',
      'mua vao ban ra',
      'gold price',
      'price of gold',
      'rice price',
      'price of rice',
      'coffee price',
      'pork price',
      'stock price',
    ],
    patterns: [
      // "giá vàng", "gia lua hom nay", "giá heo hơi", "giá phân urê", "giá cà phê", "giá xăng"
      /\bgia (vang|usd|do la|do my|xang|dau|ca phe|tieu|ho tieu|lua|gao|heo|lon|ga|vit|bo|trau|trung|thit|ca tra|tom|sau rieng|thanh long|xoai|cao su|dieu|mia|ngo|bap|rau|trai cay|phan|ure|npk|thuc an|thuoc|chung khoan|co phieu|bitcoin|coin)\b/,
      // "giá … hôm nay", "giá … bao nhiêu một ký"
      /\bgia (?!dinh|suc|cam|han|tri|tang|nhap)\w.*\b(hom nay|bua nay|today)\b/,
      /\bbao nhieu (mot|1) (kg|ky|ki|ky lo|kilo|yen|ta|tan|bao|con|chi|luong)\b/,
    ],
  },
  health: {
    words: [
      'dau da day',
      'dau bung',
      'dau dau',
      'dau lung',
      'dau rang',
      'huyet ap',
      'tieu duong',
      'tim mach',
      'ung thu',
      'cam cum',
      'bi sot',
      'ho khan',
      'bac si',
      'benh vien',
      'kham benh',
      'uong thuoc',
      'thuoc gi cho nguoi',
      'headache',
      'blood pressure',
      'diabetes',
      'doctor',
      'fever',
    ],
  },
  sport: {
    words: [
      'bong da',
      'da bong',
      'tran dau',
      'ty so',
      'doi tuyen',
      'world cup',
      'sea games',
      'aff cup',
      'ngoai hang anh',
      'da voi thai lan',
      'football',
      'soccer',
      'premier league',
    ],
  },
  cooking: {
    words: ['cach nau', 'nau canh', 'nau mon', 'mon an ngon', 'cong thuc nau', 'goi banh chung', 'lam banh', 'recipe', 'how to cook'],
  },
  everyday: {
    words: ['diem thi', 'tra cuu diem', 've tau', 've may bay', 've xe khach', 'iphone', 'samsung'],
  },
};

/** The cooperative or a policy matter: a question naming one is never off topic. */
const COOPERATIVE: Words = [
  'htx',
  'hop tac xa',
  'hoptacxa',
  'xa vien',
  'thanh vien',
  'lien hiep',
  'to hop tac',
  'cooperative',
  'cooperatives',
  'coop',
  'co op',
  'chinh sach',
  'ho tro',
  'thue',
  'phi',
  'le phi',
  'dich vu',
  'vay von',
  'cho vay',
  'khoan vay',
  'tin dung',
  'luat',
  'nghi dinh',
  'thong tu',
  'quy dinh',
  'thu tuc',
  'dang ky',
  'giay phep',
  'chung nhan',
  'bao hiem',
  'boi thuong',
  'thiet hai',
  'tro cap',
  'tro gia',
  'binh on',
  'hop dong',
  'bao tieu',
  'lien ket',
  'ngan sach',
  'kinh phi',
  'nha nuoc',
  'bao cao',
  'cit',
  'exemption',
  'income',
  'service',
  'services',
  'policy',
  'tax',
  'fee',
  'fees',
  'loan',
  'subsidy',
  'support',
  'law',
  'regulation',
];

/** Farming technique, said outright. */
const FARMING: Words = [
  'sau benh',
  'sau hai',
  'sau cuon la',
  'sau duc than',
  'ray nau',
  'ray xanh',
  'oc buou vang',
  'dao on',
  'benh kho van',
  'benh bac la',
  'chay bia la',
  'lem lep hat',
  'vang la',
  'thoi re',
  'thoi trai',
  'ret ri',
  'phun thuoc',
  'thuoc tru sau',
  'thuoc tri sau',
  'thuoc tri benh',
  'bon phan',
  'phan bon gi',
  'phan bon nao',
  'loai phan nao',
  'bac si thu y',
  'bon gi',
  'ky thuat trong',
  'ky thuat nuoi',
  'ky thuat cham soc',
  'cach trong',
  'cach nuoi',
  'cach cham soc',
  'cach bon',
  'cach u phan',
  'giong lua nao',
  'giong nao tot',
  'dich ta',
  'lo mom long mong',
  'tai xanh',
  'cum gia cam',
  'dom trang',
  'viem da noi cuc',
  'tiem phong cho',
  'plant disease',
  'crop disease',
  'pests',
  'pest control',
  'pesticide',
  'fertiliser',
  'fertilizer',
  'how to grow',
  'how to plant',
];

/** A crop or an animal, and a symptom: "lúa bị vàng lá", "heo bỏ ăn", "gà bị bệnh". */
const SUBJECT =
  /\b(lua|cay|cay trong|rau|ca phe|ho tieu|sau rieng|xoai|thanh long|buoi|chanh|ngo|bap|khoai|mia|dieu|cao su|heo|lon|ga|vit|bo|trau|ca tra|ca ro|ca loc|tom|vat nuoi|gia suc|gia cam)\b/;
const SYMPTOM =
  /(?<!(chuan|du|thiet|trang) )\bbi (benh|sau|nam|vang|heo|chet|thoi|sot|ho|ray|oc|chuot)\b|\b(benh gi|co sau|chet hang loat|bo an|tieu chay|ia chay|rung la|rung trai|chua benh|tri benh|thuoc gi|phun gi|bon gi|bon bao nhieu)\b/;

/** Money, rules and support: a farming question about these is a policy question. */
const FARMING_POLICY: Words = [
  ...COOPERATIVE.filter((w) => !['htx', 'hop tac xa', 'hoptacxa', 'xa vien', 'thanh vien', 'cooperative', 'cooperatives', 'coop', 'co op'].includes(w)),
  'kinh doanh',
  'cung ung',
  'cung cap',
  'mua ban',
  'dai ly',
  'xuat khau',
  'ma vung trong',
];
const PRICE = /\b(gia ca|gia ban|gia mua|bao nhieu tien|price|cost)\b/;

/** The folded words between spaces; "châu Phi" (dịch tả lợn châu Phi: Africa) is not a fee ("phí"). */
const words = (folded: string) => ` ${folded.replace(/[^a-z0-9]+/g, ' ').trim()} `.replace(/ chau phi /g, ' chauphi ');
const has = (text: string, list: Words) => list.some((w) => text.includes(` ${w} `));

/**
 * Whether a question is clearly off topic or about farming technique (see the top of this file),
 * or undefined: a question for the knowledge base and, failing that, an officer.
 *
 * @example questionScope('gia vang sjc hom nay') // { kind: 'off_topic', category: 'market_price' }
 * @example questionScope('lúa bị đạo ôn phun thuốc gì') // { kind: 'farming' }
 * @example questionScope('giá dịch vụ HTX thu của xã viên') // undefined
 */
export function questionScope(q: string): QuestionScope | undefined {
  const text = words(foldText(q));
  if (text.trim() === '') return undefined;
  const farming = has(text, FARMING) || (SUBJECT.test(text) && SYMPTOM.test(text));
  if (!has(text, COOPERATIVE)) {
    for (const category of OFF_TOPIC_CATEGORIES) {
      // A sick animal or crop is farming, not people's health.
      if (category === 'health' && farming) continue;
      const { words: list, patterns = [] } = OFF_TOPIC[category];
      if (has(text, list) || patterns.some((p) => p.test(text))) return { kind: 'off_topic', category };
    }
  }
  if (farming && !has(text, FARMING_POLICY) && !PRICE.test(text)) return { kind: 'farming' };
  return undefined;
}
