import type { T } from '../../i18n/i18n.js';
import type { FormDef } from '../../services/reports/form-definition.js';
import { dayNumber, parseDayKey, vnDay, vnTimeText } from '../../lib/vn-time.js';
import { parsePeriodId, periodWindow, type ReportSchedule } from '../../services/reports/report-schedule.js';

/** "Báo cáo năm 2026", "Báo cáo nhanh quý 3/2026". */
export function reportName(t: T, form: FormDef, period: string): string {
  const p = parsePeriodId(period);
  return p ? t(`forms.${form.id}.named`, { year: p.year, quarter: p.quarter }) : `${t(`forms.${form.id}.short`)} ${period}`;
}

/** A calendar day (YYYY-MM-DD) as dd/mm/yyyy. */
export const dayText = (day: string) => day.split('-').reverse().join('/');

/** An instant as "10:20 23/11/2026", Vietnam time. */
export const timeText = vnTimeText;

/** Whole days from today (Vietnam) to a calendar day; negative when it has passed. */
export function daysUntil(day: string, now: Date): number {
  return dayNumber(parseDayKey(day)) - dayNumber(vnDay(now));
}

/** "hạn 15/12/2026, còn 22 ngày" / "hạn hôm nay (15/12/2026)" / "quá hạn 3 ngày (hạn 15/12/2026)". */
export function deadlineText(t: T, form: FormDef, period: string, s: ReportSchedule, now: Date): string {
  const { deadlineDay } = periodWindow(form, period, s);
  const days = daysUntil(deadlineDay, now);
  const date = dayText(deadlineDay);
  if (days > 0) return t('reports.deadline_ahead', { date, count: days });
  if (days === 0) return t('reports.deadline_today', { date });
  return t('reports.deadline_passed', { date, count: -days });
}
