/**
 * The Vietnamese text pipeline for matching questions against the knowledge base. Pure functions,
 * no business rules: the same pipeline runs over the articles (at indexing) and over what people
 * type (at search), so both sides meet on the same terms.
 *
 *   foldForSearch   fold (NFC, lower case, no diacritics, đ → d) and undo SMS spellings
 *                   ("ko" → "khong", "dc" → "duoc", "fi" → "phi", "ls" → "lai suat"…)
 *   SYNONYMS        expand abbreviations and merge synonyms, longest phrase first
 *                   ("htx" → "hop tac xa", "vay von" → "vay", "lai xuat" → "lai suat"…)
 *   STOPWORDS       drop function words ("la", "cua", "duoc", "the nao"…), except where the same
 *                   folded syllable is half of a meaningful word ("toi da", "thi truong", "cho vay")
 *   bigrams         add "thue_dat", "vay_von": phrases rank above the same words scattered
 *
 * Folding makes some different words look alike ("thuê" rent, "thuế" tax → "thue"): context (the
 * other words, the bigrams) separates them, as it does for people reading text without diacritics.
 */
import { cleanText, foldText } from './vietnamese-text.js';

/**
 * One-syllable SMS spellings and abbreviations, replaced before anything else (on folded text).
 * A value may be several syllables; "" drops the token. Ambiguous ones ("nd", "tt", "dk") are
 * resolved by their neighbours in `contextual` below.
 */
export const SMS_SPELLINGS: Readonly<Record<string, string>> = {
  // không
  ko: 'khong', k: 'khong', kh: 'khong', kg: 'khong', khg: 'khong', hok: 'khong', hong: 'khong', hem: 'khong', khum: 'khong', hk: 'khong',
  // được, gì, bao nhiêu, như thế nào
  dc: 'duoc', j: 'gi', ji: 'gi', bn: 'bao nhieu', bnh: 'bao nhieu', bnhieu: 'bao nhieu', nhiu: 'nhieu', ntn: 'nhu the nao',
  // everyday short forms
  ng: 'nguoi', ngta: 'nguoi ta', vs: 'voi', mk: 'minh', mik: 'minh', mjk: 'minh', r: 'roi', wa: 'qua', lm: 'lam', tr: 'trieu', ti: 'ty', ki: 'ky', qui: 'quy', li: 'ly',
  nc: 'nuoc', nx: 'nua', bt: 'biet', ok: '', oke: '', okie: '', uh: '', uk: '', ak: '', ah: '', nhe: '', nhen: '', hen: '', ad: '', admin: '', bot: '', shop: '', alo: '', hi: '', hello: '', chao: '',
  // teen code initials: f → ph, w → qu
  fi: 'phi', fai: 'phai', fat: 'phat', fan: 'phan', fuong: 'phuong', wy: 'quy', wan: 'quan', wyen: 'quyen',
  // domain abbreviations (one token)
  htx: 'hop tac xa', hoptacxa: 'hop tac xa', tht: 'to hop tac', lhhtx: 'lien hiep hop tac xa', lmhtx: 'lien minh hop tac xa',
  tndn: 'thue thu nhap doanh nghiep', tncn: 'thue thu nhap ca nhan', cit: 'thue thu nhap doanh nghiep',
  gtgt: 'gia tri gia tang', vat: 'gia tri gia tang', mst: 'ma so thue',
  qsdd: 'quyen su dung dat', sdd: 'su dung dat', gcnqsdd: 'giay chung nhan quyen su dung dat', gcn: 'giay chung nhan',
  nhcsxh: 'ngan hang chinh sach xa hoi', nhcs: 'ngan hang chinh sach xa hoi', vbsp: 'ngan hang chinh sach xa hoi', nhnn: 'ngan hang nha nuoc', nhtm: 'ngan hang thuong mai',
  khcn: 'khoa hoc cong nghe', cnc: 'cong nghe cao', cntt: 'cong nghe thong tin', cds: 'chuyen doi so', tmdt: 'thuong mai dien tu', xttm: 'xuc tien thuong mai', shtt: 'so huu tri tue',
  ubnd: 'uy ban nhan dan', ub: 'uy ban', hdnd: 'hoi dong nhan dan', nsnn: 'ngan sach nha nuoc',
  hdqt: 'hoi dong quan tri', bks: 'ban kiem soat', dhtv: 'dai hoi thanh vien', tv: 'thanh vien', tvien: 'thanh vien',
  dn: 'doanh nghiep', dnghiep: 'doanh nghiep', cty: 'cong ty', kd: 'kinh doanh', sx: 'san xuat', sxkd: 'san xuat kinh doanh', dkkd: 'dang ky kinh doanh',
  tsbd: 'tai san bao dam', tsdb: 'tai san bao dam', ls: 'lai suat', hs: 'ho so', htro: 'ho tro', tlap: 'thanh lap', dky: 'dang ky', dki: 'dang ky', dkien: 'dieu kien',
  nnghiep: 'nong nghiep', nncnc: 'nong nghiep cong nghe cao', vietgap: 'gap', globalgap: 'gap', bhxh: 'bao hiem xa hoi', bhyt: 'bao hiem y te',
  qtdnd: 'quy tin dung nhan dan', ld: 'lao dong', nld: 'nguoi lao dong', dvc: 'dich vu cong',
  // English spellings that stand for one concept
  coop: 'cooperative', coops: 'cooperative', online: 'truc tuyen', website: 'trang web', web: 'trang web',
};

