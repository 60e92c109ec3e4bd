/**
 * The Vietnamese text pipeline for matching questions against the knowledge base. Pure functions,
 * no business rules: the same pipeline runs over the articles (when indexing) and over what people
 * type (when searching), so both sides meet on the same terms.
 *
 *   1. fold          NFC, lower case, no diacritics, đ → d (`foldText`); split into clauses on
 *                    punctuation and into syllables on anything that is not a letter or a digit
 *   2. SMS           one-syllable SMS spellings and abbreviations: "ko" → "khong", "dc" → "duoc",
 *                    "fi" → "phi", "tndn" → "thue thu nhap doanh nghiep", "nd 113" → "nghi dinh 113"
 *   3. SYNONYMS      phrases, longest first: "vay von" → "vay", "lai xuat" → "lai suat",
 *                    "hop tac xa" → "htx", "xa vien" → "thanh vien", "so do" → "giay chung nhan …"
 *   4. STOPWORDS     function words dropped ("la", "cua", "duoc", "the nao", "… khong?"), except
 *                    where the same folded syllable is half of a meaning word: "toi da" (tối đa),
 *                    "thi truong" (thị trường), "cho vay", "hoi cho" (hội chợ), "khong chia"
 *   5. bigrams       neighbouring kept syllables of a clause: "thue_dat", "cho_vay": a phrase
 *                    ranks above the same words scattered
 *
 * Why synonyms run before stopwords: SMS spellings and abbreviations may expand to stopwords
 * ("ko" → "khong") or need them ("tien an o" keeps "o" = ở).
 *
 * "Hợp tác xã" and "tổ hợp tác" are folded to their usual abbreviations "htx" and "tht" rather
 * than the other way round: one term for the concept, and the "xã" of "hợp tác xã" is no longer
 * confused with "xã" (the commune).
 *
 * Folding makes different words look alike ("thuê" rent, "thuế" tax → "thue"): context (the other
 * words, the bigrams) separates them, as it does for people reading text typed without diacritics.
 */
import { cleanText, foldText } from './vietnamese-text.js';

/** Everyday SMS spellings of one syllable; "" drops the token (greetings, particles). */
/** A table's own entry for a word (never one inherited from Object: `constructor`, `toString`). */
const ownEntry = (table: Readonly<Record<string, string>>, word: string): string | undefined => (Object.hasOwn(table, word) ? table[word] : undefined);

export const SMS_SPELLINGS: Readonly<Record<string, string>> = {
  // không
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  kg: 'khong',
  khg: 'khong',
  hok: 'khong',
  hong: 'khong',
  hem: 'khong',
  khum: 'khong',
  hk: 'khong',
  // được, gì, bao nhiêu, như thế nào
  dc: 'duoc',
  j: 'gi',
  ji: 'gi',
  bn: 'bao nhieu',
  bnh: 'bao nhieu',
  bnhieu: 'bao nhieu',
  nhiu: 'nhieu',
  ntn: 'nhu the nao',
  // everyday short forms and variant spellings (kí/ký, qui/quy, tỉ/tỷ)
  ng: 'nguoi',
  ngta: 'nguoi ta',
  vs: 'voi',
  mk: 'minh',
  mik: 'minh',
  mjk: 'minh',
  r: 'roi',
  wa: 'qua',
  lm: 'lam',
  tr: 'trieu',
  ti: 'ty',
  ki: 'ky',
  qui: 'quy',
  li: 'ly',
  nc: 'nuoc',
  nx: 'nua',
  bt: 'biet',
  ok: '',
  oke: '',
  okie: '',
  uh: '',
  uk: '',
  ak: '',
  ah: '',
  nhe: '',
  nhen: '',
  hen: '',
  ad: '',
  admin: '',
  bot: '',
  shop: '',
  alo: '',
  hi: '',
  hello: '',
  chao: '',
  // teen code initials: f → ph, w → qu
  fi: 'phi',
  fai: 'phai',
  fat: 'phat',
  fan: 'phan',
  fuong: 'phuong',
  wy: 'quy',
  wan: 'quan',
  wyen: 'quyen',
  // English spellings of one concept
  coop: 'cooperative',
  coops: 'cooperative',
  online: 'truc tuyen',
  website: 'trang web',
};

