/** Numbers and money for people to read, in Vietnamese or English. */

export type NumberLocale = 'vi' | 'en';

const formats = new Map<string, Intl.NumberFormat>();

/** A cached Intl formatter: vi-VN groups with "." and uses a decimal comma, en-US the other way round. */
function format(n: number, locale: NumberLocale, maxFractionDigits: number): string {
  const key = `${locale}:${maxFractionDigits}`;
  let f = formats.get(key);
  if (!f) {
    // signDisplay 'negative': no "-0" for -0 or for a tiny negative number rounded away.
    f = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: maxFractionDigits, signDisplay: 'negative' });
    formats.set(key, f);
  }
  return f.format(n);
}

/** Whole đồng: 1500000000 → vi "1.500.000.000 đ", en "1,500,000,000 VND". */
export function formatMoney(vnd: number, locale: NumberLocale): string {
  return `${format(Math.round(vnd), locale, 0)} ${locale === 'vi' ? 'đ' : 'VND'}`;
}

const SCALES = [
  { size: 1e12, vi: 'nghìn tỷ', en: 'trillion' },
  { size: 1e9, vi: 'tỷ', en: 'billion' },
  { size: 1e6, vi: 'triệu', en: 'million' },
  { size: 1e3, vi: 'nghìn', en: 'thousand' },
] as const;

/**
 * An amount the way people say it, to at most two decimals: 1500000000 → vi "1,5 tỷ đồng",
 * en "1.5 billion VND"; 200000000 → "200 triệu đồng"; 500000 → "500 nghìn đồng"; 500 → "500 đồng".
 */
export function formatMoneyWords(vnd: number, locale: NumberLocale): string {
  const currency = locale === 'vi' ? 'đồng' : 'VND';
  const abs = Math.abs(vnd);
  // The largest unit not above the amount, one up when rounding reaches 1000 of it:
  // 999 000 000 → "999 triệu", 999 999 999 → "1 tỷ" (not "1.000 triệu").
  let k = SCALES.findIndex((s) => abs >= s.size);
  if (k === -1 && Math.round(abs) >= 1000) k = SCALES.length - 1;
  else if (k > 0 && Math.round((abs / SCALES[k]!.size) * 100) >= 100_000) k--;
  const scale = SCALES[k];
  if (!scale) return `${format(Math.round(vnd), locale, 0)} ${currency}`;
  return `${format(vnd / scale.size, locale, 2)} ${scale[locale]} ${currency}`;
}

/** A whole number with grouping: 1200 → vi "1.200", en "1,200". */
export function formatInteger(n: number, locale: NumberLocale): string {
  return format(Math.round(n), locale, 0);
}

/** A percentage to at most two decimals: 12.5 → vi "12,5%", en "12.5%". */
export function formatPercent(n: number, locale: NumberLocale): string {
  return `${format(n, locale, 2)}%`;
}

const plainFormats = new Map<NumberLocale, Intl.NumberFormat>();

/**
 * A number as a spreadsheet reads it back, every digit kept and no grouping: 40.5 → vi "40,5"
 * (decimal comma), en "40.5"; 1500000000 → "1500000000"; -50000000 → "-50000000".
 */
export function formatPlainNumber(n: number, locale: NumberLocale): string {
  let f = plainFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { useGrouping: false, maximumFractionDigits: 20, signDisplay: 'negative' });
    plainFormats.set(locale, f);
  }
  return f.format(n);
}