/**
 * Abbreviations whose meaning depends on a neighbour: a number after "nd"/"tt"/"qd" makes it a
 * legal document ("nd 113" → "nghi dinh 113"); "dk" is "điều kiện" unless a registration word follows.
 */
function contextual(token: string, next: string | undefined, prev: string | undefined): string | undefined {
  const numberNext = next !== undefined && /^\d/.test(next);
  switch (token) {
    case 'nd':
    case 'nđ':
      return numberNext ? 'nghi dinh' : undefined;
    case 'hong':
      // "sổ hồng" (a land title), not the Southern "hông" (không).
      return prev === 'so' ? 'hong' : undefined;
    case 'tt':
      return numberNext ? 'thong tu' : 'thu tuc';
    case 'qd':
      return numberNext ? 'quyet dinh' : undefined;
    case 'dk':
      return next && ['htx', 'tht', 'thanh', 'tlap', 'kinh', 'kd', 'online', 'truc', 'quy', 'lai', 'o', 'tai', 'mau', 'nhu'].includes(next) ? 'dang ky' : prev && ['le', 'phi', 'giay', 'gcn', 'ho', 'hs'].includes(prev) ? 'dang ky' : 'dieu kien';
    case 'nn':
      // After "của", "từ" or before "hỗ trợ", "cho": nhà nước (the State); otherwise nông nghiệp.
      return (prev && ['cua', 'tu', 'duoc'].includes(prev)) || (next && ['ho', 'htro', 'cho', 'co'].includes(next)) ? 'nha nuoc' : 'nong nghiep';
    default:
      return undefined;
  }
}

/**
 * Abbreviations and synonyms over several syllables, on folded text after the SMS pass: each
 * left-hand phrase is replaced by the right-hand one (longest match first). Both sides of a search
 * go through it, so a synonym only needs to name the canonical form once.
 */
export const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  // organisations
  ['lh hop tac xa', 'lien hiep hop tac xa'],
  ['lm hop tac xa', 'lien minh hop tac xa'],
  ['lien minh hop tac xa', 'lien minh hop tac xa'],
  ['kh cn', 'khoa hoc cong nghe'],
  ['co op', 'cooperative'],
  ['thue thue', 'thue'],
  ['khong cn', 'khoa hoc cong nghe'], // "kh&cn" after "kh" became "khong"
  ['khoa hoc va cong nghe', 'khoa hoc cong nghe'],
  ['xa vien', 'thanh vien'],
  ['hop tac xa vien', 'thanh vien hop tac xa'],
  ['nha nuoc', 'nha nuoc'],
  ['so do', 'giay chung nhan quyen su dung dat'],
  ['so hong', 'giay chung nhan quyen su dung dat'],
  ['giay phep kinh doanh', 'giay chung nhan dang ky'],
  // money and loans
  ['vay von', 'vay'],
  ['vay tien', 'vay'],
  ['muon von', 'vay'],
  ['lai xuat', 'lai suat'],
  ['lai xuet', 'lai suat'],
  ['thue xuat', 'thue suat'],
  ['tin chap', 'khong the chap'],
  ['dam bao tien vay', 'bao dam tien vay'],
  ['tai san dam bao', 'tai san bao dam'],
  ['no qua han', 'no qua han'],
  ['tien lai', 'lai suat'],
  ['ty le', 'ty le'],
  ['tin dung noi bo', 'cho vay noi bo'],
  ['cam so do', 'the chap giay chung nhan quyen su dung dat'],
  ['cam co', 'the chap'],
  ['cong ty tnhh', 'doanh nghiep'],
  ['cong ty co phan', 'doanh nghiep'],
  ['cong ty', 'doanh nghiep'],
  // land
  ['dat cong', 'dat nha nuoc'],
  ['muon dat', 'thue dat'],
  ['muon ruong', 'thue ruong'],
  ['ruong dat', 'ruong dat'],
  ['ruong', 'ruong dat'],
  ['ba con', 'ho dan'],
  // support
  ['giup', 'ho tro'],
  ['bu', 'ho tro'],
  ['dau ra', 'tieu thu'],
  ['dau moi lien ket', 'chu tri lien ket'],
  ['tap huan', 'tap huan dao tao'],
  ['bi phat', 'bi xu phat'],
  // registration and paperwork
  ['giay to', 'ho so'],
  ['thanh lap moi', 'thanh lap'],
  ['lap hop tac xa', 'thanh lap hop tac xa'],
  ['mo hop tac xa', 'thanh lap hop tac xa'],
  ['qua mang', 'truc tuyen'],
  ['tren mang', 'truc tuyen'],
  ['dich vu cong truc tuyen', 'dich vu cong truc tuyen'],
  ['hang nam', 'hang nam'],
  ['moi nam', 'hang nam'],
  ['thu tuc', 'thu tuc'],
  // SMS spellings of whole words
  ['bao nhieu tien', 'bao nhieu tien'],
  ['bao lau', 'bao lau'],
  ['nong nghiep cong nghe cao', 'nong nghiep cong nghe cao'],
  ['thuong mai dien tu', 'thuong mai dien tu'],
];