/**
 * Abbreviations of the domain (one token): the administration's and the press's usual ones. A
 * multi-syllable expansion is also a *concept* (`ABBREVIATION_CONCEPTS`): a question about social
 * insurance ("BHXH") is about that, not about "bảo hiểm" and "xã hội" separately.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  htx: 'htx',
  hoptacxa: 'htx',
  tht: 'tht',
  lhhtx: 'lien hiep htx',
  lmhtx: 'lien minh htx',
  tndn: 'thue thu nhap doanh nghiep',
  tncn: 'thue thu nhap ca nhan',
  cit: 'thue thu nhap doanh nghiep',
  gtgt: 'gia tri gia tang',
  vat: 'gia tri gia tang',
  mst: 'ma so thue',
  qsdd: 'quyen su dung dat',
  sdd: 'su dung dat',
  gcnqsdd: 'giay chung nhan quyen su dung dat',
  gcn: 'giay chung nhan',
  nhcsxh: 'ngan hang chinh sach xa hoi',
  nhcs: 'ngan hang chinh sach xa hoi',
  vbsp: 'ngan hang chinh sach xa hoi',
  nhnn: 'ngan hang nha nuoc',
  nhtm: 'ngan hang thuong mai',
  khcn: 'khoa hoc cong nghe',
  cnc: 'cong nghe cao',
  cntt: 'cong nghe thong tin',
  cds: 'chuyen doi so',
  tmdt: 'thuong mai dien tu',
  xttm: 'xuc tien thuong mai',
  shtt: 'so huu tri tue',
  ubnd: 'uy ban nhan dan',
  ub: 'uy ban',
  hdnd: 'hoi dong nhan dan',
  nsnn: 'ngan sach nha nuoc',
  hdqt: 'hoi dong quan tri',
  bks: 'ban kiem soat',
  dhtv: 'dai hoi thanh vien',
  tv: 'thanh vien',
  tvien: 'thanh vien',
  dn: 'doanh nghiep',
  dnghiep: 'doanh nghiep',
  cty: 'cong ty',
  kd: 'kinh doanh',
  sx: 'san xuat',
  sxkd: 'san xuat kinh doanh',
  dkkd: 'dang ky kinh doanh',
  tsbd: 'tai san bao dam',
  tsdb: 'tai san bao dam',
  ls: 'lai suat',
  hs: 'ho so',
  htro: 'ho tro',
  tlap: 'thanh lap',
  dky: 'dang ky',
  dki: 'dang ky',
  dkien: 'dieu kien',
  nnghiep: 'nong nghiep',
  nncnc: 'nong nghiep cong nghe cao',
  vietgap: 'gap',
  globalgap: 'gap',
  bhxh: 'bao hiem xa hoi',
  bhyt: 'bao hiem y te',
  qtdnd: 'quy tin dung nhan dan',
  ld: 'lao dong',
  nld: 'nguoi lao dong',
  dvc: 'dich vu cong',
};

/**
 * Abbreviations whose meaning depends on a neighbour: a number after "nd"/"tt"/"qd" makes it a
 * legal document ("nd 113" → "nghi dinh 113"); "dk" is "điều kiện" unless a registration word is
 * next to it; "nn" is "nhà nước" next to "hỗ trợ", "của"…, otherwise "nông nghiệp".
 */
function contextual(token: string, next: string | undefined, prev: string | undefined): string | undefined {
  const numberNext = next !== undefined && /^\d/.test(next);
  switch (token) {
    case 'nd':
      return numberNext ? 'nghi dinh' : undefined;
    case 'qd':
      return numberNext ? 'quyet dinh' : undefined;
    case 'tt':
      return numberNext ? 'thong tu' : 'thu tuc';
    case 'hong':
      // "sổ hồng" (a land title), not the Southern "hông" (không).
      return prev === 'so' ? 'hong' : undefined;
    case 'dk':
      if (next && ['htx', 'tht', 'thanh', 'tlap', 'kinh', 'kd', 'online', 'truc', 'quy', 'o', 'tai', 'mau'].includes(next)) return 'dang ky';
      return prev && ['le', 'phi', 'giay', 'gcn', 'hs'].includes(prev) ? 'dang ky' : 'dieu kien';
    case 'nn':
      return (prev && ['cua', 'tu', 'duoc'].includes(prev)) || (next && ['ho', 'htro', 'cho', 'co'].includes(next)) ? 'nha nuoc' : 'nong nghiep';
    default:
      return undefined;
  }
}

