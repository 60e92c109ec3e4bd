/**
 * Eligibility lines as people read them, short enough for a phone:
 *   "✅ Thuế TNDN 15% (doanh thu năm 2025: 1,5 tỷ ≤ 3 tỷ) · Căn cứ: …"
 *   "❔ Miễn tiền thuê đất …: Cần biết HTX có thuê đất Nhà nước làm trụ sở, kho, xưởng không"
 *   "➖ …: lý do".
 */
import type { Locale, T } from '../../i18n/i18n.js';
import { formatMoneyWords } from '../../lib/format-number.js';
import { askableFact } from '../../services/eligibility/askable-facts.js';
import type { EligibilityLine } from '../../services/eligibility/evaluate-eligibility.js';

/** "1,5 tỷ", "800 triệu" (the unit "đồng" left out: the lines are short). */
export function shortMoney(vnd: number, locale: Locale): string {
  return formatMoneyWords(vnd, locale).replace(/ (?:đồng|VND)$/, '');
}

/** A reason's values ready for its text: amounts in words, sectors by name. */
function shownValues(t: T, locale: Locale, values: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.endsWith('Vnd') && typeof v === 'number') out[k] = shortMoney(v, locale);
    else if (k === 'sector' && typeof v === 'string') out[k] = t(`announcements.sector.${v}`, { defaultValue: v }).toLowerCase();
    else out[k] = v;
  }
  return out;
}

/** The reason's text, or a plain "does not apply" when a value it needs is not known. */
export function reasonText(t: T, locale: Locale, line: EligibilityLine): string {
  const template = String(t(line.reason.key, { skipInterpolation: true, defaultValue: '' }));
  const needed = [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
  if (!template || needed.some((k) => line.reason.values[k] === undefined)) {
    return line.outcome === 'not_applicable' ? t('eligibility.reasons.generic_not_applicable') : line.title[locale];
  }
  return t(line.reason.key, { ...shownValues(t, locale, line.reason.values), interpolation: { escapeValue: false } });
}

/** The names of facts a "maybe" needs ("HTX có ở địa bàn khó khăn không"). */
export function missingText(t: T, facts: readonly string[]): string {
  return facts.map((f) => t(`eligibility.fact.${f}`, { defaultValue: f })).join('; ');
}

/**
 * One line, with its legal basis ("· Căn cứ: …") and, for a checklist, one row per condition. A
 * "maybe" that waits for facts names them (the askable ones) instead of its reason. A reason text
 * that starts in lower case follows the rule's title; one in upper case stands alone ("Thuế TNDN 15% …").
 */
export function lineText(t: T, locale: Locale, line: EligibilityLine, o: { basis?: boolean } = {}): string {
  const mark = t(`eligibility.mark.${line.outcome}`);
  const asked = line.missingFacts.filter((f) => askableFact(f) !== undefined);
  const waiting = line.outcome === 'maybe' && line.missingFacts.length > 0 && !line.reason.key.endsWith('.requires_unknown');
  const reason = waiting ? t('eligibility.need', { facts: missingText(t, asked.length ? asked : line.missingFacts) }) : reasonText(t, locale, line);
  // A reason that starts in lower case completes the rule's title ("Hỗ trợ đào tạo…: có thể đăng ký…").
  const body = /^\p{Ll}/u.test(reason) ? `${line.title[locale]}: ${reason}` : reason;
  const rows = [`${mark} ${body}`];
  for (const c of line.checks ?? [])
    rows.push(t('eligibility.check_line', { mark: t(`eligibility.check_mark.${c.status}`), check: t(`eligibility.checks.${c.key}`) }));
  if (o.basis !== false && line.outcome !== 'not_applicable') {
    rows[0] += ` · ${t('eligibility.basis', { basis: line.legalBasis })}${line.secondary ? t('eligibility.secondary') : ''}`;
  }
  return rows.join('\n');
}
