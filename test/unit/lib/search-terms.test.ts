import { describe, expect, it } from 'vitest';
import {
  ABBREVIATION_CONCEPTS,
  closestWord,
  foldedSyllables,
  foldForSearch,
  isBigram,
  isVietnameseSyllable,
  searchTokens,
  searchWords,
  SYNONYMS,
} from '../../../src/lib/search-terms.js';

const unigrams = (text: string) => searchTokens(text).filter((t) => !isBigram(t));
const bigrams = (text: string) => searchTokens(text).filter(isBigram);

describe('searchTokens', () => {
  it('gives the same terms with and without diacritics', () => {
    expect(searchTokens('Vay vốn ưu đãi cho hợp tác xã')).toEqual(searchTokens('vay von uu dai cho hop tac xa'));
    expect(searchTokens('ĐĂNG KÝ thành lập')).toEqual(searchTokens('dang ky thanh lap'));
  });

  it('drops function words and the question particle "… không?"', () => {
    expect(unigrams('HTX có được miễn thuế không?')).toEqual(['htx', 'mien', 'thue']);
    expect(unigrams('thủ tục như thế nào ạ')).toEqual(['thu', 'tuc']);
  });

  it('keeps a stopword syllable that is half of a meaning word', () => {
    expect(unigrams('vay tối đa bao nhiêu')).toContain('toi');
    expect(unigrams('hỗ trợ tìm thị trường')).toEqual(expect.arrayContaining(['thi', 'truong']));
    expect(unigrams('htx cho vay nội bộ')).toEqual(['htx', 'cho', 'vay', 'noi', 'bo']);
    expect(unigrams('đi hội chợ triển lãm')).toEqual(expect.arrayContaining(['hoi', 'cho', 'trien', 'lam']));
    expect(unigrams('quỹ chung không chia')).toEqual(['quy', 'chung', 'khong', 'chia']);
    // …but reads pairs left to right: "xã hội" is a word, so "cho" is not the "chợ" of "hội chợ".
    expect(unigrams('bảo hiểm xã hội cho người lao động')).not.toContain('cho');
  });

  it('undoes SMS spellings', () => {
    expect(searchTokens('htx dc vay ko')).toEqual(searchTokens('hợp tác xã được vay không'));
    expect(searchTokens('bn tien')).toEqual(searchTokens('bao nhiêu tiền'));
    expect(unigrams('le fi dang ki')).toEqual(['le', 'phi', 'dang', 'ky']);
  });

  it('expands abbreviations, and folds the cooperative names to theirs', () => {
    expect(unigrams('thuế TNDN')).toEqual(['thue', 'thu', 'nhap', 'doanh', 'nghiep']);
    expect(unigrams('thuế GTGT')).toEqual(unigrams('thuế VAT'));
    expect(unigrams('QSDĐ')).toEqual(['quyen', 'su', 'dung', 'dat']);
    expect(unigrams('NHCSXH')).toEqual(['ngan', 'hang', 'chinh', 'sach', 'xa', 'hoi']);
    expect(unigrams('hỗ trợ KHCN')).toEqual(unigrams('hỗ trợ khoa học công nghệ'));
    expect(unigrams('hỗ trợ CĐS')).toEqual(unigrams('hỗ trợ chuyển đổi số'));
    expect(unigrams('UBND xã')).toEqual(['uy', 'ban', 'nhan', 'dan', 'xa']);
    expect(unigrams('Hợp tác xã')).toEqual(['htx']);
    expect(unigrams('tổ hợp tác')).toEqual(['tht']);
    expect(unigrams('LMHTX')).toEqual(unigrams('liên minh HTX'));
  });

  it('resolves ambiguous abbreviations by their neighbours', () => {
    expect(unigrams('NĐ 113')).toEqual(['nghi', 'dinh', '113']);
    expect(unigrams('tt 09')).toEqual(['thong', 'tu', '09']);
    expect(unigrams('đk vay quỹ')).toEqual(['dieu', 'kien', 'vay', 'quy']);
    expect(unigrams('đk htx ở xã')).toEqual(['dang', 'ky', 'htx', 'xa']);
  });

  it('merges synonyms and common misspellings', () => {
    expect(unigrams('vay vốn')).toEqual(['vay']);
    expect(unigrams('lãi xuất')).toEqual(unigrams('lãi suất'));
    expect(unigrams('xã viên')).toEqual(unigrams('thành viên'));
    expect(unigrams('vay tín chấp')).toEqual(unigrams('vay không thế chấp'));
    expect(unigrams('mở HTX')).toEqual(unigrams('thành lập HTX'));
    expect(unigrams('lập hợp tác xã')).toEqual(unigrams('thành lập HTX'));
  });

  it('adds the bigrams of neighbouring syllables, not across a dropped word or a clause', () => {
    expect(bigrams('thuê đất nông nghiệp')).toEqual(['thue_dat', 'dat_nong', 'nong_nghiep']);
    expect(bigrams('mới ra trường')).toEqual([]); // "mới ra trường" is not "môi trường"
    expect(bigrams('vay quỹ, thuê đất')).toEqual(['vay_quy', 'thue_dat']);
  });

  it('keeps repeated terms (term frequency counts when indexing)', () => {
    expect(unigrams('đất ở, đất lúa').filter((t) => t === 'dat')).toHaveLength(2);
  });

  it('handles English questions with a light stemmer and English stopwords', () => {
    expect(unigrams('Can cooperatives borrow loans without collateral?')).toEqual(['cooperative', 'borrow', 'loan', 'without', 'collateral']);
    expect(unigrams('What is the deadline')).toEqual(['deadline']);
  });

  it('lets a corrector replace or drop a syllable, and tells it which are capitalised', () => {
    const seen: Array<[string, boolean, string[]]> = [];
    const terms = searchTokens('HTX ở Kon Tum vay vốn dc ko', {
      correct: (s, { capitalised, capitalisedRun }) => {
        seen.push([s, capitalised, capitalisedRun]);
        return capitalised ? '' : s === 'von' ? 'vonn' : undefined;
      },
    });
    expect(seen[0]).toEqual(['htx', false, []]); // the first word of a sentence is not a name
    expect(seen.find(([s]) => s === 'kon')).toEqual(['kon', true, ['kon', 'tum']]);
    expect(terms).not.toContain('kon');
    expect(terms).toContain('vonn');
  });

  it('returns nothing for empty, emoji-only or punctuation-only text', () => {
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens('👍👍 ?!')).toEqual([]);
  });
});