/**
 * Synonyms over one or more syllables, applied after the SMS pass (so "htx" is already "htx" and
 * "cty" is "cong ty"): each left-hand phrase becomes the right-hand one, longest match first.
 * Both sides of a search go through it, so a synonym only has to name the canonical form. An entry
 * that maps a phrase to itself is a guard: the longer phrase wins over a shorter synonym in it.
 */
export const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  // cooperatives and their people ("hợp tác xã" is already "htx": see NAMES)
  ['lh htx', 'lien hiep htx'],
  ['lm htx', 'lien minh htx'],
  ['htx vien', 'thanh vien htx'],
  ['xa vien', 'thanh vien'],
  ['co op', 'cooperative'],
  ['cong ty tnhh', 'doanh nghiep'],
  ['cong ty co phan', 'doanh nghiep'],
  ['cong ty', 'doanh nghiep'],
  ['ba con', 'ho dan'],
  // science and technology: "KH&CN" (the "kh" became "khong")
  ['kh cn', 'khoa hoc cong nghe'],
  ['khong cn', 'khoa hoc cong nghe'],
  ['khoa hoc va cong nghe', 'khoa hoc cong nghe'],
  // money, loans and tax
  ['vay von', 'vay'],
  ['vay tien', 'vay'],
  ['muon von', 'vay'],
  ['lai xuat', 'lai suat'],
  ['lai xuet', 'lai suat'],
  ['tien lai', 'lai suat'],
  ['thue xuat', 'thue suat'],
  ['thue thue', 'thue'], // "thuế TNDN" → "thue thue thu nhap …"
  ['tin chap', 'khong the chap'],
  ['cam co', 'the chap'],
  ['cam so do', 'the chap giay chung nhan quyen su dung dat'],
  ['dam bao tien vay', 'bao dam tien vay'],
  ['tai san dam bao', 'tai san bao dam'],
  ['tin dung noi bo', 'cho vay noi bo'],
  // land
  ['so do', 'giay chung nhan quyen su dung dat'],
  ['so hong', 'giay chung nhan quyen su dung dat'],
  ['dat cong', 'dat nha nuoc'],
  ['muon dat', 'thue dat'], // mướn (Southern: rent)
  ['muon ruong', 'thue ruong'],
  ['ruong dat', 'ruong dat'], // already said in full
  ['ruong', 'ruong dat'],
  ['de rieng', 'danh'],
  ['danh rieng', 'danh'],
  // support
  ['giup', 'ho tro'],
  ['bu', 'ho tro'], // "nhà nước có bù không"
  ['dau ra', 'tieu thu'], // đầu ra cho sản phẩm
  ['dau moi lien ket', 'chu tri lien ket'],
  ['ke hoach', 'phuong an'],
  ['tap huan', 'tap huan dao tao'],
  ['bi phat', 'bi xu phat'],
  // registration and paperwork
  ['giay to', 'ho so'],
  ['giay phep kinh doanh', 'giay chung nhan dang ky'],
  ['thanh lap moi', 'thanh lap'],
  ['thanh lap htx', 'thanh lap htx'], // already said in full: not "thanh" + "lap htx"
  ['lap htx', 'thanh lap htx'],
  ['mo htx', 'thanh lap htx'],
  ['qua mang', 'truc tuyen'],
  ['len mang', 'truc tuyen'],
  ['tren mang', 'truc tuyen'],
  ['moi nam', 'hang nam'],
  // English
  ['at least', 'minimum'],
  ['at the latest', 'deadline'],
  ['set up', 'establish'],
  ['start', 'establish'],
  ['registration', 'register'],
];

/** Names of the two kinds of cooperative, folded to their abbreviations before the other synonyms apply. */
const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['hop tac xa', 'htx'],
  ['hop tac sa', 'htx'], // s/x: the commonest spelling mistake
  ['to hop tac', 'tht'],
];

