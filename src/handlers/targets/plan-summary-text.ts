import type { Locale, T } from '../../i18n/i18n.js';
import { formatInteger, formatPercent } from '../../lib/format-number.js';
import type { AreaScope } from '../../services/access/officer-scope.js';
import type { IndicatorValue, PlanSummary } from '../../services/targets/compute-plan-summary.js';

/** "Xã An Bình, Tỉnh Demo", "Tỉnh Demo" or "Cả nước". */
export function areaName(t: T, scope: AreaScope): string {
  if (scope.province && scope.commune) return t('targets.area_commune', { commune: scope.commune, province: scope.province });
  return scope.province ?? t('targets.country');
}

function value(v: IndicatorValue, x: number, locale: Locale, signed = false): string {
  if (v.unit === 'count') return formatInteger(x, locale);
  return `${signed && x > 0 ? '+' : ''}${formatPercent(x, locale)}`;
}

/** One indicator: "✅ HTX xếp loại tốt, khá: 66,67% · 2/3 (60%)". */
export function indicatorLine(t: T, locale: Locale, v: IndicatorValue): string {
  const icon = v.met === true ? '✅' : v.met === false ? '⚠️' : '▫️';
  const growth = v.key === 'revenue_growth_pct';
  let actual = v.actual === null ? t('targets.no_data') : value(v, v.actual, locale, growth);
  // Shares say of how many, the high-tech count of how many reports (not revenue sums or plain counts).
  if (v.actual !== null && !growth && v.numerator !== null && v.denominator !== null) {
    const of = { numerator: formatInteger(v.numerator, locale), denominator: formatInteger(v.denominator, locale) };
    actual = v.unit === 'count' ? t('targets.count_of', of) : `${actual} · ${t('targets.of', of)}`;
  }
  const label = t(`targets.indicators.${v.key}`);
  if (v.target === null) return t('targets.line', { icon, label, actual });
  return t('targets.line_target', { icon, label, actual, target: value(v, v.target, locale, growth) });
}

/** The summary as a short text for a phone: area and year, target set, submissions, one line per indicator. */
export function planSummaryText(t: T, locale: Locale, s: PlanSummary): string {
  const n = (x: number) => formatInteger(x, locale);
  const year = s.period;
  const c = s.cooperatives;
  const lines = [t('targets.title', { area: areaName(t, s.scope), year })];
  lines.push(s.targetSet ? t('targets.target_set', { name: s.targetSet.name }) : t('targets.no_target_set'));
  lines.push(
    t('targets.submitted', {
      submitted: n(c.submitted),
      active: n(c.active),
      share: formatPercent(c.active ? Math.round((c.submitted / c.active) * 1000) / 10 : 0, locale),
    }),
  );
  lines.push(t('targets.active', { cooperatives: n(c.active - c.groups - c.unions), unions: n(c.unions), groups: n(c.groups) }));
  if (!s.indicators.some((v) => v.unit === 'percent' && v.actual !== null)) lines.push(t('targets.no_reports', { year }));
  lines.push('');
  if (s.targetSet) lines.push(t('targets.legend'));
  lines.push(...s.indicators.map((v) => indicatorLine(t, locale, v)));
  const countTargetHidden = s.targetSet && s.indicators.some((v) => v.unit === 'count' && v.target === null && s.targetSet!.targets[v.key] !== undefined);
  if (countTargetHidden) lines.push('', t('targets.count_target_note', { area: s.targetSet!.province ?? t('targets.country') }));
  return lines.join('\n');
}