describe('searchWords', () => {
  it('marks dropped stopwords as gaps, clause by clause', () => {
    expect(searchWords('HTX có vay được không, lãi bao nhiêu')).toEqual([
      ['htx', undefined, 'vay', undefined, undefined],
      ['lai', 'bao', 'nhieu'],
    ]);
  });
});

describe('foldForSearch', () => {
  it('shows what the pipeline read, stopwords included', () => {
    expect(foldForSearch('HTX vay vốn ở đâu? Lãi xuất bn')).toBe('htx vay o dau | lai suat bao nhieu');
  });
});

describe('SYNONYMS and ABBREVIATION_CONCEPTS', () => {
  it('maps a phrase to itself only as a guard for a shorter synonym inside it', () => {
    for (const [from] of SYNONYMS.filter(([f, t]) => f === t)) {
      expect(
        SYNONYMS.some(([f]) => f !== from && from.includes(f)),
        from,
      ).toBe(true);
    }
  });

  it('lists multi-syllable concepts named by abbreviations', () => {
    expect(ABBREVIATION_CONCEPTS).toEqual(expect.arrayContaining(['bao hiem xa hoi', 'thue thu nhap ca nhan', 'thue thu nhap doanh nghiep']));
    expect(ABBREVIATION_CONCEPTS).not.toContain('htx');
  });
});

describe('isVietnameseSyllable', () => {
  it('accepts possible syllables and rejects typos', () => {
    for (const s of ['nghiep', 'quyen', 'truong', 'khuyen', 'xang', 'gi', 'uy', 'oanh']) expect(isVietnameseSyllable(s), s).toBe(true);
    for (const s of ['kein', 'trein', 'thnah', 'vayy', 'htx', 'tndn']) expect(isVietnameseSyllable(s), s).toBe(false);
  });
});

describe('closestWord', () => {
  const vocabulary = new Map([
    ['kien', 10],
    ['trien', 5],
    ['vien', 8],
    ['ven', 1],
  ]);

  it('finds the most frequent word one edit away, swaps included', () => {
    expect(closestWord('kein', vocabulary)).toBe('kien');
    expect(closestWord('trein', vocabulary)).toBe('trien');
    expect(closestWord('vein', vocabulary)).toBe('vien');
    expect(closestWord('viein', vocabulary)).toBe('vien');
  });

  it('finds nothing further away', () => {
    expect(closestWord('xyzzy', vocabulary)).toBeUndefined();
  });
});

describe('words that are names of Object properties', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('reads %s as a word, not as a property of Object', (word) => {
    expect(() => searchTokens(`${word} htx`)).not.toThrow();
    expect(() => foldedSyllables(word)).not.toThrow();
    expect(() => searchWords(word)).not.toThrow();
  });
});