/**
 * Function words that carry no meaning for matching: Vietnamese particles, pronouns and question
 * words, and English function words (English questions are matched against the English text).
 * Content words stay even when frequent ("vay", "thue", "dat"): their rarity is the ranking's job.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'la',
  'cua',
  'co',
  'khong',
  'duoc',
  'nhu',
  'the',
  'nao',
  'gi',
  'a',
  'oi',
  'em',
  'anh',
  'chi',
  'cho',
  'toi',
  'minh',
  'thi',
  'ma',
  'va',
  'voi',
  'o',
  'de',
  'da',
  'cac',
  'nhung',
  'nay',
  'do',
  'ay',
  'kia',
  'sao',
  'roi',
  'nua',
  'cung',
  'ra',
  'vao',
  'len',
  'xuong',
  'ban',
  'nhe',
  'nha',
  'ha',
  'hay',
  'hoac',
  'hoi',
  'xin',
  'vui',
  'long',
  'biet',
  'muon',
  'can',
  'phai',
  'bi',
  'se',
  'dang',
  'van',
  'con',
  'chua',
  'lam',
  'thuoc',
  've',
  'tu',
  'den',
  'tai',
  'trong',
  'ngoai',
  'ta',
  'chung',
  'mot',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'am',
  'what',
  'which',
  'who',
  'whom',
  'how',
  'when',
  'where',
  'why',
  'does',
  'did',
  'of',
  'for',
  'in',
  'at',
  'by',
  'with',
  'from',
  'and',
  'or',
  'if',
  'its',
  'my',
  'our',
  'we',
  'i',
  'you',
  'your',
  'they',
  'their',
  'this',
  'that',
  'these',
  'those',
  'there',
  'any',
  'some',
  'about',
  'into',
  'as',
  'to',
  'will',
  'would',
  'should',
  'could',
  'might',
  'must',
  'shall',
  'have',
  'has',
  'had',
  'need',
  'now',
  'under',
  'also',
  'still',
  'not',
  'than',
  'then',
  'just',
  'only',
  'get',
  'got',
  'please',
  'tell',
  'me',
  'us',
  'much',
  'many',
  'on',
]);

/**
 * Pairs of folded syllables that form a meaning word although one half is a stopword on its own:
 * "tối đa" (maximum) is not "tôi" (I), "thị trường" (market) is not "thì", "cho vay" (lend) is not
 * "cho" (for), "hội chợ" (fair) is not "cho", "không chia" (indivisible) is not the particle.
 */
const KEEP_PAIRS: ReadonlySet<string> = new Set([
  'toi da',
  'toi thieu',
  'toi uu',
  'thi truong',
  'thi xa',
  'do thi',
  'cho vay',
  'cho thue',
  'hoi cho',
  'hoi dong',
  'dai hoi',
  'xa hoi',
  'quoc hoi',
  'hoi vien',
  'the chap',
  'the loai',
  'co quan',
  'co so',
  'co che',
  'co khi',
  'co cau',
  'co phan',
  'co ban',
  'co hoi',
  'co tuc',
  'co dong',
  'huu co',
  'tu co',
  'chi phi',
  'chi tieu',
  'chi so',
  'chi tra',
  'chi nhanh',
  'chi dinh',
  'chi tiet',
  'tieu chi',
  'nhu cau',
  'an o',
  'noi o',
  'nha o',
  'ma so',
  'van de',
  'de an',
  'de xuat',
  'de nghi',
  'chung minh',
  'minh bach',
  'lien minh',
  'anh huong',
  'khong chia',
  'khong the',
  'khong tai',
  'khong can',
  'khong bao',
  'khong hoan',
  'khong thu',
  'ban kiem',
  'ban hang',
  'ban ra',
  'mua ban',
  'van ban',
  'ban hanh',
  'dia ban',
  'uy ban',
  'tu van',
  'dau tu',
  'tu nhan',
  'tu chu',
  'tu phap',
  'thong tu',
  'tich tu',
  'dien tu',
  'chung nhan',
  'chung chi',
  'chung tu',
  'quy chung',
  'dung chung',
  'trong trot',
  'cay trong',
  'nuoi trong',
  'trong lua',
  'trong cay',
  'trong rung',
  'trong nuoc',
  'nuoc ngoai',
  'tai chinh',
  'tai san',
  'tai khoan',
  'tai lieu',
  'tai tro',
  'hoan thue',
  'khi hau',
  've sinh',
  've nguon',
  'moi truong',
  'dang ky',
  'dang nhap',
  'lao dong',
  'da dang',
  'do luong',
  'do dac',
  'trinh do',
  'muc do',
  'che do',
  'lam viec',
  'lam nghiep',
  'trien lam',
  'nha nuoc',
  'nha kho',
  'nha xuong',
  'nha may',
  'nha dau',
  'nha dat',
  'nha mang',
  'chua chia',
  'chua che',
  'con lai',
  'ra doi',
  'long ghep',
  'hai long',
  'can bo',
  'can cu',
  'can doi',
  'tiep can',
  'on dinh',
  'bi xu',
  'thiet bi',
  'chuan bi',
  'den bu',
  'ha tang',
  'kha thi',
  'dac biet',
  'an toan',
  'cung cap',
  'cung ung',
  'to chuc',
  'to khai',
  'to dan',
  'to truong',
]);