/**
 * Function words that carry no meaning for matching. Negation is a meaning word only inside a
 * phrase ("không tài sản bảo đảm", "quỹ không chia"); as the question particle "… không?" it is dropped.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  // Vietnamese particles, pronouns, question words
  'la', 'cua', 'co', 'khong', 'duoc', 'nhu', 'the', 'nao', 'gi', 'a', 'oi', 'em', 'anh', 'chi', 'cho', 'toi', 'minh', 'thi', 'ma', 'va', 'voi', 'o', 'de', 'da',
  'cac', 'nhung', 'nay', 'do', 'ay', 'kia', 'sao', 'roi', 'nua', 'cung', 'ra', 'vao', 'len', 'xuong', 'ban', 'nhe', 'nha', 'ha', 'hay', 'hoac', 'hoi', 'xin', 'vui', 'long', 'biet',
  'muon', 'can', 'phai', 'bi', 'se', 'dang', 'van', 'con', 'chua', 'lam', 'thuoc', 've', 'tu', 'den', 'tai', 'trong', 'ngoai', 'ta', 'chung', 'mot',
  // English function words (questions in English are matched against the English text)
  'is', 'are', 'was', 'were', 'be', 'been', 'am', 'what', 'which', 'who', 'whom', 'how', 'when', 'where', 'why', 'does', 'did', 'of', 'for', 'in', 'at', 'by', 'with', 'from',
  'and', 'or', 'if', 'its', 'my', 'our', 'we', 'i', 'you', 'your', 'they', 'their', 'this', 'that', 'these', 'those', 'there', 'any', 'some', 'about', 'into', 'as',
  'will', 'would', 'should', 'could', 'might', 'must', 'shall', 'get', 'got', 'please', 'tell', 'me', 'us', 'much', 'many',
]);

/**
 * Pairs of folded syllables that form a meaning word even though one half is a stopword on its
 * own: "tối đa" (maximum) is not "tôi" (I), "thị trường" (market) is not "thì", "cho vay" (lend)
 * is not "cho" (for), "hội chợ" (fair) is not "cho". A stopword in one of these pairs is kept.
 */