/** What the pipeline knows about one syllable of the original text, for `SearchTokenOptions.correct`. */
export interface SyllableContext {
  /** Typed with a capital first letter ("Tum" in "Kon Tum"), not at the start of a sentence. */
  capitalised: boolean;
  /** The run of neighbouring capitalised syllables it belongs to, folded (["binh", "duong"]); [] if not capitalised. */
  capitalisedRun: string[];
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

/** Replaces SMS spellings and one-syllable abbreviations (step 2). */
function normaliseSyllables(syllables: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < syllables.length; i++) {
    const s = syllables[i]!;
    // Own entries only: a word like "constructor" must not find Object's.
    const replacement = contextual(s, syllables[i + 1], syllables[i - 1]) ?? ownEntry(SMS_SPELLINGS, s) ?? ownEntry(ABBREVIATIONS, s);
    if (replacement === undefined) out.push(s);
    else if (replacement) out.push(...replacement.split(' '));
  }
  return out;
}

type PhraseIndex = Map<string, Array<{ from: string[]; to: string[] }>>;

/** Phrases indexed by their first syllable, longest first. */
function phraseIndex(pairs: ReadonlyArray<readonly [string, string]>): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const [from, to] of pairs) {
    const f = from.split(' ');
    const list = index.get(f[0]!) ?? [];
    list.push({ from: f, to: to.split(' ') });
    index.set(f[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.from.length - a.from.length);
  return index;
}
const NAME_INDEX = phraseIndex(NAMES);
const SYNONYM_INDEX = phraseIndex(SYNONYMS);

/** Replaces cooperative names, then synonyms, longest phrase first (step 3). */
function applySynonyms(syllables: string[]): string[] {
  return replacePhrases(replacePhrases(syllables, NAME_INDEX), SYNONYM_INDEX);
}

function replacePhrases(syllables: string[], index: PhraseIndex): string[] {
  const out: string[] = [];
  let i = 0;
  outer: while (i < syllables.length) {
    for (const { from, to } of index.get(syllables[i]!) ?? []) {
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
 * syllable ends in "s", "ed" or "ing" (that rhyme is spelt "-inh").
 */
function stemEnglish(token: string): string {
  if (token.length <= 3 || /^\d/.test(token) || STOPWORDS.has(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith('ing') && token.length > 5) return token.slice(0, -3);
  if (token.endsWith('ed') && token.length > 4) return token.slice(0, -2);
  if (/(?:ss|x|ch|sh)es$/.test(token)) return token.slice(0, -2);
  if (token.endsWith('s') && !token.endsWith('ss')) return token.slice(0, -1);
  return token;
}

/** One clause's syllables through steps 2–3 (and the English stemmer). */
function normaliseClause(syllables: string[]): string[] {
  return applySynonyms(normaliseSyllables(syllables)).map(stemEnglish);
}

/** Clauses (split on punctuation) of normalised syllables, stopwords still in. */
function clauses(text: string, options: SearchTokenOptions = {}): string[][] {
  const { correct } = options;
  if (!correct) {
    return foldText(text)
      .split(CLAUSE_BREAK)
      .map((clause) => normaliseClause(clause.split(NOT_WORD).filter(Boolean)))
      .filter((c) => c.length > 0);
  }
  // With a corrector, keep the case of each syllable: a capital inside a sentence marks a name.
  const out: string[][] = [];
  let sentenceStart = true;
  let rest = cleanText(text);
  while (rest.length > 0) {
    const m = CLAUSE_BREAK.exec(rest);
    const raws = (m ? rest.slice(0, m.index) : rest).split(NOT_WORD).filter(Boolean);
    const capitalised = raws.map((raw, i) => {
      const first = raw[0]!;
      return !(sentenceStart && i === 0) && first !== first.toLowerCase() && raw.slice(1) === raw.slice(1).toLowerCase();
    });
    const folded = raws.map((raw) => foldText(raw));
    const syllables: string[] = [];
    raws.forEach((_, i) => {
      let run: string[] = [];
      if (capitalised[i]) {
        let a = i;
        let b = i;
        while (a > 0 && capitalised[a - 1]) a--;
        while (b + 1 < raws.length && capitalised[b + 1]) b++;
        run = folded.slice(a, b + 1);
      }
      const c = correct(folded[i]!, { capitalised: capitalised[i]!, capitalisedRun: run });
      if (c === undefined) syllables.push(folded[i]!);
      else if (c) syllables.push(...c.split(' '));
    });
    const words = normaliseClause(syllables);
    if (words.length > 0) out.push(words);
    if (syllables.length > 0) sentenceStart = false;
    if (!m) break;
    if (SENTENCE_END.test(m[0])) sentenceStart = true;
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/**
 * Which syllables of a clause are kept (step 4): those that are not stopwords, and the stopwords
 * that are half of a meaning word. Pairs are read left to right without overlap, as a reader
 * segments words: in "xa hoi cho nguoi" (xã hội cho người), "xa hoi" is a word, so "cho" is not
 * read as the "chợ" of "hoi cho" (hội chợ).
 */
function keptSyllables(syllables: string[]): boolean[] {
  const keep = syllables.map((s) => !STOPWORDS.has(s) && (s.length > 1 || /\d/.test(s)));
  for (let i = 0; i + 1 < syllables.length; i++) {
    if (KEEP_PAIRS.has(`${syllables[i]} ${syllables[i + 1]}`)) {
      keep[i] = true;
      keep[i + 1] = true;
      i++;
    }
  }
  return keep;
}

/** The separator inside a bigram term: "thue_dat". */
export const BIGRAM_JOINER = '_';

/**
 * The meaningful syllables of `text`, clause by clause, in order: folded, SMS spellings and
 * abbreviations expanded, synonyms applied, stopwords dropped. A gap is kept where a stopword was
 * (as `undefined`), so that only truly neighbouring syllables make a bigram.
 */
export function searchWords(text: string, options: SearchTokenOptions = {}): Array<Array<string | undefined>> {
  return clauses(text, options).map((clause) => {
    const keep = keptSyllables(clause);
    return clause.map((s, i) => (keep[i] ? s : undefined));
  });
}

/**
 * The search terms of `text`: its meaningful syllables (see `searchWords`), then the bigrams of
 * neighbouring ones within a clause ("vay von uu dai" → vay, uu, dai, uu_dai). Repeated terms are
 * kept: term frequency matters when indexing.
 *
 * @example searchTokens('Thuế TNDN của HTX?') // ['thue', 'thu', 'nhap', 'doanh', 'nghiep', 'htx', 'thue_thu', …]
 */
export function searchTokens(text: string, options: SearchTokenOptions = {}): string[] {
  const unigrams: string[] = [];
  const bigrams: string[] = [];
  for (const clause of searchWords(text, options)) {
    clause.forEach((w, i) => {
      if (w === undefined) return;
      unigrams.push(w);
      const prev = clause[i - 1];
      if (prev !== undefined) bigrams.push(`${prev}${BIGRAM_JOINER}${w}`);
    });
  }
  return [...unigrams, ...bigrams];
}

/** True for a bigram term made by `searchTokens`. */
export function isBigram(term: string): boolean {
  return term.includes(BIGRAM_JOINER);
}

/**
 * `text` folded and normalised (SMS spellings undone, synonyms applied), stopwords still in, clauses
 * separated by " | ": what the pipeline made of a question, for logs and debugging.
 */
export function foldForSearch(text: string): string {
  return clauses(text)
    .map((c) => c.join(' '))
    .join(' | ');
}

/**
 * The concepts named by the multi-syllable abbreviations, as the pipeline spells them ("bhxh" →
 * "bao hiem xa hoi"): a question that names one is about it as a whole.
 */
export const ABBREVIATION_CONCEPTS: readonly string[] = [
  ...new Set(
    Object.values(ABBREVIATIONS)
      .map((v) =>
        searchWords(v)
          .flat()
          .filter((w) => w !== undefined)
          .join(' '),
      )
      .filter((phrase) => phrase.includes(' ')),
  ),
];

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
 * The most frequent word of `vocabulary` one edit away from `word` (a letter deleted, inserted or
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
  const words = new Set<string>([...Object.keys(SMS_SPELLINGS), ...Object.keys(ABBREVIATIONS), ...STOPWORDS]);
  for (const [from, to] of [...NAMES, ...SYNONYMS]) for (const w of `${from} ${to}`.split(' ')) words.add(w);
  for (const pair of KEEP_PAIRS) for (const w of pair.split(' ')) words.add(w);
  for (const value of [...Object.values(SMS_SPELLINGS), ...Object.values(ABBREVIATIONS)]) for (const w of value.split(' ')) if (w) words.add(w);
  return words;
}