const KEEP_PAIRS: ReadonlySet<string> = new Set([
  'toi da', 'toi thieu', 'thi truong', 'do thi', 'cho vay', 'hoi cho', 'hoi dong', 'dai hoi', 'xa hoi', 'the chap', 'co quan', 'co so', 'co che', 'co khi', 'co cau', 'co phan', 'co ban', 'co hoi',
  'chi phi', 'chi tieu', 'chi so', 'chi tra', 'chi nhanh', 'chi dinh', 'nhu cau', 'an o', 'noi o', 'ma so', 'van de', 'de an', 'de xuat', 'de nghi', 'chung minh', 'minh bach', 'anh huong',
  'khong chia', 'khong the', 'khong tai', 'khong can', 'khong bao', 'khong hoan', 'khong thu', 'ban kiem', 'ban hang', 'ban ra', 'mua ban', 'tu van', 'dau tu', 'tu nhan', 'tu chu',
  'chung nhan', 'chung chi', 'chung tu', 'quy chung', 'trong trot', 'cay trong', 'nuoi trong', 'trong lua', 'trong cay', 'trong rung', 'hoan thue', 'tai chinh', 'tai san', 'tai khoan', 'tai lieu', 'tai tro', 'tai san',
  'khi hau', 've sinh', 'moi truong', 'dang ky', 'lao dong', 'da dang', 'do luong', 'do dac', 'hay nhat', 'hoi vien', 'lam viec', 'nha nuoc', 'nha kho', 'nha xuong', 'nha may', 'nha dau', 'nha dat', 'nha o', 'nha mang',
  'chua chia', 'con lai', 'ra doi', 'the loai', 'thi xa', 'toi uu', 'long ghep', 'can bo', 'can cu', 'can doi',
  'bi xu', 've nguon', 'den bu', 'trong nuoc', 'nuoc ngoai', 'van ban', 'ban hanh', 'dung chung', 'chua che', 'hai long', 'trinh do', 'muc do', 'che do', 'ha tang', 'cung cap', 'cung ung', 'trien lam', 'lam nghiep', 'thong tu', 'tu phap', 'an toan',
]);

/** Replaces SMS spellings and ambiguous one-syllable abbreviations. */
function normaliseSyllables(syllables: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < syllables.length; i++) {
    const s = syllables[i]!;
    const ctx = contextual(s, syllables[i + 1], syllables[i - 1]);
    const replacement = ctx ?? SMS_SPELLINGS[s];
    if (replacement === undefined) out.push(s);
    else if (replacement) out.push(...replacement.split(' '));
  }
  return out;
}

// Synonyms indexed by their first syllable, longest first.
const SYNONYM_INDEX = (() => {
  const index = new Map<string, Array<{ from: string[]; to: string[] }>>();
  for (const [from, to] of SYNONYMS) {
    const f = from.split(' ');
    const list = index.get(f[0]!) ?? [];
    list.push({ from: f, to: to.split(' ') });
    index.set(f[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.from.length - a.from.length);
  return index;
})();

function applySynonyms(syllables: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  outer: while (i < syllables.length) {
    for (const { from, to } of SYNONYM_INDEX.get(syllables[i]!) ?? []) {
      if (from.every((f, k) => syllables[i + k] === f)) {
        out.push(...to);
        i += from.length;
        continue outer;
      }
    }
    out.push(syllables[i]!);
    i++;
  }
  return out;
}

/**
 * A light English stemmer (plural "s", "ing", "ed"). Safe on Vietnamese: no folded Vietnamese
 * syllable ends in "s", "ed" or "ing" (those rhymes are spelt "-inh").
 */
function stemEnglish(token: string): string {
  if (token.length <= 3 || /^\d/.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith('ing') && token.length > 5) return token.slice(0, -3);
  if (token.endsWith('ed') && token.length > 4) return token.slice(0, -2);
  if (token.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(token)) return token.slice(0, -2);
  if (token.endsWith('s') && !token.endsWith('ss')) return token.slice(0, -1);
  return token;
}

/**
 * Folds `text` and splits it into clauses of normalised syllables (SMS spellings undone, synonyms
 * applied), keeping stopwords: the form to show when debugging a match.
 */
export function foldForSearch(text: string): string {
  return clauses(text)
    .map((c) => c.join(' '))
    .join(' | ');
}

/** What the pipeline knows about a syllable of the original text, for `SearchTokenOptions.correct`. */
export interface SyllableContext {
  /** Typed with a capital first letter ("Tum" in "Kon Tum"), not at the start of a sentence. */
  capitalised: boolean;
}

/** Options of the pipeline. */
export interface SearchTokenOptions {
  /**
   * Called with each folded syllable before SMS spellings and synonyms are undone; may return a
   * replacement (a typo correction: "kein" → "kien"), "" to drop the syllable (a place name), or
   * undefined to keep it.
   */
  correct?: (syllable: string, context: SyllableContext) => string | undefined;
}

const CLAUSE_BREAK = /[.,;:!?()[\]{}"“”…\n–—]+/;
const SENTENCE_END = /[.!?\n]\s*$/;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** The folded syllables of `text`, nothing else done: the raw vocabulary a typo corrector knows. */
export function foldedSyllables(text: string): string[] {
  return foldText(text).split(NOT_WORD).filter(Boolean);
}

/** Clauses (split on punctuation) of normalised syllables. */
function clauses(text: string, options: SearchTokenOptions = {}): string[][] {
  const { correct } = options;
  if (!correct) {
    return foldText(text)
      .split(CLAUSE_BREAK)
      .map((clause) => applySynonyms(normaliseSyllables(clause.split(NOT_WORD).filter(Boolean))).map(stemEnglish))
      .filter((c) => c.length > 0);
  }
  // With a corrector, keep the case of each syllable: a capital inside a sentence marks a name.
  const clean = cleanText(text);
  const out: string[][] = [];
  let sentenceStart = true;
  let rest = clean;
  while (rest.length > 0) {
    const m = CLAUSE_BREAK.exec(rest);
    const clause = m ? rest.slice(0, m.index) : rest;
    const syllables: string[] = [];
    clause
      .split(NOT_WORD)
      .filter(Boolean)
      .forEach((raw, i) => {
        const folded = foldText(raw);
        const first = raw[0]!;
        const capitalised = !(sentenceStart && i === 0) && first !== first.toLowerCase() && raw.slice(1) === raw.slice(1).toLowerCase();
        const c = correct(folded, { capitalised });
        if (c === undefined) syllables.push(folded);
        else if (c) syllables.push(...c.split(' '));
      });
    const words = applySynonyms(normaliseSyllables(syllables)).map(stemEnglish);
    if (words.length > 0) out.push(words);
    if (syllables.length > 0) sentenceStart = false;
    if (!m) break;
    if (SENTENCE_END.test(m[0])) sentenceStart = true;
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** Drops stopwords from one clause, keeping those that are half of a meaning word. */
function dropStopwords(syllables: string[]): string[] {
  return syllables.filter((s, i) => {
    if (!STOPWORDS.has(s)) return s.length > 1 || /\d/.test(s);
    const prev = syllables[i - 1];
    const next = syllables[i + 1];
    return (prev !== undefined && KEEP_PAIRS.has(`${prev} ${s}`)) || (next !== undefined && KEEP_PAIRS.has(`${s} ${next}`));
  });
}

/** The separator inside a bigram term: "thue_dat". */
export const BIGRAM_JOINER = '_';

/**
 * The search terms of `text`: its meaningful syllables (folded, SMS spellings and abbreviations
 * expanded, stopwords dropped), then the bigrams of neighbouring syllables within a clause.
 * Repeated terms are kept (term frequency matters when indexing).
 */
export function searchTokens(text: string, options: SearchTokenOptions = {}): string[] {
  const unigrams: string[] = [];
  const bigrams: string[] = [];
  for (const clause of clauses(text, options)) {
    const words = dropStopwords(clause);
    unigrams.push(...words);
    for (let i = 1; i < words.length; i++) bigrams.push(`${words[i - 1]}${BIGRAM_JOINER}${words[i]}`);
  }
  return [...unigrams, ...bigrams];
}

/** True for a bigram term made by `searchTokens`. */
export function isBigram(term: string): boolean {
  return term.includes(BIGRAM_JOINER);
}

// A folded Vietnamese syllable: an optional onset, a vowel cluster, an optional final consonant.
const SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:oai|oao|oay|oeo|uoi|uou|uya|uye|uyu|uay|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])(?:ch|nh|ng|[cmnpt])?$/;

/**
 * True when `syllable` (folded) could be a Vietnamese syllable. "kein", "trein", "thnah" cannot:
 * they are typos; "xang" can, and is a real word that may simply be out of scope.
 */
export function isVietnameseSyllable(syllable: string): boolean {
  return SYLLABLE.test(syllable);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The most frequent word of `vocabulary` one edit away from `word` (a letter deleted, inserted,
 * replaced, or two neighbours swapped: Damerau–Levenshtein distance 1), or undefined.
 */
export function closestWord(word: string, vocabulary: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  const consider = (candidate: string) => {
    const count = vocabulary.get(candidate);
    if (count !== undefined && count > bestCount && candidate !== word) {
      best = candidate;
      bestCount = count;
    }
  };
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) consider(head + tail.slice(1));
    if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      if (tail) consider(head + c + tail.slice(1));
      consider(head + c + tail);
    }
  }
  return best;
}

/**
 * Every spelling the pipeline itself knows (SMS spellings, abbreviations, synonyms, stopwords):
 * with the knowledge base's own syllables, the words a typo corrector must leave alone.
 */
export function pipelineSpellings(): Set<string> {
  const words = new Set<string>([...Object.keys(SMS_SPELLINGS), ...STOPWORDS]);
  for (const [from, to] of SYNONYMS) for (const w of `${from} ${to}`.split(' ')) words.add(w);
  for (const pair of KEEP_PAIRS) for (const w of pair.split(' ')) words.add(w);
  for (const value of Object.values(SMS_SPELLINGS)) for (const w of value.split(' ')) if (w) words.add(w);
  return words;
}
